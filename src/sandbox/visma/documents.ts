/**
 * Building realistic documents from a few inputs: lines, VAT per code rounded to the øre,
 * totals that add up exactly, a MOD10 KID and due dates from the credit terms. Used by the
 * store's createInvoice/createCreditNote and by the seed generator.
 */
import { addDays } from "../../shared/time.ts";
import type { Ore } from "../../shared/money.ts";
import { kidMod10 } from "./kid.ts";
import type {
  CreditTerms,
  SandboxAddress,
  SandboxApplication,
  SandboxCustomer,
  SandboxDocument,
  SandboxDocumentType,
  SandboxLine,
  SandboxTaxDetail,
} from "./types.ts";

/** NOK per unit of a foreign currency, as a Norwegian company's currency table holds them. */
export const EXCHANGE_RATES: Readonly<Record<string, number>> = {
  NOK: 1,
  EUR: 11.4852,
  SEK: 1.0213,
  DKK: 1.5397,
  USD: 10.9021,
};

export const DEFAULT_CREDIT_TERMS: CreditTerms[] = [
  { id: "10", description: "10 dager netto", days: 10 },
  { id: "14", description: "14 dager netto", days: 14 },
  { id: "30", description: "30 dager netto", days: 30 },
];

/** Norwegian VAT codes as set up in a typical Visma.net company. */
export const VAT_CODES: Record<number, string> = { 25: "3", 15: "31", 12: "33", 0: "5" };

export interface LineInput {
  description?: string;
  quantity?: number;
  unitPriceOre: Ore;
  /** Percent; default 25. */
  vatRate?: number;
  vatCodeId?: string;
  uom?: string;
}

/** What a test or the seed may say about a new document; everything else gets a default. */
export interface DocumentInput {
  customerNumber?: string; // default: the first customer
  referenceNumber?: string; // default: next number of the document sequence
  status?: string; // default Open
  hold?: boolean; // default status === "Hold"
  documentDate?: string; // yyyy-MM-dd, default today on the sandbox clock
  documentDueDate?: string | null; // default documentDate + credit terms days
  creditTermsId?: string | null; // default "14"
  currencyId?: string; // default the customer's currency
  exchangeRate?: number; // default EXCHANGE_RATES[currency] (1 for NOK)
  lines?: LineInput[];
  /** Gross total incl. VAT; used when `lines` is absent (one 25 % line). Default 1250.00. */
  amountOre?: Ore;
  /** Default: the amount (0 for Closed and Voided documents). */
  balanceOre?: Ore;
  paymentMethodId?: string | null; // default the customer's default method
  paymentReference?: string | null; // default MOD10 KID of customer number + document number
  customerRefNumber?: string | null;
  externalReference?: string | null;
  invoiceText?: string | null;
  sendToAutoInvoice?: boolean; // default false
  invoiceAddress?: SandboxAddress | null;
  applications?: SandboxApplication[];
  createdDateTime?: string;
  lastModifiedDateTime?: string;
}

const shiftedDates = new Map<string, string>();

/**
 * addDays with a cache: the seed shifts the same few hundred dates tens of thousands of times,
 * and luxon parsing dominated generating 5,000 documents.
 */
export function shiftDate(date: string, days: number): string {
  const key = `${date}|${days}`;
  let result = shiftedDates.get(key);
  if (result === undefined) {
    result = addDays(date, days);
    if (shiftedDates.size > 100_000) shiftedDates.clear();
    shiftedDates.set(key, result);
  }
  return result;
}

/** `scaled` / 10 000, rounded half away from zero (integer maths). */
function unscale(scaled: number): number {
  const sign = scaled < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(scaled) + 5_000) / 10_000);
}

/** Net amount of a line: quantity × unit price, rounded half away from zero to the øre. */
export function lineAmount(quantity: number, unitPriceOre: Ore): Ore {
  // Quantities carry at most 4 decimals in Visma.net; scale to an integer to avoid float drift.
  return unscale(Math.round(quantity * 10_000) * unitPriceOre);
}

/** VAT on a taxable amount at `rate` percent, rounded half away from zero to the øre. */
export function vatOf(taxableOre: Ore, rate: number): Ore {
  return unscale(taxableOre * Math.round(rate * 100)); // rate in hundredths of a percent
}

/** Lines with net amounts, tax details grouped per VAT code, totals: all consistent to the øre. */
export function computeLines(inputs: LineInput[]): {
  lines: SandboxLine[];
  taxDetails: SandboxTaxDetail[];
  amountOre: Ore;
  vatTotalOre: Ore;
} {
  const lines: SandboxLine[] = inputs.map((input, i) => {
    const quantity = input.quantity ?? 1;
    const vatRate = input.vatRate ?? 25;
    return {
      lineNumber: i + 1,
      description: input.description ?? "Varer og tjenester",
      quantity,
      unitPriceOre: input.unitPriceOre,
      amountOre: lineAmount(quantity, input.unitPriceOre),
      vatCodeId: input.vatCodeId ?? VAT_CODES[vatRate] ?? String(vatRate),
      vatRate,
      uom: input.uom ?? "STK",
    };
  });
  const groups = new Map<string, SandboxTaxDetail>();
  for (const line of lines) {
    const group = groups.get(line.vatCodeId) ?? {
      taxId: line.vatCodeId,
      vatRate: line.vatRate,
      taxableOre: 0,
      vatOre: 0,
    };
    group.taxableOre += line.amountOre;
    groups.set(line.vatCodeId, group);
  }
  const taxDetails = [...groups.values()].map((g) => ({ ...g, vatOre: vatOf(g.taxableOre, g.vatRate) }));
  const net = lines.reduce((sum, l) => sum + l.amountOre, 0);
  const vatTotalOre = taxDetails.reduce((sum, t) => sum + t.vatOre, 0);
  return { lines, taxDetails, amountOre: net + vatTotalOre, vatTotalOre };
}

/**
 * One 25 % line whose gross total is exactly `grossOre`. Most gross amounts have a net amount
 * n with n + round(n × 25 %) = gross; for the few that do not (25 % skips some øre values),
 * the VAT absorbs the one-øre difference, as Visma.net's rounding difference would.
 */
export function singleLineForGross(grossOre: Ore, description = "Varer og tjenester"): ReturnType<typeof computeLines> {
  const guess = Math.round((grossOre * 4) / 5);
  for (const net of [guess, guess - 1, guess + 1]) {
    if (net + vatOf(net, 25) === grossOre) return computeLines([{ description, unitPriceOre: net, quantity: 1 }]);
  }
  const result = computeLines([{ description, unitPriceOre: guess, quantity: 1 }]);
  const detail = result.taxDetails[0]!;
  detail.vatOre = grossOre - guess;
  return { ...result, vatTotalOre: detail.vatOre, amountOre: grossOre };
}

/** KID body: customer number and document number, digits only. */
export function defaultKid(customerNumber: string, referenceNumber: string): string {
  const body = (customerNumber + referenceNumber).replace(/\D/g, "");
  return kidMod10(body.length > 0 ? body : "0");
}

export function buildDocument(
  type: SandboxDocumentType,
  input: DocumentInput,
  defaults: {
    customer: SandboxCustomer;
    referenceNumber: string;
    today: string;
    now: string;
    creditTerms: CreditTerms[];
  },
): SandboxDocument {
  const { customer } = defaults;
  const referenceNumber = input.referenceNumber ?? defaults.referenceNumber;
  const computed = input.lines
    ? computeLines(input.lines)
    : singleLineForGross(input.amountOre ?? 125_000, type === "CreditNote" ? "Kreditering" : "Varer og tjenester");
  if (input.lines && input.amountOre !== undefined && input.amountOre !== computed.amountOre) {
    throw new Error(
      `document ${referenceNumber}: amountOre ${input.amountOre} does not match the lines' total ${computed.amountOre}; give lines or amountOre, not both`,
    );
  }
  const status = input.status ?? "Open";
  const documentDate = input.documentDate ?? defaults.today;
  const creditTermsId = input.creditTermsId === undefined ? "14" : input.creditTermsId;
  const terms = defaults.creditTerms.find((t) => t.id === creditTermsId);
  const documentDueDate =
    input.documentDueDate !== undefined ? input.documentDueDate : shiftDate(documentDate, terms?.days ?? 14);
  const settled = status === "Closed" || status === "Voided";
  const currencyId = input.currencyId ?? customer.currencyId;
  return {
    documentType: type,
    referenceNumber,
    status,
    hold: input.hold ?? status === "Hold",
    documentDate,
    documentDueDate,
    customerNumber: customer.number,
    currencyId,
    exchangeRate: input.exchangeRate ?? EXCHANGE_RATES[currencyId] ?? 10,
    amountOre: computed.amountOre,
    balanceOre: input.balanceOre ?? (settled ? 0 : computed.amountOre),
    vatTotalOre: computed.vatTotalOre,
    paymentMethodId: input.paymentMethodId === undefined ? customer.defaultPaymentMethodId : input.paymentMethodId,
    paymentReference:
      input.paymentReference === undefined ? defaultKid(customer.number, referenceNumber) : input.paymentReference,
    customerRefNumber: input.customerRefNumber ?? null,
    externalReference: input.externalReference ?? null,
    invoiceText: input.invoiceText ?? null,
    sendToAutoInvoice: input.sendToAutoInvoice ?? false,
    creditTermsId,
    invoiceAddress: input.invoiceAddress ?? null,
    lines: computed.lines,
    taxDetails: computed.taxDetails,
    applications: input.applications ?? [],
    createdDateTime: input.createdDateTime ?? defaults.now,
    lastModifiedDateTime: input.lastModifiedDateTime ?? input.createdDateTime ?? defaults.now,
  };
}
