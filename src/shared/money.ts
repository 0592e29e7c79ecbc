/**
 * Money is held as integer øre (hundredths of the currency unit) in a plain `number`.
 * Integers are exact up to 2^53 øre (about 90 000 billion NOK), far beyond any invoice.
 * Amounts never pass through float arithmetic: API decimals are converted through their
 * decimal text, and sums are integer sums.
 */

/** Integer hundredths of a currency unit, e.g. 125050 = 1 250,50. */
export type Ore = number;

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Converts an API amount (JSON number or decimal string) to øre, exactly.
 * Throws when the value is not a finite decimal or carries a non-zero third decimal
 * (a money amount with fractions of an øre is malformed, not something to round).
 */
export function toOre(value: number | string): Ore {
  return parseOre(value, "exact");
}

/**
 * Like toOre, but a value with more than two decimals (a unit price such as 12.3456) is
 * rounded half away from zero on its decimal text: informational figures only, never totals.
 */
export function toOreRounded(value: number | string): Ore {
  return parseOre(value, "round");
}

/** The decimal text of an API number ("2.5", "0.0000001"), never exponent notation. */
export function decimalText(value: number | string): string {
  return typeof value === "number" ? numberToPlainString(value) : value.trim();
}

function parseOre(value: number | string, mode: "exact" | "round"): Ore {
  if (typeof value === "number") {
    const ore = wholeOre(value);
    if (ore !== undefined) return ore;
  }
  const match = DECIMAL.exec(decimalText(value));
  if (!match) throw new Error(`not a decimal amount: ${JSON.stringify(value)}`);
  const [, minus, whole, fraction = ""] = match;
  let ore = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, "0"));
  if (mode === "exact" && /[1-9]/.test(fraction.slice(2))) {
    throw new Error(`amount has fractions of an øre: ${JSON.stringify(value)}`);
  }
  if (mode === "round" && Number(fraction[2] ?? "0") >= 5) ore += 1;
  if (!Number.isSafeInteger(ore)) throw new Error(`amount out of range: ${JSON.stringify(value)}`);
  return minus && ore !== 0 ? -ore : ore;
}

/**
 * The øre of a JSON number whose decimal text has at most two decimals, without going through
 * the text (a transfer converts tens of thousands of amounts); undefined for anything else, which
 * the text path decides. Exact: below 10^13 the product of value and 100 is within far less than
 * half an øre of the amount its text says, so rounding it gives that amount, and dividing back
 * gives the same double only when the text has no third decimal.
 */
function wholeOre(value: number): Ore | undefined {
  if (!(Math.abs(value) < 1e13)) return undefined;
  const ore = Math.round(value * 100);
  return ore / 100 === value ? ore + 0 : undefined; // + 0: never -0
}

/** The JSON number Visma.net expects for an amount in øre (two decimals, exact text). */
export function oreToApi(ore: Ore): number {
  assertOre(ore);
  return Number(oreToDecimalString(ore));
}

/** "1250.50" for 125050; "-0.05" for -5. Exact, locale-free. */
export function oreToDecimalString(ore: Ore): string {
  assertOre(ore);
  const sign = ore < 0 ? "-" : "";
  const abs = Math.abs(ore);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Norwegian display form with the currency named: "1 250,50 NOK". */
export function formatMoney(ore: Ore, currency: string): string {
  assertOre(ore);
  const sign = ore < 0 ? "−" : "";
  const abs = Math.abs(ore);
  const kroner = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${sign}${kroner},${String(abs % 100).padStart(2, "0")} ${currency}`;
}

export function sumOre(values: Iterable<Ore>): Ore {
  let total = 0;
  for (const v of values) {
    assertOre(v);
    total += v;
  }
  if (!Number.isSafeInteger(total)) throw new Error("sum of amounts out of range");
  return total;
}

export function assertOre(value: unknown): asserts value is Ore {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new Error(`not an integer øre amount: ${String(value)}`);
  }
}

/** Text of a JSON number without exponent notation (1e21 and tiny values are rejected upstream). */
function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite amount: ${value}`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Exponent form only occurs for |x| < 1e-6 or >= 1e21; both are not valid invoice amounts
  // except a float artefact around zero, which toFixed renders exactly enough to judge.
  return value.toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
}
