/**
 * Replaces known secret values with "***" in any text that may reach a log, an error or an
 * issue. Used by the Visma.net client (client secret, live tokens) and the SFTP delivery
 * (password, key, passphrase).
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  constructor(secrets: Iterable<string | null | undefined> = []) {
    for (const s of secrets) this.add(s);
  }

  add(secret: string | null | undefined): void {
    // Very short values would blank out ordinary words; real secrets are long.
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join("***");
    // Belt and braces: bearer tokens and form-encoded secrets we may not have been told about.
    out = out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, "$1***");
    out = out.replace(/(client_secret=)[^&\s"]+/gi, "$1***");
    return out;
  }
}
