/**
 * The amounts of one EHF document, checked to the øre before any XML is written: VAT breakdown
 * per category and rate, the VAT category, unit code and price of each line, and the consistency
 * Peppol BIS 3 validates (BR-CO-10/13/14/15, BR-x-08/09, BR-CO-17, PEPPOL-EN16931-R120). All
 * arithmetic is integer (BigInt where a rate, quantity or price has decimals): no float ever
 * touches an amount.
 */
import type { ZERO_RATE_CATEGORIES } from "../config/schema.ts";
import type { ArDocument, DocumentLine } from "../visma/index.ts";
import { oreToDecimalString, sumOre, type Ore } from "../shared/money.ts";
import { type FieldName, type FieldNote, fieldProblem } from "../shared/format-problems.ts";
import type { Problem } from "./problems.ts";
import { unitCodeOf } from "./unit-codes.ts";

type VatCategory = "S" | (typeof ZERO_RATE_CATEGORIES)[number];

/** The tenant's mapping of 0 % Visma.net VAT codes to Peppol categories (factor.format.vatCategories). */
export type VatCategoryMap = Readonly<
  Record<
    string,
    {
      category: Exclude<VatCategory, "S">;
      exemptionReason?: string | undefined;
      exemptionReasonCode?: string | undefined;
    }
  >
>;

interface VatGroup {
  category: VatCategory;
  /** Rate in percent, normalised decimal text ("25", "11.11", "0"). */
  percent: string;
  taxableOre: Ore;
  vatOre: Ore;
  exemptionReason?: string | undefined;
  exemptionReasonCode?: string | undefined;
}

interface EhfLine {
  id: string;
  name: string;
  /** Quantity as normalised decimal text; its sign follows the line (price is never negative, BR-27). */
  quantity: string;
  unitCode: string;
  /** Item net price as decimal text with at least two decimals and as many as it has (BT-146 is not limited to two). */
  price: string;
  amountOre: Ore;
  /** A line discount (line net amount below quantity × price), written as a line allowance "Rabatt"; 0 for none. */
  allowanceOre: Ore;
  category: VatCategory;
  percent: string;
}

export interface EhfAmounts {
  groups: VatGroup[];
  lines: EhfLine[];
  lineTotalOre: Ore;
  taxExclusiveOre: Ore;
  problems: Problem[];
  /** What the file shows differently from Visma.net without holding the document back. */
  notes: FieldNote[];
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

/** Decimal text without trailing zeros ("2.50" → "2.5", "1000.00" → "1000"). */
function decimalText(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, "0");
  let text = d.scale === 0 ? digits : `${digits.slice(0, -d.scale)}.${digits.slice(-d.scale)}`;
  if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  return (negative && text !== "0" ? "-" : "") + text;
}

const abs = (n: bigint) => (n < 0n ? -n : n);
const pow10 = (n: number) => 10n ** BigInt(n);

/** numerator / denominator rounded half away from zero (the "half up" of EN 16931 for positive amounts). */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const q = (abs(numerator) * 2n + abs(denominator)) / (2n * abs(denominator));
  return negative ? -q : q;
}

/** VAT on `taxableOre` at `percent`, rounded to the øre. */
function vatAt(taxableOre: Ore, percent: string): Ore {
  const rate = parseDecimal(percent, false);
  if (!rate) throw new Error(`not a VAT rate: ${percent}`);
  return Number(divideRounded(BigInt(taxableOre) * rate.units, 100n * pow10(rate.scale)));
}

/**
 * BR-CO-17 / BR-S-09: a VAT subtotal may differ from taxable × rate by less than 1.00 in the
 * document currency (the UBL Schematron compares strictly). Visma.net rounds VAT per line and
 * adds the rounded amounts, so an invoice with many lines legitimately differs by several øre.
 */
const VAT_TOLERANCE_ORE = 100;

/** PEPPOL-EN16931-R120 accepts a line net amount within 0.02 of quantity × price ± adjustments. */
const LINE_SLACK_ORE = 2n;

const groupKey = (category: VatCategory, percent: string) => `${category}|${percent}`;

export function prepareEhfAmounts(document: ArDocument, vatCategories: VatCategoryMap = {}): EhfAmounts {
  const problems: Problem[] = [];
  const notes: FieldNote[] = [];
  const netOre = document.amountOre - document.vatOre;
  const { currency } = document;

  // The VAT breakdown grouped by (category, rate) as BIS 3 wants it, and each Visma tax id's group.
  const keyByTaxId = new Map<string, string>();
  const groups = new Map<string, VatGroup>();
  for (const detail of document.taxDetails) {
    const rate = parseDecimal(detail.vatRate, false);
    if (!rate) {
      problems.push(
        fieldProblem(
          { label: "VAT rate of tax", arg: detail.taxId },
          { code: "not-a-percentage", value: detail.vatRate },
        ),
      );
      continue;
    }
    const percent = decimalText(rate);
    const mapped = Object.hasOwn(vatCategories, detail.taxId) ? vatCategories[detail.taxId] : undefined;
    if (mapped && percent !== "0") {
      problems.push(
        fieldProblem(
          { label: "VAT code", arg: detail.taxId },
          { code: "zero-rate-charged", category: mapped.category, percent },
        ),
      );
    }
    const category: VatCategory = percent === "0" ? (mapped?.category ?? "Z") : "S";
    const reason = category === "S" ? undefined : mapped;
    const key = groupKey(category, percent);
    keyByTaxId.set(detail.taxId, key);
    const group = groups.get(key) ?? {
      category,
      percent,
      taxableOre: 0,
      vatOre: 0,
      exemptionReason: reason?.exemptionReason,
      exemptionReasonCode: reason?.exemptionReasonCode,
    };
    if (
      reason &&
      (group.exemptionReason !== reason.exemptionReason || group.exemptionReasonCode !== reason.exemptionReasonCode)
    ) {
      problems.push(fieldProblem({ label: "VAT code", arg: detail.taxId }, { code: "exemption-reasons", category }));
    }
    group.taxableOre += detail.taxableOre;
    group.vatOre += detail.vatOre;
    groups.set(key, group);
  }
  if (document.taxDetails.length === 0) {
    if (document.vatOre === 0) {
      // ASSUMPTION(A43): a document without tax details and without VAT is zero-rated as a whole.
      groups.set(groupKey("Z", "0"), { category: "Z", percent: "0", taxableOre: netOre, vatOre: 0 });
    } else {
      problems.push(
        fieldProblem({ label: "VAT breakdown" }, { code: "vat-without-details", vatOre: document.vatOre, currency }),
      );
    }
  }
  // A tax detail with nothing on it (0 taxable, 0 VAT) is no rate a line could fall back to.
  const used = [...groups.entries()].filter(([, g]) => g.taxableOre !== 0 || g.vatOre !== 0).map(([k]) => k);
  const onlyKey = used.length === 1 ? used[0] : groups.size === 1 ? [...groups.keys()][0] : undefined;

  const lines: EhfLine[] = [];
  if (document.lines.length === 0) problems.push(fieldProblem({ label: "lines" }, { code: "no-lines" }));
  for (const line of document.lines) {
    const prepared = prepareLine(line, keyByTaxId, groups, onlyKey, problems, notes);
    if (prepared) lines.push(prepared);
  }

  const lineTotalOre = sumOre(document.lines.map((l) => l.amountOre));
  const taxableTotal = document.taxDetails.length === 0 ? netOre : sumOre(document.taxDetails.map((d) => d.taxableOre));
  const vatTotal = sumOre(document.taxDetails.map((d) => d.vatOre));
  if (lineTotalOre !== netOre) {
    problems.push(
      fieldProblem({ label: "line amounts" }, { code: "lines-sum", linesOre: lineTotalOre, netOre, currency }),
    );
  }
  if (taxableTotal !== netOre) {
    problems.push(
      fieldProblem({ label: "taxable amounts" }, { code: "taxable-sum", taxableOre: taxableTotal, netOre, currency }),
    );
  }
  if (document.taxDetails.length > 0 && vatTotal !== document.vatOre) {
    problems.push(
      fieldProblem(
        { label: "VAT amounts" },
        { code: "vat-sum", detailsOre: vatTotal, vatOre: document.vatOre, currency },
      ),
    );
  }
  for (const [key, group] of groups) {
    const ofGroup = lines.filter((l) => groupKey(l.category, l.percent) === key);
    // BR-S-08: a breakdown row needs lines; a row no line uses and that carries nothing is left out.
    if (ofGroup.length === 0 && group.taxableOre === 0 && group.vatOre === 0) {
      groups.delete(key);
      continue;
    }
    const field = {
      label: "VAT",
      arg: `${group.percent}%${group.category === "S" || group.category === "Z" ? "" : ` (${group.category})`}`,
    } as const;
    const linesOfGroup = sumOre(ofGroup.map((l) => l.amountOre));
    if (lines.length === document.lines.length && linesOfGroup !== group.taxableOre) {
      problems.push(
        fieldProblem(field, {
          code: "rate-lines-sum",
          percent: group.percent,
          linesOre: linesOfGroup,
          taxableOre: group.taxableOre,
          currency,
        }),
      );
    }
    if (group.category === "S") {
      const expected = vatAt(group.taxableOre, group.percent);
      if (Math.abs(expected - group.vatOre) >= VAT_TOLERANCE_ORE) {
        problems.push(
          fieldProblem(field, {
            code: "rate-vat",
            vatOre: group.vatOre,
            taxableOre: group.taxableOre,
            expectedOre: expected,
            toleranceOre: VAT_TOLERANCE_ORE,
            currency,
          }),
        );
      }
    } else if (group.vatOre !== 0) {
      problems.push(
        fieldProblem(field, { code: "zero-rate-vat", category: group.category, vatOre: group.vatOre, currency }),
      );
    }
  }
  problems.push(...categoryMixProblems([...groups.values()]));
  const sorted = [...groups.values()].sort(compareGroups);
  return { groups: sorted, lines, lineTotalOre, taxExclusiveOre: netOre, problems, notes };
}

/** Combinations Peppol refuses or this product cannot fill in. */
function categoryMixProblems(groups: readonly VatGroup[]): Problem[] {
  const categories = new Set(groups.map((g) => g.category));
  const problems: Problem[] = [];
  if (categories.has("O") && categories.size > 1) {
    problems.push(fieldProblem({ label: "VAT categories" }, { code: "category-o-mixed" }));
  }
  if (categories.has("K")) {
    problems.push(fieldProblem({ label: "VAT categories" }, { code: "category-k" }));
  }
  return problems;
}

/** S by rate, highest first, then the 0 % categories alphabetically: the same document always writes the same order. */
function compareGroups(a: VatGroup, b: VatGroup): number {
  if (a.category === "S" && b.category === "S") return comparePercent(b.percent, a.percent);
  if (a.category === "S" || b.category === "S") return a.category === "S" ? -1 : 1;
  return a.category.localeCompare(b.category);
}

function comparePercent(a: string, b: string): number {
  const x = parseDecimal(a, false)!;
  const y = parseDecimal(b, false)!;
  const scale = Math.max(x.scale, y.scale);
  const xu = x.units * pow10(scale - x.scale);
  const yu = y.units * pow10(scale - y.scale);
  return xu < yu ? -1 : xu > yu ? 1 : 0;
}

function prepareLine(
  line: DocumentLine,
  keyByTaxId: ReadonlyMap<string, string>,
  groups: ReadonlyMap<string, VatGroup>,
  onlyKey: string | undefined,
  problems: Problem[],
  notes: FieldNote[],
): EhfLine | null {
  const field = { label: "line", arg: String(line.lineNumber) } as const;
  const name = line.description?.trim() ?? "";
  let ok = true;
  if (name === "") {
    problems.push(fieldProblem(field, { code: "no-description" }));
    ok = false;
  }
  const quantity = parseDecimal(line.quantity, true);
  if (!quantity) {
    problems.push(fieldProblem(field, { code: "quantity-not-decimal", value: line.quantity }));
    ok = false;
  }
  // ASSUMPTION(A44): a line without a matching VAT code takes the document's only rate when there is one.
  const key = (line.vatCodeId !== null ? keyByTaxId.get(line.vatCodeId) : undefined) ?? onlyKey;
  const group = key !== undefined ? groups.get(key) : undefined;
  if (!group) {
    problems.push(fieldProblem(field, { code: "line-vat-code", vatCode: line.vatCodeId }));
    ok = false;
  }
  const priced = quantity ? linePrice(line, quantity, field, problems, notes) : null;
  if (!ok || !priced || !group) return null;

  const unit = unitCodeOf(line.uom);
  if (!unit.known) {
    notes.push({ field, note: { code: "unit-unknown", unit: line.uom?.trim() ?? null, written: unit.code } });
  }
  return {
    id: String(line.lineNumber),
    name,
    quantity: decimalText(priced.quantity),
    unitCode: unit.code,
    price: withCents(decimalText(priced.price)),
    amountOre: line.amountOre,
    allowanceOre: priced.allowanceOre,
    category: group.category,
    percent: group.percent,
  };
}

/**
 * Quantity, item net price and line allowance so that quantity × price − allowance is the line
 * amount within R120's 0.02 (price never negative, BR-27: a negative price turns the quantity).
 * The price is Visma.net's own unit price with all its decimals. A line amount below quantity ×
 * price on a positive line is a line discount ("Rabatt", which Visma.net lines have). Anything
 * else (an amount above quantity × price, a discounted negative line, no unit price) is written
 * with the net price amount ÷ quantity, which invents no charge or discount; when Visma.net had a
 * unit price, the run summary says so.
 */
function linePrice(
  line: DocumentLine,
  quantity: Decimal,
  field: FieldName,
  problems: Problem[],
  notes: FieldNote[],
): { quantity: Decimal; price: Decimal; allowanceOre: Ore } | null {
  // Lines built before the API's decimal text was kept carry only the rounded øre price.
  const given = line.unitPrice === undefined ? oreToDecimalString(line.unitPriceOre) : line.unitPrice;
  const unitPrice = given === null ? null : parseDecimal(given, true);
  if (given !== null && !unitPrice) {
    problems.push(fieldProblem(field, { code: "unit-price-not-decimal", value: given }));
    return null;
  }
  const amount = BigInt(line.amountOre);
  if (unitPrice) {
    const flip = unitPrice.units < 0n;
    const q: Decimal = flip ? { units: -quantity.units, scale: quantity.scale } : quantity;
    const p: Decimal = { units: abs(unitPrice.units), scale: unitPrice.scale };
    const scale = pow10(q.scale + p.scale);
    const grossScaled = q.units * p.units * 100n; // øre × 10^(q.scale + p.scale)
    const diff = amount * scale - grossScaled;
    if (abs(diff) <= LINE_SLACK_ORE * scale) return { quantity: q, price: p, allowanceOre: 0 };
    if (grossScaled > 0n && diff < 0n && amount >= 0n) {
      const allowance = divideRounded(grossScaled, scale) - amount;
      return { quantity: q, price: p, allowanceOre: Number(allowance) };
    }
  }
  if (quantity.units === 0n) {
    problems.push(fieldProblem(field, { code: "quantity-zero", amountOre: line.amountOre }));
    return null;
  }
  const net = netPrice(amount, quantity);
  if (unitPrice) {
    const gross = decimalText({ units: quantity.units * unitPrice.units, scale: quantity.scale + unitPrice.scale });
    notes.push({
      field,
      note: {
        code: "net-price",
        quantity: decimalText(quantity),
        unitPrice: decimalText(unitPrice),
        gross: withCents(gross),
        amountOre: line.amountOre,
        net: withCents(decimalText(net.price)),
      },
    });
  }
  return { quantity: net.quantity, price: net.price, allowanceOre: 0 };
}

/** amount ÷ quantity with the fewest decimals (at least 2, at most 10) that keeps quantity × price within 1 øre of the amount. */
function netPrice(amountOre: bigint, quantity: Decimal): { quantity: Decimal; price: Decimal } {
  // The price is positive; the quantity carries the line's sign.
  const q: Decimal =
    amountOre < 0n !== quantity.units < 0n ? { units: -quantity.units, scale: quantity.scale } : quantity;
  const target = abs(amountOre);
  const qu = abs(q.units);
  for (let decimals = 2; ; decimals++) {
    // price units (10^-decimals) = amount/100 ÷ (qu/10^q.scale)
    const units = divideRounded(target * pow10(q.scale + decimals), 100n * qu);
    const back = qu * units * 100n; // øre × 10^(q.scale + decimals)
    if (decimals >= 10 || abs(back - target * pow10(q.scale + decimals)) <= pow10(q.scale + decimals)) {
      return { quantity: q, price: { units, scale: decimals } };
    }
  }
}

/** "2000" → "2000.00", "12.5" → "12.50", "3703.701" stays. */
function withCents(text: string): string {
  const [whole, fraction = ""] = text.split(".");
  return `${whole}.${fraction.padEnd(2, "0")}`;
}
