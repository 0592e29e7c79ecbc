import { describe, expect, it } from "vitest";
import { formatterFor } from "../../src/format/index.ts";
import { FormatError } from "../../src/format/types.ts";
import type { ArDocument, Customer } from "../../src/visma/types.ts";
import { batch, copy, CUSTOMERS, DOCUMENTS, ehfFactor, line, nordeaKid, tax } from "./fixtures.ts";
import { expectGolden } from "./golden.ts";
import { CAC, CBC, kids, ore, parse, path, text } from "./xml.ts";

const factor = ehfFactor();
const settings = factor.format as Extract<typeof factor.format, { type: "ehf" }>;
const formatter = formatterFor(factor.format);
const [invoice, invoice2, creditNote] = DOCUMENTS as [ArDocument, ArDocument, ArDocument, ArDocument];
const [aerlig, ostfold] = CUSTOMERS as [Customer, Customer, Customer];

const files = formatter.format(batch(factor));
const byNumber = (n: string) => parse(files.find((f) => f.name.endsWith(`_${n}.xml`))!.content);

describe("EHF golden files", () => {
  it("one XML file per document, named <stem>_<Invoice|CreditNote>_<number>.xml, pinned byte for byte", () => {
    expect(files.map((f) => f.name)).toEqual([
      "acme_20261127_01_Invoice_100234.xml",
      "acme_20261127_01_Invoice_100235.xml",
      "acme_20261127_01_CreditNote_100236.xml",
      "acme_20261127_01_Invoice_100237.xml",
    ]);
    for (const file of files) expectGolden(file);
  });

  it("is UTF-8 and deterministic", () => {
    const again = formatter.format(batch(factor));
    files.forEach((f, i) => expect(f.content.equals(again[i]!.content)).toBe(true));
    const xml = files[0]!.content;
    expect(xml.subarray(0, 38).toString()).toBe('<?xml version="1.0" encoding="UTF-8"?>');
    expect(xml.includes(Buffer.from("Rørlegger", "utf8"))).toBe(true);
  });
});

describe("EHF structure (Peppol BIS Billing 3.0 + factoring parts)", () => {
  it("invoice header, single assignment note, buyer reference", () => {
    const root = byNumber("100234");
    expect(root.localName).toBe("Invoice");
    expect(root.namespaceURI).toBe("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2");
    expect(text(path(root, "cbc:CustomizationID"))).toBe(
      "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
    );
    expect(text(path(root, "cbc:ProfileID"))).toBe("urn:fdc:peppol.eu:2017:poacc:billing:01:1.0");
    expect(text(path(root, "cbc:ID"))).toBe("100234");
    expect(text(path(root, "cbc:IssueDate"))).toBe("2026-11-25");
    expect(text(path(root, "cbc:DueDate"))).toBe("2026-12-09");
    expect(text(path(root, "cbc:InvoiceTypeCode"))).toBe("380");
    expect(kids(root, CBC, "Note").map(text)).toEqual([settings.assignmentText]);
    expect(text(path(root, "cbc:DocumentCurrencyCode"))).toBe("NOK");
    expect(text(path(root, "cbc:BuyerReference"))).toBe("Kari Nordmann");
  });

  it("credit note: type 381, due date in PaymentMeans, buyer reference falls back to the customer number", () => {
    const root = byNumber("100236");
    expect(root.localName).toBe("CreditNote");
    expect(text(path(root, "cbc:CreditNoteTypeCode"))).toBe("381");
    expect(kids(root, CBC, "DueDate")).toHaveLength(0);
    expect(text(path(root, "cac:PaymentMeans/cbc:PaymentDueDate"))).toBe("2026-11-26");
    expect(text(path(root, "cbc:BuyerReference"))).toBe("10001");
    expect(kids(root, CAC, "CreditNoteLine")).toHaveLength(1);
    expect(text(path(kids(root, CAC, "CreditNoteLine")[0]!, "cbc:CreditedQuantity"))).toBe("1");
  });

  it("the factor is the payee; the KID and the factor's account are in PaymentMeans", () => {
    const root = byNumber("100235");
    expect(text(path(root, "cac:PayeeParty/cac:PartyName/cbc:Name"))).toBe("Nordea Finance Equipment AS");
    expect(text(path(root, "cac:PayeeParty/cac:PartyIdentification/cbc:ID"))).toBe("920058817");
    const legal = path(root, "cac:PayeeParty/cac:PartyLegalEntity/cbc:CompanyID");
    expect([text(legal), legal.getAttribute("schemeID")]).toEqual(["920058817", "0192"]);
    expect(text(path(root, "cac:PaymentMeans/cbc:PaymentMeansCode"))).toBe("30");
    expect(text(path(root, "cac:PaymentMeans/cbc:PaymentID"))).toBe(nordeaKid("100235"));
    expect(text(path(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID"))).toBe("60010512347");
  });

  it("supplier from the settings, customer with org. no. (scheme 0192) and address", () => {
    const root = byNumber("100235");
    const supplier = path(root, "cac:AccountingSupplierParty/cac:Party");
    expect(text(path(supplier, "cac:PartyLegalEntity/cbc:RegistrationName"))).toBe("Acme Verktøy AS");
    expect(text(path(supplier, "cac:PartyLegalEntity/cbc:CompanyID"))).toBe("998877660");
    const customer = path(root, "cac:AccountingCustomerParty/cac:Party");
    expect(text(path(customer, "cac:PartyName/cbc:Name"))).toBe("Østfold Bølgeblikk AS");
    const org = path(customer, "cac:PartyLegalEntity/cbc:CompanyID");
    expect([text(org), org.getAttribute("schemeID")]).toEqual(["923456783", "0192"]);
    expect(text(path(customer, "cac:PostalAddress/cbc:CityName"))).toBe("Fredrikstad");
    expect(text(path(customer, "cac:PostalAddress/cbc:PostalZone"))).toBe("1606");
    expect(text(path(customer, "cac:PostalAddress/cac:Country/cbc:IdentificationCode"))).toBe("NO");
  });

  it("VAT categories: S for rates above zero, Z for zero", () => {
    const cats = (n: string) =>
      kids(path(byNumber(n), "cac:TaxTotal"), CAC, "TaxSubtotal").map(
        (s) => `${text(path(s, "cac:TaxCategory/cbc:ID"))} ${text(path(s, "cac:TaxCategory/cbc:Percent"))}`,
      );
    expect(cats("100235")).toEqual(["S 25", "S 15"]);
    expect(cats("100237")).toEqual(["Z 0"]);
  });
});

describe("EHF totals add up to the øre (parsed back from the files)", () => {
  it.each(DOCUMENTS.map((d) => [d.number, d] as const))("document %s", (number, document) => {
    const root = byNumber(number);
    const lineName = document.type === "CreditNote" ? "CreditNoteLine" : "InvoiceLine";
    const qtyName = document.type === "CreditNote" ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity";
    const lines = kids(root, CAC, lineName);
    const totals = path(root, "cac:LegalMonetaryTotal");
    const taxTotal = path(root, "cac:TaxTotal");
    const subtotals = kids(taxTotal, CAC, "TaxSubtotal");

    const lineSum = lines.reduce((s, l) => s + ore(path(l, "cbc:LineExtensionAmount")), 0);
    const taxableSum = subtotals.reduce((s, st) => s + ore(path(st, "cbc:TaxableAmount")), 0);
    const vatSum = subtotals.reduce((s, st) => s + ore(path(st, "cbc:TaxAmount")), 0);

    expect(ore(path(totals, "cbc:LineExtensionAmount"))).toBe(lineSum);
    expect(ore(path(totals, "cbc:TaxExclusiveAmount"))).toBe(lineSum);
    expect(taxableSum).toBe(lineSum);
    expect(ore(path(taxTotal, "cbc:TaxAmount"))).toBe(vatSum);
    expect(ore(path(totals, "cbc:TaxInclusiveAmount"))).toBe(lineSum + vatSum);
    expect(ore(path(totals, "cbc:PayableAmount"))).toBe(document.amountOre);
    expect(vatSum).toBe(document.vatOre);

    for (const st of subtotals) {
      const percent = text(path(st, "cac:TaxCategory/cbc:Percent"));
      const taxable = ore(path(st, "cbc:TaxableAmount"));
      // taxable × percent / 100, computed here in øre with integer hundredths of a percent
      const hundredths = Math.round(Number(percent) * 100);
      const expectedVat = Math.round((taxable * hundredths) / 10000);
      expect(Math.abs(ore(path(st, "cbc:TaxAmount")) - expectedVat)).toBeLessThanOrEqual(1);
      const ofCategory = lines.filter(
        (l) => text(path(l, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent")) === percent,
      );
      expect(ofCategory.reduce((s, l) => s + ore(path(l, "cbc:LineExtensionAmount")), 0)).toBe(taxable);
    }

    for (const l of lines) {
      // net = quantity × price − allowances + charges (PEPPOL-EN16931-R120), to the øre
      const qty = Number(text(path(l, qtyName)));
      const price = ore(path(l, "cac:Price/cbc:PriceAmount"));
      const adjust = kids(l, CAC, "AllowanceCharge").reduce(
        (s, ac) => s + (text(path(ac, "cbc:ChargeIndicator")) === "true" ? 1 : -1) * ore(path(ac, "cbc:Amount")),
        0,
      );
      expect(Math.round(qty * price) + adjust).toBe(ore(path(l, "cbc:LineExtensionAmount")));
    }
  });

  it("a line discount becomes a line allowance", () => {
    const l2 = kids(byNumber("100234"), CAC, "InvoiceLine")[1]!;
    expect(text(path(l2, "cac:AllowanceCharge/cbc:ChargeIndicator"))).toBe("false");
    expect(text(path(l2, "cac:AllowanceCharge/cbc:Amount"))).toBe("50.00");
  });
});

describe("check(): inconsistent amounts and missing data", () => {
  it("accepts the fixtures", () => {
    for (const d of DOCUMENTS)
      expect(
        formatter.check(
          d,
          CUSTOMERS.find((c) => c.number === d.customer.number),
          factor,
        ),
      ).toEqual([]);
  });

  it("lines that do not add up to amount − VAT", () => {
    const d = copy(invoice);
    d.lines[0]!.amountOre += 1;
    const problems = formatter.check(d, aerlig, factor);
    expect(problems).toContain(
      "Invoice 100234: line amounts: lines add up to 2 450,01 NOK but amount − VAT is 2 450,00 NOK",
    );
    expect(problems).toContain(
      "Invoice 100234: VAT 25%: lines at 25% add up to 2 450,01 NOK but the taxable amount at that rate is 2 450,00 NOK",
    );
  });

  it("VAT subtotals that do not add up to the document VAT", () => {
    const d = copy(invoice2);
    d.taxDetails[1]!.vatOre = 1799;
    expect(formatter.check(d, ostfold, factor)).toContain(
      "Invoice 100235: VAT amounts: tax details' VAT adds up to 267,99 NOK but the document VAT is 268,00 NOK",
    );
  });

  it("VAT within 0.99 of taxable × rate is accepted (Visma.net rounds per line), 1.00 off is not", () => {
    const near = copy(invoice);
    near.taxDetails = [tax("3", "25", 245000, 61349)];
    near.vatOre = 61349;
    near.amountOre = 306349;
    expect(formatter.check(near, aerlig, factor)).toEqual([]);
    const far = copy(near);
    far.taxDetails = [tax("3", "25", 245000, 61350 + 100)];
    far.vatOre = 61450;
    far.amountOre = 306450;
    expect(formatter.check(far, aerlig, factor)).toEqual([
      "Invoice 100234: VAT 25%: VAT 614,50 NOK on taxable 2 450,00 NOK should be 612,50 NOK (the rules allow a difference below 1,00 NOK)",
    ]);
  });

  it("a line whose VAT code matches no rate when the document has several", () => {
    const d = copy(invoice2);
    d.lines[1] = line(2, "Kaffe og mat", "1", 12000, 12000, "99");
    expect(formatter.check(d, ostfold, factor)).toContain(
      'Invoice 100235: line 2: VAT code "99" matches none of the document\'s tax details, so its VAT rate is unknown',
    );
  });

  it("missing organisation number, description and address parts", () => {
    const c = copy(aerlig);
    c.corporateId = null;
    c.invoiceAddress!.city = null;
    const d = copy(creditNote);
    d.lines[0]!.description = " ";
    const problems = formatter.check(d, c, factor);
    expect(problems).toEqual([
      "Credit note 100236: line 1: the line has no description; the item name is mandatory in EHF",
      "Credit note 100236: customer organisation number (corporateId): customer 10001 has no organisation number; EHF needs one",
      "Credit note 100236: customer city: missing; the factor needs the full postal address",
    ]);
  });

  it("format() throws a FormatError naming the document and field", () => {
    const d = copy(invoice2);
    d.taxDetails[0]!.taxableOre -= 10;
    expect(() => formatter.format(batch(factor, { documents: [d] }))).toThrow(FormatError);
    expect(() => formatter.format(batch(factor, { documents: [d] }))).toThrow(
      expect.objectContaining({ documentNumber: "100235", field: "taxable amounts" }),
    );
  });
});
