/**
 * The languages a partner and an accountant read the product in: English and Norwegian bokmål.
 * Per tenant (`reporting.language`), and `--language` for the commands a person runs. The texts
 * themselves are in src/report/messages/ (one catalogue per language); this is only the list.
 */
export const LANGUAGES = ["en", "nb"] as const;

export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = "en";

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}
