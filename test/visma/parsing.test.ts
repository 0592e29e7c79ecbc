import { afterEach, describe, expect, it } from "vitest";
import { VismaResponseError } from "../../src/visma/errors.ts";
import { startFake, withMetadata, type FakeVisma } from "./fake-server.ts";
import { clientFor, invoiceDto } from "./setup.ts";

let fake: FakeVisma | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** Serves `body` as page 1 (or the single resource); later pages are empty. */
async function serving(body: unknown) {
  fake = await startFake({ api: (req) => ({ status: 200, body: Number(req.query.get("pageNumber") ?? 1) > 1 ? [] : body }) });
  return clientFor(fake).client;
}

describe("documents", () => {
  it("normalises an invoice: øre amounts, dates, KID from paymentReference, lines from invoiceLines", async () => {
    const client = await serving(withMetadata([invoiceDto("000123", { amount: 1250.5, balance: "1250.50", vatTotal: 250.1 })], 1, 100));

    const { items, malformed } = await client.listInvoices({});

    expect(malformed).toEqual([]);
    expect(items[0]).toEqual({
      type: "Invoice",
      number: "000123",
      status: "Open",
      hold: false,
      customer: { number: "10000", name: "Kunde AS" },
      documentDate: "2025-01-27",
      dueDate: "2025-02-10",
      createdAt: null,
      modifiedAt: "2025-01-27T10:46:10.777",
      currency: "NOK",
      amountOre: 125050,
      balanceOre: 125050,
      vatOre: 25010,
      paymentMethodId: "FACTORING",
      kid: "0001230000107",
      customerRef: "PO-55",
      externalRef: null,
      text: null,
      sendToAutoInvoice: false,
      creditTermsId: "14",
      invoiceAddress: { line1: "Gata 1", line2: null, line3: null, postalCode: "0150", city: "Oslo", countryId: "NO", countryName: "Norge" },
      lines: [{ lineNumber: 1, description: "Konsulent", quantity: "1", unitPriceOre: 100000, unitPrice: "1000", amountOre: 100000, vatCodeId: "3", uom: null }],
      taxDetails: [],
      applications: [],
    });
  });

  it("accepts the three date formats; an offset is dated in the tenant's zone", async () => {
    const client = await serving([
      invoiceDto("1", { documentDate: "2023-12-31T00:00:00", lastModifiedDateTime: "2025-01-27T10:46:10" }),
      invoiceDto("2", { documentDate: "2023-12-31T00:00:00.000", lastModifiedDateTime: "2025-01-27T10:46:10.777" }),
      invoiceDto("3", { documentDate: "2023-12-30T23:00:00Z", lastModifiedDateTime: "2025-01-27T09:46:10.777+00:00" }),
    ]);

    const { items, malformed } = await client.listInvoices({});

    expect(malformed).toEqual([]);
    expect(items.map((d) => [d.documentDate, d.modifiedAt])).toEqual([
      ["2023-12-31", "2025-01-27T10:46:10.000"],
      ["2023-12-31", "2025-01-27T10:46:10.777"],
      ["2023-12-31", "2025-01-27T10:46:10.777"],
    ]);
  });

  it("reads credit-note lines from lines[] and applications", async () => {
    fake = await startFake({
      api: () => ({
        status: 200,
        body: {
          ...invoiceDto("000225", { documentType: "CreditNote", invoiceLines: undefined, amount: 125, balance: 0, vatTotal: 25 }),
          lines: [{ lineNumber: 1, description: "Kreditering", quantity: 2.5, unitPrice: 12.3456, amount: 100, vatCode: { id: "3" } }],
          applications: [{ docType: "Refund", refNbr: "000400", amountPaid: 125, paymentRef: "REFUND-000225", status: "Closed", released: true }],
        },
      }),
    });
    const { client } = clientFor(fake);

    const note = await client.getCreditNote("000225");

    expect(fake.requests[0]!.path).toBe("/v1/customerCreditNote/000225");
    expect(fake.requests[0]!.rawQuery).toBe("expandApplications=true");
    expect(note.type).toBe("CreditNote");
    // The unit price keeps its real decimals for EHF (price amounts are not limited to two); unitPriceOre is rounded.
    expect(note.lines).toEqual([{ lineNumber: 1, description: "Kreditering", quantity: "2.5", unitPriceOre: 1235, unitPrice: "12.3456", amountOre: 10000, vatCodeId: "3", uom: null }]);
    expect(note.applications).toEqual([
      { docType: "Refund", refNbr: "000400", amountPaidOre: 12500, paymentRef: "REFUND-000225", status: "Closed", released: true },
    ]);
    expect(note.balanceOre).toBe(0);
  });

  it("reports a malformed element by its document number and keeps the good ones", async () => {
    const client = await serving([
      invoiceDto("000001"),
      invoiceDto("000002", { amount: "12,50" }),
      invoiceDto("000003", { customer: null }),
      invoiceDto("000004", { amount: 10.005 }),
      { referenceNumber: 17 },
      "garbage",
      invoiceDto("000005"),
    ]);

    const { items, malformed } = await client.listInvoices({});

    expect(items.map((d) => d.number)).toEqual(["000001", "000005"]);
    expect(malformed.map((m) => m.id)).toEqual(["000002", "000003", "000004", "17", "element #6"]);
    expect(malformed[0]).toEqual({ endpoint: "/v1/customerinvoice", id: "000002", problem: 'amount: not a decimal amount: "12,50"' });
    expect(malformed[1]!.problem).toMatch(/^customer: /);
    expect(malformed[2]!.problem).toBe("amount: amount has fractions of an øre: 10.005");
    expect(malformed[3]!.problem).toMatch(/referenceNumber: /);
  });

  it("a malformed single GET throws, naming the document and field", async () => {
    const client = await serving(invoiceDto("000123", { documentDate: "27.01.2025" }));

    const err = await client.getInvoice("000123").catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VismaResponseError);
    expect((err as Error).message).toMatch(/^Visma.net GET \/v1\/customerinvoice\/000123: unexpected response: invoice 000123: documentDate: expected a date/);
  });

  it("a body that is not JSON is an error, not an empty list", async () => {
    const client = await serving("<html>maintenance</html>");

    await expect(client.listInvoices({})).rejects.toThrow(/GET \/v1\/customerinvoice: unexpected response: body is not JSON/);
  });
});

describe("customers and payments", () => {
  it("customer: payment methods, default, invoice address falling back to the main address", async () => {
    const client = await serving([
      {
        number: "10000",
        name: "Kunde AS",
        status: "Active",
        corporateId: "987654321",
        currencyId: "NOK",
        mainAddress: { addressLine1: "Hovedgata 2", postalCode: "0150", city: "Oslo", country: { id: "NO", name: "Norge" } },
        invoiceAddress: null,
        mainContact: { name: "Kari", email: "kari@kunde.no", phone1: "+47 22 00 00 00" },
        paymentMethods: [{ paymentMethodId: "BANK", isDefault: false }, { paymentMethodId: "FACTORING", isDefault: true }],
        defaultPaymentMethodId: null,
        lastModifiedDateTime: "2025-01-27T10:46:10.777",
        extraField: { ignored: true },
      },
    ]);

    const { items } = await client.listCustomers();

    expect(items[0]).toMatchObject({
      number: "10000",
      corporateId: "987654321",
      defaultPaymentMethodId: "FACTORING",
      paymentMethodIds: ["BANK", "FACTORING"],
      invoiceAddress: { line1: "Hovedgata 2", city: "Oslo", countryId: "NO" },
      contact: { name: "Kari", email: "kari@kunde.no", phone: "+47 22 00 00 00" },
    });
  });

  it("payment: read back with lines and exact amounts; bad elements reported by refNbr", async () => {
    const client = await serving([
      {
        type: "Payment",
        refNbr: "000317",
        status: "Closed",
        hold: false,
        customer: { number: "10002", name: "Kunde AS" },
        paymentRef: "FACT-2025-0301-17",
        applicationDate: "2025-03-01T00:00:00",
        paymentAmount: 1125.0,
        currency: "NOK",
        cashAccount: "1510",
        paymentMethod: { id: "FACTORING", description: "Factoring" },
        paymentLines: [
          { documentType: "Invoice", refNbr: "000224", amountPaid: 1250.0 },
          { documentType: "CreditNote", refNbr: "000225", amountPaid: 125.0 },
        ],
      },
      { type: "Payment", refNbr: "000318", status: "Open", customer: "10002", paymentAmount: 1, currency: "NOK", paymentLines: [{ documentType: "Credit Memo", refNbr: "1", amountPaid: 1 }] },
    ]);

    const { items, malformed } = await client.listPayments({ customer: "10002" });

    expect(items).toEqual([
      {
        type: "Payment",
        number: "000317",
        status: "Closed",
        hold: false,
        customerNumber: "10002",
        paymentRef: "FACT-2025-0301-17",
        applicationDate: "2025-03-01",
        amountOre: 112500,
        currency: "NOK",
        cashAccount: "1510",
        paymentMethodId: "FACTORING",
        lines: [
          { documentType: "Invoice", refNbr: "000224", amountPaidOre: 125000 },
          { documentType: "CreditNote", refNbr: "000225", amountPaidOre: 12500 },
        ],
      },
    ]);
    expect(malformed).toEqual([
      { endpoint: "/v1/customerPayment", id: "000318", problem: 'paymentLines.0.documentType: expected "Invoice" or "CreditNote", got "Credit Memo"' },
    ]);
  });
});
