/** What XML 1.0 can carry: the tenant-file validator and the EHF writer both ask. */

/**
 * The first character XML 1.0 cannot carry at all, as "U+XXXX", or null: C0 controls other than
 * tab, LF and CR, U+FFFE/U+FFFF and lone surrogates. Such text must never reach an XML file.
 */
export function xmlIllegalChar(text: string): string | null {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const legal =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      code >= 0x10000;
    if (!legal) return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return null;
}
