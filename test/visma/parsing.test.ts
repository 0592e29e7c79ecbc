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
  fake = await startFake({
    api: (req) => ({ status: 200, body: Number(req.query.get("pageNumber") ?? 1) > 1 ? [] : body }),
  });
  return clientFor(fake).client;
}

describe("documents", () => {
  it("reads an answer in UTF-8 whether or not it starts with a byte-order mark", async () => {
    const list = withMetadata(
      [invoiceDto("000123", { customer: { number: "10000", name: "Ærlig Rørlegger AS" } })],
      1,
      100,
    );
    for (const body of [JSON.stringify(list), `\uFEFF${JSON.stringify(list)}`]) {
      const client = await serving(body);
      const { items, malformed } = await client.listInvoices({});
      expect(malformed).toEqual([]);
      expect(items[0]!.customer.name).toBe("Ærlig Rørlegger AS");
      await fake?.close();
      fake = undefined;
    }
  });

  it("normalises an invoice: øre amounts, dates, KID from paymentReference, lines from invoiceLines", async () => {
    const client = await serving(
      withMetadata([invoiceDto("000123", { amount: 1250.5, balance: "1250.50", vatTotal: 250.1 })], 1, 100),
    );

    const { items, malformed } = await client.listInvoices({});

    expect(malformed).toEqual([]);
    expect(items[0]).toEqual({
      type: "Invoice",
      documentType: "Invoice",
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
      invoiceAddress: {
        line1: "Gata 1",
        line2: null,
        line3: null,
        postalCode: "0150",
        city: "Oslo",
        countryId: "NO",
        countryName: "Norge",
      },
      lines: [
        {
          lineNumber: 1,
          description: "Konsulent",
          quantity: "1",
          unitPriceOre: 100000,
          unitPrice: "1000",
          amountOre: 100000,
          vatCodeId: "3",
          uom: null,
        },
      ],
      taxDetails: [],
      applications: [],
    });
  });

  it("takes amounts in the document's currency; the …InCurrency fields are the company's NOK figures", async () => {
    // A EUR invoice at 11.4852: amount, balance, vatTotal and the lines are EUR, every …InCurrency is NOK.
    const client = await serving([
      invoiceDto("000124", {
        currencyId: "EUR",
        exchangeRate: 11.4852,
        amount: 100.5,
        amountInCurrency: 1154.26,
        balance: 100.5,
        balanceInCurrency: 1154.26,
        vatTotal: 20.1,
        vatTotalInCurrency: 230.85,
        invoiceLines: [
          {
            lineNumber: 1,
            description: "Konsulent",
            quantity: 2,
            unitPrice: 40.2,
            unitPriceInCurrency: 461.71,
            amount: 80.4,
            amountInCurrency: 923.41,
            vatCode: { id: "3" },
          },
        ],
      }),
    ]);

    const { items, malformed } = await client.listInvoices({});

    expect(malformed).toEqual([]);
    expect(items[0]).toMatchObject({ currency: "EUR", amountOre: 10050, balanceOre: 10050, vatOre: 2010 });
    expect(items[0]!.lines).toEqual([
      {
        lineNumber: 1,
        description: "Konsulent",
        quantity: "2",
        unitPriceOre: 4020,
        unitPrice: "40.2",
        amountOre: 8040,
        vatCodeId: "3",
        uom: null,
      },
    ]);
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
          ...invoiceDto("000225", {
            documentType: "CreditNote",
            invoiceLines: undefined,
            amount: 125,
            balance: 0,
            vatTotal: 25,
          }),
          lines: [
            {
              lineNumber: 1,
              description: "Kreditering",
              quantity: 2.5,
              unitPrice: 12.3456,
              amount: 100,
              vatCode: { id: "3" },
            },
          ],
          applications: [
            {
              docType: "Refund",
              refNbr: "000400",
              amountPaid: 125,
              paymentRef: "REFUND-000225",
              status: "Closed",
              released: true,
            },
          ],
        },
      }),
    });
    const { client } = clientFor(fake);

    const note = await client.getCreditNote("000225");

    expect(fake.requests[0]!.path).toBe("/v1/customerCreditNote/000225");
    expect(fake.requests[0]!.rawQuery).toBe(""); // the single GET takes no expand flags (contract)
    expect(note.type).toBe("CreditNote");
    // The unit price keeps its real decimals for EHF (price amounts are not limited to two); unitPriceOre is rounded.
    expect(note.lines).toEqual([
      {
        lineNumber: 1,
        description: "Kreditering",
        quantity: "2.5",
        unitPriceOre: 1235,
        unitPrice: "12.3456",
        amountOre: 10000,
        vatCodeId: "3",
        uom: null,
      },
    ]);
    expect(note.applications).toEqual([
      {
        docType: "Refund",
        refNbr: "000400",
        amountPaidOre: 12500,
        paymentRef: "REFUND-000225",
        status: "Closed",
        released: true,
      },
    ]);
    expect(note.balanceOre).toBe(0);
  });

  it("reads taxDetails[].vatId as the contract's object and as an older plain string", async () => {
    const tax = (vatId: unknown) => [{ taxId: null, vatId, vatRate: 25, taxableAmount: 1000, vatAmount: 250 }];
    const client = await serving([
      invoiceDto("000001", { taxDetails: tax({ number: "3", description: "Utgående mva, høy sats" }) }),
      invoiceDto("000002", { taxDetails: tax("3") }),
      invoiceDto("000003", {
        taxDetails: [
          { taxId: "31", vatId: { number: "3", description: null }, vatRate: 15, taxableAmount: 100, vatAmount: 15 },
        ],
      }),
    ]);

    const { items, malformed } = await client.listInvoices({});

    expect(malformed).toEqual([]);
    expect(items.map((d) => d.taxDetails.map((t) => [t.taxId, t.vatRate, t.taxableOre, t.vatOre]))).toEqual([
      [["3", "25", 100000, 25000]],
      [["3", "25", 100000, 25000]],
      [["31", "15", 10000, 1500]],
    ]);
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
    expect(malformed[0]).toEqual({
      endpoint: "/v1/customerinvoice",
      id: "000002",
      problem: 'amount: not a decimal amount: "12,50"',
    });
    expect(malformed[1]!.problem).toMatch(/^customer: /);
    expect(malformed[2]!.problem).toBe("amount: amount has fractions of an øre: 10.005");
    expect(malformed[3]!.problem).toMatch(/referenceNumber: /);
  });

  it("a malformed single GET throws, naming the document and field", async () => {
    const client = await serving(invoiceDto("000123", { documentDate: "27.01.2025" }));

    const err = await client.getInvoice("000123").catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VismaResponseError);
    expect((err as Error).message).toMatch(
      /^Visma.net GET \/v1\/customerinvoice\/000123: unexpected response: invoice 000123: documentDate: expected a date/,
    );
  });

  it("a body that is not JSON is an error, not an empty list", async () => {
    const client = await serving("<html>maintenance</html>");

    await expect(client.listInvoices({})).rejects.toThrow(
      /GET \/v1\/customerinvoice: unexpected response: body is not JSON/,
    );
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
        mainAddress: {
          addressLine1: "Hovedgata 2",
          postalCode: "0150",
          city: "Oslo",
          country: { id: "NO", name: "Norge" },
        },
        invoiceAddress: null,
        mainContact: { name: "Kari", email: "kari@kunde.no", phone1: "+47 22 00 00 00" },
        paymentMethods: [
          { paymentMethodId: "BANK", isDefault: false },
          { paymentMethodId: "FACTORING", isDefault: true },
        ],
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
      {
        type: "Payment",
        refNbr: "000318",
        status: "Open",
        customer: { number: "10002" },
        paymentRef: "Innbetaling",
        paymentAmount: "abc",
        currency: "NOK",
      },
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
    // What could still be read travels with the report: the closing decides whether it could be ours.
    expect(malformed).toEqual([
      {
        endpoint: "/v1/customerPayment",
        id: "000318",
        problem: 'paymentAmount: not a decimal amount: "abc"',
        readable: { type: "Payment", paymentRef: "Innbetaling", status: "Open" },
      },
    ]);
  });

  it("payment history: every document type of the contract on the lines, void documents, prepayments without lines", async () => {
    const payment = (refNbr: string, type: string, lines: unknown[], extra: Record<string, unknown> = {}) => ({
      type,
      refNbr,
      status: "Closed",
      customer: { number: "10002", name: "Kunde AS" },
      paymentRef: `ref ${refNbr}`,
      paymentAmount: 100,
      currency: "NOK",
      paymentLines: lines,
      ...extra,
    });
    const client = await serving([
      payment("000401", "Payment", [
        { documentType: "Invoice", refNbr: "000224", amountPaid: 60 },
        { documentType: "DebitNote", refNbr: "000230", amountPaid: 20 },
        { documentType: "FinCharge", refNbr: "000231", amountPaid: 20 },
      ]),
      payment("000402", "Prepayment", [], { status: "Open" }),
      payment("000403", "Payment", [{ documentType: "Invoice", refNbr: "000226", amountPaid: 100 }], {
        status: "Voided",
      }),
      payment("000404", "VoidPayment", [
        { documentType: "Invoice", refNbr: "000226", amountPaid: 100 },
        { documentType: "Invoice", refNbr: "000226", amountPaid: -100 },
      ]),
      payment("000405", "SmallBalanceWo", [{ documentType: "SmallBalanceWo", refNbr: "000227", amountPaid: 0.4 }]),
      payment("000406", "VoidRefund", [{ documentType: "CreditNote", refNbr: "000228", amountPaid: -100 }], {
        paymentLines: undefined,
      }),
    ]);

    const { items, malformed } = await client.listPayments({});

    expect(malformed).toEqual([]);
    expect(
      items.map((p) => [
        p.number,
        p.type,
        p.status,
        p.lines.map((l) => `${l.documentType} ${l.refNbr} ${l.amountPaidOre}`),
      ]),
    ).toEqual([
      ["000401", "Payment", "Closed", ["Invoice 000224 6000", "DebitNote 000230 2000", "FinCharge 000231 2000"]],
      ["000402", "Prepayment", "Open", []],
      ["000403", "Payment", "Voided", ["Invoice 000226 10000"]],
      ["000404", "VoidPayment", "Closed", ["Invoice 000226 10000", "Invoice 000226 -10000"]],
      ["000405", "SmallBalanceWo", "Closed", ["SmallBalanceWo 000227 40"]],
      ["000406", "VoidRefund", "Closed", []],
    ]);
  });
});
