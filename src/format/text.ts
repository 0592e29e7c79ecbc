/**
 * Text from Visma.net and the tenant file on its way into a factor's file: Unicode
 * normalisation, the characters a charset or XML cannot carry, and spreadsheet formulas.
 */

/**
 * Invisible or typographic characters with a plain equivalent that every charset carries:
 * non-breaking and thin spaces become a space, soft hyphens and zero-width characters vanish,
 * dashes and curly quotes become ASCII. Applied to Latin-1 files only (UTF-8 carries them).
 */
const PLAIN: Readonly<Record<string, string>> = {
  "\u00a0": " ", // no-break space
  "\u2007": " ", // figure space
  "\u2009": " ", // thin space
  "\u202f": " ", // narrow no-break space
  "\u00ad": "", // soft hyphen
  "\u200b": "", // zero-width space
  "\u200c": "",
  "\u200d": "",
  "\u2060": "", // word joiner
  "\ufeff": "", // zero-width no-break space (a stray BOM)
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2212": "-", // minus sign
  "\u2018": "'",
  "\u2019": "'",
  "\u201a": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u2026": "...",
};
const PLAIN_PATTERN = new RegExp(`[${Object.keys(PLAIN).join("")}]`, "gu");

/** NFC: a decomposed "Å" (A + combining ring) becomes the one character Latin-1 and most parsers expect. */
export function nfc(text: string): string {
  return text.normalize("NFC");
}

/**
 * Text latin1Text can change: a character of PLAIN, or one from U+0300 on (combining marks and
 * everything NFC may compose or replace). Below U+0300 every character is its own NFC form and
 * none combines with its neighbour, so most values (ASCII, Norwegian letters) skip the work.
 */
const MAY_CHANGE = /[\u00a0\u00ad\u0300-\uffff]/;

/** NFC, then the plain equivalents above: what a Latin-1 file is given. */
export function latin1Text(text: string): string {
  if (!MAY_CHANGE.test(text)) return text;
  return nfc(text).replace(PLAIN_PATTERN, (ch) => PLAIN[ch]!);
}

/** A character a Latin-1 file cannot carry as text: a C0/C1 control or anything above U+00FF. */
const NON_LATIN1 = /[^\x20-\x7e\xa0-\xff]/u; // u: a surrogate pair is one character, as in for…of
const EVERY_NON_LATIN1 = new RegExp(NON_LATIN1.source, "gu");
/** The same by UTF-16 code unit (a surrogate is above U+00FF too): the faster yes/no test. */
const NON_LATIN1_UNIT = new RegExp(NON_LATIN1.source);

/**
 * First character of `text` that a Latin-1 (ISO-8859-1) file cannot carry as text, or null:
 * anything above U+00FF and the C0/C1 control characters.
 */
export function firstNonLatin1(text: string): string | null {
  return isLatin1(text) ? null : NON_LATIN1.exec(text)![0];
}

/** Can a Latin-1 file carry all of `text` (firstNonLatin1 finds nothing)? */
export function isLatin1(text: string): boolean {
  return !NON_LATIN1_UNIT.test(text);
}

/** `text` with every character Latin-1 cannot carry replaced by "?" (for optional fields only). */
export function latin1Lossy(text: string): string {
  return text.replace(EVERY_NON_LATIN1, "?");
}

export { describeChar } from "../shared/format-problems.ts";

/**
 * A cell a spreadsheet would run as a formula (OWASP "CSV injection"): starting with = + - @,
 * also after leading whitespace. Tab and CR are control characters, which the CSV refuses anyway.
 */
const FORMULA_START = /^\s*[=+\-@]/u;

/** The cell prefixed with an apostrophe when a spreadsheet would run it as a formula. */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}
