/**
 * The amounts of one EHF document, checked to the øre before any XML is written: VAT breakdown
 * per rate, the VAT category and price of each line, and the consistency Peppol BIS 3 validates
 * (BR-CO-10/13/14/15, BR-S-08/BR-Z-08, BR-CO-17, PEPPOL-EN16931-R120). All arithmetic is integer
 * (BigInt where a rate or quantity has decimals): no float ever touches an amount.
 */
import type { ArDocument, DocumentLine } from "../visma/types.ts";
import { sumOre, type Ore } from "../shared/money.ts";
import type { Problem } from "./problems.ts";

type VatCategory = "S" | "Z";

interface VatGroup {
  category: VatCategory;
  /** Rate in percent, normalised decimal text ("25", "11.11", "0"). */
  percent: string;
  taxableOre: Ore;
  vatOre: Ore;
}

interface EhfLine {
  id: string;
  name: string;
  /** Quantity as normalised decimal text; its sign follows the line (price is never negative, BR-27). */
  quantity: string;
  unitCode: string;
  priceOre: Ore;
  amountOre: Ore;
  /** Line net amount − quantity × price: > 0 a line charge, < 0 a line allowance (R120). */
  adjustmentOre: Ore;
  category: VatCategory;
  percent: string;
}

export interface EhfAmounts {
  groups: VatGroup[];
  lines: EhfLine[];
  lineTotalOre: Ore;
  taxExclusiveOre: Ore;
  problems: Problem[];
}

interface Decimal {
  /** value = units / 10^scale */
  units: bigint;
  scale: number;
}

function parseDecimal(text: string, allowNegative: boolean): Decimal | null {
  const match = (allowNegative ? /^(-?)(\d+)(?:\.(\d+))?$/ : /^()(\d+)(?:\.(\d+))?$/).exec(text.trim());
  if (!match) return null;
  const [, minus, whole = "0", fraction = ""] = match;
  const units = BigInt(whole + fraction) * (minus ? -1n : 1n);
  return { units, scale: fraction.length };
}

function decimalText(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, "0");
  let text = d.scale === 0 ? digits : `${digits.slice(0, -d.scale)}.${digits.slice(-d.scale)}`;
  if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  return (negative && text !== "0" ? "-" : "") + text;
}

/** numerator / denominator rounded half away from zero (the "half up" of EN 16931 for positive amounts). */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (2n * d);
  return negative ? -q : q;
}

/** VAT on `taxableOre` at `percent`, rounded to the øre. */
function vatAt(taxableOre: Ore, percent: string): Ore {
  const rate = parseDecimal(percent, false);
  if (!rate) throw new Error(`not a VAT rate: ${percent}`);
  return Number(divideRounded(BigInt(taxableOre) * rate.units, 100n * 10n ** BigInt(rate.scale)));
}

/**
 * Visma.net units of measure → UN/ECE Recommendation 20 codes, which Peppol requires.
 * ASSUMPTION: an unknown or missing unit becomes "C62" (one/unit) rather than holding the invoice back.
 */
const UNIT_CODES: Readonly<Record<string, string>> = {
  STK: "EA", STYKK: "EA", PCS: "EA", EA: "EA", EACH: "EA",
  TIME: "HUR", TIMER: "HUR", HOUR: "HUR", HOURS: "HUR", HR: "HUR", T: "HUR",
  DAG: "DAY", DAGER: "DAY", DAY: "DAY", DAYS: "DAY",
  MND: "MON", MONTH: "MON", MÅNED: "MON",
  KG: "KGM", G: "GRM", M: "MTR", METER: "MTR", KM: "KMT", L: "LTR", LITER: "LTR", M2: "MTK", M3: "MTQ",
};

function unitCodeOf(uom: string | null): string {
  return (uom && UNIT_CODES[uom.trim().toUpperCase()]) || "C62";
}

export function prepareEhfAmounts(document: ArDocument): EhfAmounts {
  const problems: Problem[] = [];
  const netOre = document.amountOre - document.vatOre;

  // Rates by Visma tax id, and the VAT breakdown grouped by (category, rate) as BIS 3 wants it.
  const rateByTaxId = new Map<string, string>();
  const groupByPercent = new Map<string, VatGroup>();
  for (const detail of document.taxDetails) {
    const rate = parseDecimal(detail.vatRate, false);
    if (!rate) {
      problems.push({ field: `VAT rate of tax ${detail.taxId}`, message: `${JSON.stringify(detail.vatRate)} is not a percentage` });
      continue;
    }
    const percent = decimalText(rate);
    rateByTaxId.set(detail.taxId, percent);
    const group = groupByPercent.get(percent) ?? { category: categoryOf(percent), percent, taxableOre: 0, vatOre: 0 };
    group.taxableOre += detail.taxableOre;
    group.vatOre += detail.vatOre;
    groupByPercent.set(percent, group);
  }
  if (document.taxDetails.length === 0) {
    if (document.vatOre === 0) {
      // ASSUMPTION: a document without tax details and without VAT is zero-rated as a whole.
      groupByPercent.set("0", { category: "Z", percent: "0", taxableOre: netOre, vatOre: 0 });
    } else {
      problems.push({ field: "VAT breakdown", message: `the document has ${document.vatOre} øre VAT but no tax details` });
    }
  }
  const percents = [...groupByPercent.keys()];
  const onlyPercent = percents.length === 1 ? percents[0] : undefined;

  const lines: EhfLine[] = [];
  if (document.lines.length === 0) problems.push({ field: "lines", message: "the document has no lines; EHF needs at least one" });
  for (const line of document.lines) {
    const prepared = prepareLine(line, rateByTaxId, onlyPercent, problems);
    if (prepared) lines.push(prepared);
  }

  const lineTotalOre = sumOre(document.lines.map((l) => l.amountOre));
  const taxableTotal = document.taxDetails.length === 0 ? netOre : sumOre(document.taxDetails.map((d) => d.taxableOre));
  const vatTotal = sumOre(document.taxDetails.map((d) => d.vatOre));
  if (lineTotalOre !== netOre) {
    problems.push({ field: "line amounts", message: `lines add up to ${lineTotalOre} øre but amount − VAT is ${netOre} øre` });
  }
  if (taxableTotal !== netOre) {
    problems.push({ field: "taxable amounts", message: `tax details' taxable amounts add up to ${taxableTotal} øre but amount − VAT is ${netOre} øre` });
  }
  if (document.taxDetails.length > 0 && vatTotal !== document.vatOre) {
    problems.push({ field: "VAT amounts", message: `tax details' VAT adds up to ${vatTotal} øre but the document VAT is ${document.vatOre} øre` });
  }
  for (const group of groupByPercent.values()) {
    const linesOfGroup = sumOre(lines.filter((l) => l.percent === group.percent).map((l) => l.amountOre));
    if (lines.length === document.lines.length && linesOfGroup !== group.taxableOre) {
      problems.push({
        field: `VAT ${group.percent}%`,
        message: `lines at ${group.percent}% add up to ${linesOfGroup} øre but the taxable amount at that rate is ${group.taxableOre} øre`,
      });
    }
    const expected = vatAt(group.taxableOre, group.percent);
    // Visma.net rounds VAT per line and adds the rounded amounts, so the subtotal may differ from
    // VAT on the summed taxable amount by an øre; BR-CO-17 in the current CEN rules tolerates up
    // to ±1 currency unit, so ±1 øre is still valid everywhere while anything more is an error.
    if (Math.abs(expected - group.vatOre) > 1) {
      problems.push({
        field: `VAT ${group.percent}%`,
        message: `VAT ${group.vatOre} øre on taxable ${group.taxableOre} øre should be ${expected} øre (±1)`,
      });
    }
    if (group.category === "Z" && group.vatOre !== 0) {
      problems.push({ field: "VAT 0%", message: `zero-rated subtotal carries ${group.vatOre} øre VAT` });
    }
  }
  const groups = [...groupByPercent.values()].sort((a, b) => comparePercent(b.percent, a.percent));
  return { groups, lines, lineTotalOre, taxExclusiveOre: netOre, problems };
}

/** ASSUMPTION: rate > 0 is category S (standard/reduced), rate 0 is Z (zero rated); E/O are not derivable from Visma's tax details. */
function categoryOf(percent: string): VatCategory {
  return percent === "0" ? "Z" : "S";
}

function comparePercent(a: string, b: string): number {
  const x = parseDecimal(a, false)!;
  const y = parseDecimal(b, false)!;
  const scale = Math.max(x.scale, y.scale);
  const xu = x.units * 10n ** BigInt(scale - x.scale);
  const yu = y.units * 10n ** BigInt(scale - y.scale);
  return xu < yu ? -1 : xu > yu ? 1 : 0;
}

function prepareLine(
  line: DocumentLine,
  rateByTaxId: ReadonlyMap<string, string>,
  onlyPercent: string | undefined,
  problems: Problem[],
): EhfLine | null {
  const field = `line ${line.lineNumber}`;
  const name = line.description?.trim() ?? "";
  let ok = true;
  if (name === "") {
    problems.push({ field, message: "the line has no description; the item name is mandatory in EHF" });
    ok = false;
  }
  const quantity = parseDecimal(line.quantity, true);
  if (!quantity) {
    problems.push({ field, message: `quantity ${JSON.stringify(line.quantity)} is not a decimal number` });
    ok = false;
  }
  // ASSUMPTION: a line without a matching VAT code takes the document's only rate when there is one.
  const percent = (line.vatCodeId !== null ? rateByTaxId.get(line.vatCodeId) : undefined) ?? onlyPercent;
  if (percent === undefined) {
    problems.push({
      field,
      message: `VAT code ${JSON.stringify(line.vatCodeId)} matches none of the document's tax details, so its VAT rate is unknown`,
    });
    ok = false;
  }
  if (!ok || !quantity || percent === undefined) return null;

  // BR-27: the item price must not be negative; a negative unit price becomes a negative quantity.
  const flip = line.unitPriceOre < 0;
  const qty: Decimal = flip ? { units: -quantity.units, scale: quantity.scale } : quantity;
  const priceOre = Math.abs(line.unitPriceOre);
  const grossOre = Number(divideRounded(qty.units * BigInt(priceOre), 10n ** BigInt(qty.scale)));
  return {
    id: String(line.lineNumber),
    name,
    quantity: decimalText(qty),
    unitCode: unitCodeOf(line.uom),
    priceOre,
    amountOre: line.amountOre,
    adjustmentOre: line.amountOre - grossOre,
    category: categoryOf(percent),
    percent,
  };
}
