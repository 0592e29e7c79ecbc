/**
 * EHF details that Peppol BIS Billing 3 validators check: organisation numbers, characters XML
 * cannot carry, the VAT breakdown and its tolerance, prices, code lists, credit notes.
 */
import { describe, expect, it } from "vitest";
import { FactorSchema } from "../../src/config/schema.ts";
import { formatterFor } from "../../src/format/index.ts";
import type { ArDocument, Customer, DocumentLine } from "../../src/visma/types.ts";
import { batch, copy, CUSTOMERS, DOCUMENTS, ehfFactor, line, tax, type Factor } from "./fixtures.ts";
import { all, CAC, CBC, kids, parse, path, text } from "./xml.ts";

const factor = ehfFactor();
const formatter = formatterFor(factor.format);
const [invoice, invoice2, creditNote, zeroRated] = DOCUMENTS as [ArDocument, ArDocument, ArDocument, ArDocument];
const [aerlig, ostfold, nordlys] = CUSTOMERS as [Customer, Customer, Customer];

function customerOf(d: ArDocument): Customer {
  return CUSTOMERS.find((c) => c.number === d.customer.number)!;
}

/** The one XML file of a one-document batch, parsed. */
function xmlOf(d: ArDocument, f: Factor = factor, customer: Customer = customerOf(d)) {
  const files = formatterFor(f.format).format(
    batch(f, { documents: [d], customers: new Map([[customer.number, customer]]) }),
  );
  expect(files).toHaveLength(1);
  return parse(files[0]!.content);
}

function withFormat(extra: Record<string, unknown>): Factor {
  const base = ehfFactor();
  return FactorSchema.parse({ ...base, format: { ...base.format, ...extra } });
}

describe("organisation numbers (PEPPOL-COMMON-R041)", () => {
  it("holds back a document whose customer's organisation number fails MOD11, naming the customer", () => {
    const c = copy(aerlig);
    c.corporateId = "912 345 678";
    expect(formatter.check(invoice, c, factor)).toEqual([
      'Invoice 100234: customer organisation number (corporateId): customer 10001 Ærlig Rørlegger AS has organisation number "912 345 678", which fails the organisation-number check digit (MOD11): no valid number starts with 91234567; correct it in Visma.net',
    ]);
  });
});

describe("characters XML cannot carry", () => {
  it("in the customer number, an address line, the reference or a line description: held back, never written", () => {
    const c = copy(aerlig);
    c.number = "10001\u0008";
    c.invoiceAddress!.line2 = "Bakgården\u001b";
    const d = copy(invoice);
    d.customer.number = c.number;
    d.customerRef = "Ref\u0007";
    d.lines[1]!.description = "Rør\uFFFF";
    const problems = formatter.check(d, c, factor);
    expect(problems).toEqual([
      'Invoice 100234: customer number: "10001\\b" contains U+0008, which XML cannot carry',
      'Invoice 100234: customer address line 2: "Bakgården\\u001b" contains U+001B, which XML cannot carry',
      'Invoice 100234: customer reference: "Ref\\u0007" contains U+0007, which XML cannot carry',
      'Invoice 100234: line 2 description: "Rør\uFFFF" contains U+FFFF, which XML cannot carry',
    ]);
    expect(() => formatter.format(batch(factor, { documents: [d], customers: new Map([[c.number, c]]) }))).toThrow(
      /XML cannot carry/,
    );
  });
});

describe("VAT breakdown", () => {
  it("a tax detail at a rate no line uses (0 taxable, 0 VAT) gets no subtotal (BR-S-08)", () => {
    const d = copy(invoice);
    d.taxDetails.push(tax("31", "15", 0, 0));
    expect(formatter.check(d, aerlig, factor)).toEqual([]);
    const subtotals = all(xmlOf(d), "cac:TaxTotal/cac:TaxSubtotal");
    expect(subtotals.map((s) => text(path(s, "cac:TaxCategory/cbc:Percent")))).toEqual(["25"]);
  });

  it("a subtotal may differ from taxable × rate by less than 1.00 in the document currency (BR-CO-17 / BR-S-09)", () => {
    // Five lines of 0,10 with 25 % VAT rounded per line: 5 × 0,03 = 0,15 against 0,50 × 25 % = 0,13.
    const d = copy(invoice);
    d.lines = [1, 2, 3, 4, 5].map((n) => line(n, `Skrue ${n}`, "1", 10, 10, "3"));
    d.taxDetails = [tax("3", "25", 50, 15)];
    d.vatOre = 15;
    d.amountOre = 65;
    expect(formatter.check(d, aerlig, factor)).toEqual([]);
    expect(text(path(xmlOf(d), "cac:TaxTotal/cac:TaxSubtotal/cbc:TaxAmount"))).toBe("0.15");

    const far = copy(d);
    far.lines = [line(1, "Skrue", "1", 100000, 100000, "3")];
    far.taxDetails = [tax("3", "25", 100000, 25100)]; // 1.00 over 250.00
    far.vatOre = 25100;
    far.amountOre = 125100;
    expect(formatter.check(far, aerlig, factor)).toEqual([
      "Invoice 100234: VAT 25%: VAT 251,00 NOK on taxable 1 000,00 NOK should be 250,00 NOK (the rules allow a difference below 1,00 NOK)",
    ]);
  });
});

describe("prices are the invoice's own", () => {
  const priced = (l: DocumentLine, unitPrice: string): DocumentLine => ({ ...l, unitPrice });

  it("a unit price with more than two decimals is written with its decimals, and no charge is invented", () => {
    const d = copy(invoice);
    d.lines = [
      priced(line(1, "Rørleggertjenester", "3", 3333, 10000, "3", "TIME"), "33.333"),
      priced(line(2, "Rør og deler", "1", 235000, 235000, "3"), "2350"),
    ];
    expect(formatter.check(d, aerlig, factor)).toEqual([]);
    const [first, second] = all(xmlOf(d), "cac:InvoiceLine");
    expect(text(path(first!, "cac:Price/cbc:PriceAmount"))).toBe("33.333");
    expect(kids(first!, CAC, "AllowanceCharge")).toEqual([]);
    expect(text(path(second!, "cac:Price/cbc:PriceAmount"))).toBe("2350.00");
  });

  it("a line within the rounding slack of quantity × price gets no Rabatt or Tillegg (PEPPOL-EN16931-R120 allows 0.02)", () => {
    const d = copy(invoice);
    d.lines = [
      priced(line(1, "Rørleggertjenester", "1", 9999, 10000, "3"), "99.99"),
      line(2, "Rør og deler", "1", 235000, 235000, "3"),
    ];
    const lines = all(xmlOf(d), "cac:InvoiceLine");
    expect(lines.flatMap((l) => kids(l, CAC, "AllowanceCharge"))).toEqual([]);
    expect(text(path(lines[0]!, "cac:Price/cbc:PriceAmount"))).toBe("99.99");
  });

  it("a line discount stays a line allowance; an amount above quantity × price is written as the net price, with a note", () => {
    const d = copy(invoice);
    d.lines = [
      priced(line(1, "Rørleggertjenester", "2", 100000, 205000, "3"), "1000"),
      priced(line(2, "Rør og deler", "1", 50000, 40000, "3"), "500"),
    ];
    const [first, second] = all(xmlOf(d), "cac:InvoiceLine");
    expect(kids(first!, CAC, "AllowanceCharge")).toEqual([]);
    expect(text(path(first!, "cac:Price/cbc:PriceAmount"))).toBe("1025.00");
    expect(text(path(second!, "cac:AllowanceCharge/cbc:AllowanceChargeReason"))).toBe("Rabatt");
    expect(text(path(second!, "cac:AllowanceCharge/cbc:Amount"))).toBe("100.00");
    expect(formatter.notes(batch(factor, { documents: [d] }))).toEqual([
      {
        document: d,
        message:
          "line 1: quantity 2 × unit price 1000 is 2000.00, not the line amount 2050.00; written with the net price 1025.00 so the line adds up",
      },
    ]);
  });
});

describe("code lists", () => {
  it("units: a valid UN/ECE Rec 20 code is kept, Visma.net's Norwegian units are mapped, an unknown unit becomes C62 with a note", () => {
    const d = copy(invoice);
    d.lines = [
      line(1, "Strøm", "100", 1000, 100000, "3", "kWh"),
      line(2, "Rør", "1", 120000, 120000, "3", "STK"),
      line(3, "Rør og deler", "1", 25000, 25000, "3", "kasse"),
    ];
    const units = all(xmlOf(d), "cac:InvoiceLine/cbc:InvoicedQuantity").map((q) => q.getAttribute("unitCode"));
    expect(units).toEqual(["KWH", "EA", "C62"]);
    expect(formatter.notes(batch(factor, { documents: [d] }))).toEqual([
      {
        document: d,
        message: 'line 3: unit "kasse" is not a UN/ECE Recommendation 20 code and has no mapping; written as C62 (one)',
      },
    ]);
  });

  it("the VAT category of a 0 % code comes from the tenant's mapping, with its exemption reason; unmapped 0 % stays Z", () => {
    const mapped = withFormat({
      vatCategories: { "5": { category: "E", exemptionReason: "Unntatt etter merverdiavgiftsloven kapittel 3" } },
    });
    const d = copy(invoice2);
    d.lines = [
      line(1, "Bølgeblikk 0,5 mm", "2.5", 39999, 99998, "3", "M"),
      line(2, "Kurs", "1", 12000, 12000, "5"),
      line(3, "Frakt", "1", 5000, 5000, "0"),
    ];
    d.taxDetails = [tax("3", "25", 99998, 25000), tax("5", "0", 12000, 0), tax("0", "0", 5000, 0)];
    d.vatOre = 25000;
    d.amountOre = 99998 + 12000 + 5000 + 25000;
    expect(formatterFor(mapped.format).check(d, ostfold, mapped)).toEqual([]);
    const root = xmlOf(d, mapped);
    const subtotals = all(root, "cac:TaxTotal/cac:TaxSubtotal").map((s) => ({
      id: text(path(s, "cac:TaxCategory/cbc:ID")),
      percent: text(path(s, "cac:TaxCategory/cbc:Percent")),
      reason: kids(path(s, "cac:TaxCategory"), CBC, "TaxExemptionReason").map(text),
    }));
    expect(subtotals).toEqual([
      { id: "S", percent: "25", reason: [] },
      { id: "E", percent: "0", reason: ["Unntatt etter merverdiavgiftsloven kapittel 3"] },
      { id: "Z", percent: "0", reason: [] },
    ]);
    expect(all(root, "cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID").map(text)).toEqual(["S", "E", "Z"]);
  });

  it("a code mapped to a 0 % category but charged at a rate is held back", () => {
    const mapped = withFormat({ vatCategories: { "3": { category: "E", exemptionReason: "Unntatt" } } });
    expect(formatterFor(mapped.format).check(invoice, aerlig, mapped)).toEqual([
      "Invoice 100234: VAT code 3: factor.format.vatCategories maps it to category E, but the document charges it at 25%; only a 0 % code can be E",
    ]);
  });
});

describe("credit notes", () => {
  it("reference the credited invoice when Visma.net links it, and carry no KID", () => {
    const d = copy(creditNote);
    d.applications = [
      { docType: "Invoice", refNbr: "100234", amountPaidOre: 0, paymentRef: null, status: "Hold", released: false },
    ];
    const root = xmlOf(d);
    expect(all(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID").map(text)).toEqual(["100234"]);
    expect(kids(path(root, "cac:PaymentMeans"), CBC, "PaymentID")).toEqual([]);
  });

  it("without a link there is no BillingReference", () => {
    expect(all(xmlOf(copy(creditNote)), "cac:BillingReference")).toEqual([]);
  });
});

it("the zero-rated fixture and its customer are unchanged by the mapping default", () => {
  expect(formatter.check(zeroRated, nordlys, factor)).toEqual([]);
});
