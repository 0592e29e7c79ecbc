/**
 * A varied set of documents through the EHF formatter, each file checked against the Peppol
 * BIS Billing 3 rules the product can check itself (peppol-rules.ts): three VAT rates, a
 * zero-rated and an exempt line, a negative line, per-line VAT rounding, a price with three
 * decimals, a credit note with and without a credited invoice, EUR, `&<>"'` and æøå in names, and
 * a 200-character name.
 */
import { describe, expect, it } from "vitest";
import { FactorSchema } from "../../src/config/schema.ts";
import { formatterFor } from "../../src/format/index.ts";
import type { ArDocument, Customer, DocumentLine } from "../../src/visma/types.ts";
import { address, customer, document, ehfFactor, nordeaKid } from "./fixtures.ts";
import { peppolProblems } from "./peppol-rules.ts";
import { all, parse, path, text } from "./xml.ts";

const base = ehfFactor();
const factor = FactorSchema.parse({
  ...base,
  currencies: ["NOK", "EUR"],
  format: {
    ...base.format,
    vatCategories: { "5": { category: "E", exemptionReason: "Unntatt etter merverdiavgiftsloven § 3-5" } },
  },
});
const formatter = formatterFor(factor.format);

const RATES: Record<string, string> = { "3": "25", "31": "15", "33": "12", "0": "0", "5": "0" };

/** A line as Visma.net sends it: amount = quantity × price rounded to the øre. */
function visLine(
  n: number,
  description: string,
  quantity: string,
  unitPrice: string,
  vatCodeId: string,
  uom = "STK",
): DocumentLine {
  const q = Number(quantity);
  const amountOre = Math.round(q * Number(unitPrice) * 100);
  return {
    lineNumber: n,
    description,
    quantity,
    unitPriceOre: Math.round(Number(unitPrice) * 100),
    unitPrice,
    amountOre,
    vatCodeId,
    uom,
  };
}

/** Tax details and totals the way Visma.net adds them up: VAT rounded per line, then summed per code. */
function withTotals(d: ArDocument): ArDocument {
  const byCode = new Map<string, { taxable: number; vat: number }>();
  for (const l of d.lines) {
    const rate = Number(RATES[l.vatCodeId!]);
    const row = byCode.get(l.vatCodeId!) ?? { taxable: 0, vat: 0 };
    row.taxable += l.amountOre;
    row.vat += Math.sign(l.amountOre) * Math.round((Math.abs(l.amountOre) * rate) / 100);
    byCode.set(l.vatCodeId!, row);
  }
  d.taxDetails = [...byCode].map(([taxId, r]) => ({
    taxId,
    vatRate: RATES[taxId]!,
    taxableOre: r.taxable,
    vatOre: r.vat,
  }));
  d.vatOre = d.taxDetails.reduce((s, t) => s + t.vatOre, 0);
  d.amountOre = d.taxDetails.reduce((s, t) => s + t.taxableOre, 0) + d.vatOre;
  d.balanceOre = d.amountOre;
  return d;
}

const HOSTILE = `Ærlig & Sønn <Rør> "Nord" 'Vest' AS`;
const LONG =
  `Øvre Årdal Bærekraftige Entreprenørforretning og Maskinutleie for Vestlandet, Nordland og Trøndelag – avdeling for anlegg, vedlikehold, graving, sprengning, transport og snørydding i fjellet AS`.padEnd(
    200,
    "ø",
  );

const a = customer("20001", HOSTILE, "974760673", address(`Bryggen 1 & 2 <bak>`, "5003", "Bergen"));
const b = customer("20002", LONG, "974761076", address("Fjordgata 5", "6885", "Årdalstangen"));
const customers = new Map<string, Customer>([a, b].map((c) => [c.number, c]));

const invoice = withTotals(
  document({
    number: "200001",
    customer: a,
    documentDate: "2026-11-25",
    dueDate: "2026-12-09",
    amountOre: 0,
    vatOre: 0,
    customerRef: `PO "17" & <Åse>`,
    lines: [
      visLine(1, "Montering & service <dag>", "3", "1234.567", "3", "TIME"),
      visLine(2, "Lunsj til mannskapet", "2", "99.90", "31"),
      visLine(3, "Persontransport", "1", "450.00", "33"),
      visLine(4, "Avis (nullsats)", "1", "50.00", "0"),
      visLine(5, "Kurs (unntatt)", "1", "800.00", "5"),
      visLine(6, "Rabatt fast kunde", "1", "-200.00", "3"),
      ...[7, 8, 9, 10, 11].map((n) => visLine(n, `Skive ${n}`, "1", "0.10", "3")),
      visLine(12, "Strøm", "12.5", "1.2345", "3", "KWH"),
    ],
    taxDetails: [],
  }),
);
invoice.applications = [];

const creditNote = withTotals(
  document({
    type: "CreditNote",
    number: "200002",
    customer: a,
    documentDate: "2026-11-26",
    dueDate: "2026-11-26",
    amountOre: 0,
    vatOre: 0,
    lines: [visLine(1, "Kreditert: montering", "1", "100.00", "3", "TIME")],
    taxDetails: [],
  }),
);
creditNote.applications = [
  { docType: "Invoice", refNbr: "200001", amountPaidOre: 0, paymentRef: null, status: "Balanced", released: false },
];

const eurInvoice = withTotals(
  document({
    number: "200003",
    customer: b,
    documentDate: "2026-11-26",
    dueDate: "2026-12-26",
    amountOre: 0,
    vatOre: 0,
    lines: [visLine(1, "Gravemaskin, leie per dag", "2", "750.00", "3", "DAG"), visLine(2, "Frakt", "1", "95.50", "3")],
    taxDetails: [],
  }),
);
eurInvoice.currency = "EUR";

const bareCredit = withTotals(
  document({
    type: "CreditNote",
    number: "200004",
    customer: b,
    documentDate: "2026-11-26",
    dueDate: null,
    amountOre: 0,
    vatOre: 0,
    lines: [visLine(1, "Retur: skive", "-2", "12.00", "3"), visLine(2, "Kreditert frakt", "1", "95.50", "3")],
    taxDetails: [],
  }),
);

const DOCS = [invoice, creditNote, eurInvoice, bareCredit];
const files = formatter.format({
  tenantId: "acme",
  batchId: "acme-20261127-01",
  businessDate: "2026-11-27",
  sequence: 1,
  factor,
  documents: DOCS,
  customers,
  newCustomers: new Set(),
});
const roots = new Map(files.map((f) => [f.name.replace(/^.*_(\d+)\.xml$/, "$1"), parse(f.content)]));

describe("a varied document set passes the Peppol BIS 3 rules the product can check", () => {
  it("every document is accepted by check() and written", () => {
    for (const d of DOCS) expect(formatter.check(d, customers.get(d.customer.number), factor), d.number).toEqual([]);
    expect(files.map((f) => f.name)).toEqual([
      "acme_20261127_01_Invoice_200001.xml",
      "acme_20261127_01_CreditNote_200002.xml",
      "acme_20261127_01_Invoice_200003.xml",
      "acme_20261127_01_CreditNote_200004.xml",
    ]);
  });

  it.each(DOCS.map((d) => [d.number] as const))("document %s: no rule fails", (number) => {
    expect(peppolProblems(roots.get(number)!)).toEqual([]);
  });

  it("the invoice has three VAT rates, a zero-rated and an exempt breakdown, and Visma's per-line VAT", () => {
    const rows = all(roots.get("200001")!, "cac:TaxTotal/cac:TaxSubtotal").map(
      (s) =>
        `${text(path(s, "cac:TaxCategory/cbc:ID"))} ${text(path(s, "cac:TaxCategory/cbc:Percent"))} ${text(path(s, "cbc:TaxableAmount"))} ${text(path(s, "cbc:TaxAmount"))}`,
    );
    // 25 %: 3703.70 − 200.00 + 5 × 0.10 + 15.43 = 3519.63; VAT per line 925.93 − 50.00 + 5 × 0.03 + 3.86 = 879.94 (879.91 on the sum).
    expect(rows).toEqual([
      "S 25 3519.63 879.94",
      "S 15 199.80 29.97",
      "S 12 450.00 54.00",
      "E 0 800.00 0.00",
      "Z 0 50.00 0.00",
    ]);
  });

  it("names, references and addresses with &<>\"' and æøå come back unchanged; a 200-character name is whole", () => {
    const inv = roots.get("200001")!;
    expect(text(path(inv, "cac:AccountingCustomerParty/cac:Party/cac:PartyName/cbc:Name"))).toBe(HOSTILE);
    expect(text(path(inv, "cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cbc:StreetName"))).toBe(
      "Bryggen 1 & 2 <bak>",
    );
    expect(text(path(inv, "cbc:BuyerReference"))).toBe(`PO "17" & <Åse>`);
    expect(text(path(all(inv, "cac:InvoiceLine")[0]!, "cac:Item/cbc:Name"))).toBe("Montering & service <dag>");
    const eur = roots.get("200003")!;
    expect(LONG).toHaveLength(200);
    expect(text(path(eur, "cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName"))).toBe(
      LONG,
    );
  });

  it("EUR amounts carry currencyID EUR", () => {
    const eur = roots.get("200003")!;
    expect(text(path(eur, "cbc:DocumentCurrencyCode"))).toBe("EUR");
    expect(path(eur, "cac:LegalMonetaryTotal/cbc:PayableAmount").getAttribute("currencyID")).toBe("EUR");
  });

  it("credit notes: the credited invoice when Visma.net links it, never a KID, a due date for BR-CO-25", () => {
    const linked = roots.get("200002")!;
    expect(text(path(linked, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"))).toBe("200001");
    expect(creditNote.kid).toBe(nordeaKid("200002"));
    expect(all(linked, "cac:PaymentMeans/cbc:PaymentID")).toEqual([]);
    const bare = roots.get("200004")!;
    expect(all(bare, "cac:BillingReference")).toEqual([]);
    expect(text(path(bare, "cac:PaymentMeans/cbc:PaymentDueDate"))).toBe("2026-11-26");
  });

  it("the rule check is not vacuous: tampered files fail it", () => {
    const xml = files[0]!.content.toString("utf8");
    const tampered = [
      [xml.replace(">3519.63<", ">3519.64<"), "BR-S-08"],
      [xml.replace(/>974760673</g, ">974760672<"), "PEPPOL-COMMON-R041"],
      [xml.replace('unitCode="KWH"', 'unitCode="kWh"'), "BR-CL-23"], // code lists are case-sensitive
      [xml.replace(">879.94<", ">881.00<"), "BR-CO-17/BR-S-09"],
      [
        xml.replace('<cbc:PriceAmount currencyID="NOK">1234.567<', '<cbc:PriceAmount currencyID="NOK">1234.5<'),
        "PEPPOL-EN16931-R120",
      ],
    ] as const;
    for (const [text, rule] of tampered) {
      expect(text).not.toBe(xml);
      expect(
        peppolProblems(parse(Buffer.from(text))).some((p) => p.startsWith(rule)),
        rule,
      ).toBe(true);
    }
  });
});
