/**
 * Fixture batch for the format tests: three Norwegian customers (æ, ø, å in names and cities),
 * three invoices and a credit note with 25 %, 15 % and 0 % VAT, a line discount and a
 * fractional quantity. KIDs follow the Nordea Finans layout of reference §6.4
 * ("9", client number, 8-digit invoice number, "00", MOD10 check digit).
 */
import { CSV_COLUMNS, FactorSchema } from "../../src/config/schema.ts";
import type { TenantSettings } from "../../src/config/schema.ts";
import { mod10CheckDigit } from "../../src/format/kid.ts";
import type { BatchToFormat } from "../../src/format/types.ts";
import type { Address, ArDocument, Customer, DocumentLine, TaxDetail } from "../../src/visma/types.ts";

export type Factor = TenantSettings["factor"];

export const CLIENT_NUMBER = "1234";

export const sgfFactor = (customerFile: "batch" | "new" = "batch"): Factor =>
  FactorSchema.parse({ preset: "nordea-finance", clientNumber: CLIENT_NUMBER, format: { type: "sgf", customerFile } });

export const ehfFactor = (): Factor =>
  FactorSchema.parse({
    preset: "other",
    clientNumber: CLIENT_NUMBER,
    format: {
      type: "ehf",
      assignmentText:
        "Fordringen er overdratt til Nordea Finance Equipment AS. Betaling med KID til konto 6001.05.12347.",
      payeeName: "Nordea Finance Equipment AS",
      payeeOrganizationNumber: "920058817",
      payeeAccount: "60010512347",
      supplier: {
        name: "Acme Verktøy AS",
        organizationNumber: "998877660",
        address: "Verkstedveien 3",
        postalCode: "0484",
        city: "Oslo",
        countryCode: "NO",
      },
    },
  });

export const csvFactor = (overrides: Record<string, unknown> = {}): Factor =>
  FactorSchema.parse({
    preset: "other",
    clientNumber: CLIENT_NUMBER,
    format: {
      type: "csv",
      columns: [...CSV_COLUMNS], // every column the schema knows, in its order
      ...overrides,
    },
  });

export function nordeaKid(invoiceNumber: string): string {
  const body = `9${CLIENT_NUMBER}${invoiceNumber.padStart(8, "0")}00`;
  return body + mod10CheckDigit(body);
}

export function address(line1: string, postalCode: string, city: string, countryId = "NO"): Address {
  return { line1, line2: null, line3: null, postalCode, city, countryId, countryName: null };
}

export function customer(
  number: string,
  name: string,
  corporateId: string | null,
  addr: Address,
  where: "invoice" | "main" = "invoice",
): Customer {
  return {
    number,
    name,
    status: "Active",
    corporateId,
    vatRegistrationId: null,
    currency: "NOK",
    mainAddress: where === "main" ? addr : address("Feil adresse 99", "9999", "Ikke brukt"),
    invoiceAddress: where === "invoice" ? addr : null,
    contact: { name: "Kari Nordmann", email: "kari@example.no", phone: "+47 22 33 44 55" },
    defaultPaymentMethodId: "FACTORING",
    paymentMethodIds: ["FACTORING"],
    createdAt: "2026-01-05T10:00:00.000",
    modifiedAt: "2026-01-05T10:00:00.000",
  };
}

export const CUSTOMERS: Customer[] = [
  customer("10001", "Ærlig Rørlegger AS", "912 345 661", address("Storgata 1", "0155", "Oslo")),
  customer(
    "10002",
    "Østfold Bølgeblikk AS",
    "NO 923456783 MVA",
    address("Industriveien 12", "1606", "Fredrikstad"),
    "main",
  ),
  customer("10003", "Nordlys Fiskeri AS", "934567897", address("Strandvegen 5", "9008", "Tromsø")),
];

export function line(
  lineNumber: number,
  description: string,
  quantity: string,
  unitPriceOre: number,
  amountOre: number,
  vatCodeId: string,
  uom = "STK",
): DocumentLine {
  return { lineNumber, description, quantity, unitPriceOre, amountOre, vatCodeId, uom };
}

export function tax(taxId: string, vatRate: string, taxableOre: number, vatOre: number): TaxDetail {
  return { taxId, vatRate, taxableOre, vatOre };
}

interface DocumentInput {
  type?: ArDocument["type"];
  number: string;
  customer: Customer;
  documentDate: string;
  dueDate: string | null;
  amountOre: number;
  vatOre: number;
  customerRef?: string | null;
  lines: DocumentLine[];
  taxDetails: TaxDetail[];
}

export function document(input: DocumentInput): ArDocument {
  return {
    type: input.type ?? "Invoice",
    number: input.number,
    status: "Open",
    hold: false,
    customer: { number: input.customer.number, name: input.customer.name },
    documentDate: input.documentDate,
    dueDate: input.dueDate,
    createdAt: `${input.documentDate}T09:00:00.000`,
    modifiedAt: `${input.documentDate}T09:00:00.000`,
    currency: "NOK",
    amountOre: input.amountOre,
    balanceOre: input.amountOre,
    vatOre: input.vatOre,
    paymentMethodId: "FACTORING",
    kid: nordeaKid(input.number),
    customerRef: input.customerRef ?? null,
    externalRef: null,
    text: null,
    sendToAutoInvoice: false,
    creditTermsId: "14D",
    invoiceAddress: null,
    lines: input.lines,
    taxDetails: input.taxDetails,
    applications: [],
  };
}

const [aerlig, ostfold, nordlys] = CUSTOMERS as [Customer, Customer, Customer];

export const DOCUMENTS: ArDocument[] = [
  // 2 hours at 1 000,00 + parts 500,00 discounted to 450,00; 25 % VAT.
  document({
    number: "100234",
    customer: aerlig,
    documentDate: "2026-11-25",
    dueDate: "2026-12-09",
    amountOre: 306250,
    vatOre: 61250,
    customerRef: "Kari Nordmann",
    lines: [
      line(1, "Rørleggertjenester", "2", 100000, 200000, "3", "TIME"),
      line(2, "Rør og deler", "1", 50000, 45000, "3"),
    ],
    taxDetails: [tax("3", "25", 245000, 61250)],
  }),
  // 2,5 m at 399,99 = 999,975 → 999,98 (25 %) and food at 15 %.
  document({
    number: "100235",
    customer: ostfold,
    documentDate: "2026-11-25",
    dueDate: "2026-12-25",
    amountOre: 138798,
    vatOre: 26800,
    customerRef: "Ordre 4711/Åse",
    lines: [
      line(1, "Bølgeblikk 0,5 mm", "2.5", 39999, 99998, "3", "M"),
      line(2, "Kaffe og mat", "1", 12000, 12000, "31"),
    ],
    taxDetails: [tax("3", "25", 99998, 25000), tax("31", "15.00", 12000, 1800)],
  }),
  // Credit note on part of 100234.
  document({
    type: "CreditNote",
    number: "100236",
    customer: aerlig,
    documentDate: "2026-11-26",
    dueDate: "2026-11-26",
    amountOre: 12500,
    vatOre: 2500,
    lines: [line(1, "Kreditert: rør i feil dimensjon", "1", 10000, 10000, "3")],
    taxDetails: [tax("3", "25", 10000, 2500)],
  }),
  // Zero-rated freight (Svalbard), customer in Tromsø.
  document({
    number: "100237",
    customer: nordlys,
    documentDate: "2026-11-26",
    dueDate: "2026-12-10",
    amountOre: 150000,
    vatOre: 0,
    customerRef: "Bjørn Ås",
    lines: [line(1, "Frakt til Longyearbyen", "1", 150000, 150000, "0")],
    taxDetails: [tax("0", "0", 150000, 0)],
  }),
];

export function batch(factor: Factor, overrides: Partial<BatchToFormat> = {}): BatchToFormat {
  return {
    tenantId: "acme",
    batchId: "acme-20261127-01",
    businessDate: "2026-11-27",
    sequence: 1,
    factor,
    documents: DOCUMENTS,
    customers: new Map(CUSTOMERS.map((c) => [c.number, c])),
    newCustomers: new Set(["10003"]),
    ...overrides,
  };
}

/** A deep copy to tamper with in a test without touching the shared fixtures. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
