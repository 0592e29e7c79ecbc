/**
 * Document numbers in their natural order ("9" before "10"), exactly as
 * `a.localeCompare(b, "en", { numeric: true })` orders them, through one collator for the process:
 * localeCompare with options builds a collator per comparison (about 10 µs), which made sorting a
 * day's 5,000 documents cost most of a second.
 */
const NUMBERS = new Intl.Collator("en", { numeric: true });

export function compareNumbers(a: string, b: string): number {
  return NUMBERS.compare(a, b);
}
