import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/visma/server.ts";
import { NOW, apiClient, fixedClock, json, startSmallSandbox, type Json } from "./helpers.ts";

let sandbox: Sandbox;
let api: Awaited<ReturnType<typeof apiClient>>;

beforeEach(async () => {
  sandbox = await startSmallSandbox();
  const s = sandbox.store;
  s.createInvoice({ customerNumber: "10001", amountOre: 125_000 }); // 000001
  s.createInvoice({ customerNumber: "10001", amountOre: 250_000 }); // 000002
  s.createCreditNote({ customerNumber: "10001", amountOre: 12_500 }); // 000003
  s.createInvoice({ customerNumber: "10002", amountOre: 99_000 }); // 000004
  s.createInvoice({ customerNumber: "10001", amountOre: 50_000, status: "Hold" }); // 000005
  api = await apiClient(sandbox);
});
afterEach(() => sandbox.close());

const w = <T>(value: T) => ({ value });

function paymentBody(overrides: Record<string, unknown> = {}, lines: Json[] = [line("Invoice", "000001", 1250)]) {
  return {
    type: w("Payment"),
    customer: w("10001"),
    applicationDate: w("2026-11-28T00:00:00"),
    paymentRef: w("FACT-20261128-000001"),
    paymentMethod: w("FACTORING"),
    cashAccount: w("1510"),
    currency: w("NOK"),
    paymentAmount: w(1250.0),
    invoiceText: w("Factoring oppgjør"),
    hold: w(false),
    paymentLines: lines,
    ...overrides,
  };
}

function line(documentType: string, refNbr: string, amountPaid: number) {
  return { operation: "Insert", documentType: w(documentType), refNbr: w(refNbr), amountPaid: w(amountPaid) };
}

async function create(body: unknown): Promise<Response> {
  return api("/v1/customerPayment", { method: "POST", body });
}

async function release(refNbr: string, type: string): Promise<Json> {
  const res = await api(`/v1/customerPayment/${refNbr}/action/release`, { method: "POST", body: { type: w(type) } });
  expect(res.status).toBe(200);
  return json(res);
}

async function expectRejected(body: unknown, pattern: RegExp): Promise<void> {
  const res = await create(body);
  expect(res.status).toBe(400);
  const error = await json(res);
  expect(error.message).toMatch(/^VismaId: [0-9a-f-]{36}\. Error creating payment\. Error: /);
  expect(error.message).toMatch(pattern);
}

describe("payment against an invoice", () => {
  it("creates (201, empty body, Location), releases, and closes the invoice", async () => {
    const res = await create(paymentBody());
    expect(res.status).toBe(201);
    expect(await res.text()).toBe("");
    const location = res.headers.get("location");
    expect(location).toBe(`${sandbox.apiBaseUrl}/v1/customerPayment/000001`);

    const payment = await json(await api(new URL(location!).pathname));
    expect(payment).toMatchObject({
      type: "Payment",
      refNbr: "000001",
      status: "Balanced",
      hold: false,
      customer: { number: "10001", name: "Ærlig Rørlegger AS" },
      paymentRef: "FACT-20261128-000001",
      applicationDate: "2026-11-28T00:00:00",
      paymentAmount: 1250,
      currency: "NOK",
      cashAccount: "1510",
      paymentMethod: { id: "FACTORING", description: "Factoring" },
      paymentLines: [{ documentType: "Invoice", refNbr: "000001", amountPaid: 1250 }],
    });
    // Nothing happens to the invoice before release.
    expect((await json(await api("/v1/customerinvoice/000001"))).balance).toBe(1250);

    const later = NOW.plus({ minutes: 5 });
    sandbox.setClock(fixedClock(later));
    const result = await release("000001", "Payment");
    expect(result.actionResult).toBe("Done");
    expect(result.errorInfo).toBeNull();
    expect(result.actionId).toMatch(/^[0-9a-f-]{36}$/);

    const invoice = await json(await api("/v1/customerinvoice/000001"));
    expect(invoice.status).toBe("Closed");
    expect(invoice.balance).toBe(0);
    expect(invoice.lastModifiedDateTime).toBe("2026-11-27T15:50:00.000");
    expect(invoice.applications).toEqual([
      expect.objectContaining({
        docType: "Payment",
        refNbr: "000001",
        amountPaid: 1250,
        paymentRef: "FACT-20261128-000001",
        released: true,
      }),
    ]);
    const after = await json(await api("/v1/customerPayment/000001"));
    expect(after.status).toBe("Closed");
  });

  it("leaves a partly paid invoice Open with the rest as balance", async () => {
    const res = await create(paymentBody({ paymentAmount: w(1000.5) }, [line("Invoice", "000002", 1000.5)]));
    expect(res.status).toBe(201);
    await release("000001", "Payment");
    const invoice = await json(await api("/v1/customerinvoice/000002"));
    expect(invoice.status).toBe("Open");
    expect(invoice.balance).toBe(1499.5);
    expect(sandbox.store.getInvoice("000002")!.balanceOre).toBe(149_950);
  });

  it("subtracts credit-note lines on a Payment (release 9.76)", async () => {
    const res = await create(
      paymentBody({ paymentAmount: w(2375.0) }, [line("Invoice", "000002", 2500), line("CreditNote", "000003", 125)]),
    );
    expect(res.status).toBe(201);
    expect((await release("000001", "Payment")).actionResult).toBe("Done");
    const invoice = await json(await api("/v1/customerinvoice/000002"));
    const creditNote = await json(await api("/v1/customerCreditNote/000003"));
    expect([invoice.status, invoice.balance]).toEqual(["Closed", 0]);
    expect([creditNote.status, creditNote.balance]).toEqual(["Closed", 0]);
    expect(creditNote.applications[0]).toMatchObject({ docType: "Payment", refNbr: "000001", amountPaid: 125 });
  });
});

describe("refund against a credit note", () => {
  it("closes the credit note; payments and refunds share one number series", async () => {
    expect((await create(paymentBody())).status).toBe(201); // payment 000001
    const res = await create(
      paymentBody(
        { type: w("Refund"), paymentRef: w("REFUND-000003"), paymentAmount: w(125), invoiceText: w("Tilbakebetaling") },
        [line("CreditNote", "000003", 125)],
      ),
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toMatch(/\/v1\/customerPayment\/000002$/);
    expect((await json(await api("/v1/customerPayment/000002"))).type).toBe("Refund");

    const wrongType = await release("000002", "Payment");
    expect(wrongType.actionResult).toBe("Failed");
    expect(wrongType.errorInfo).toMatch(/Refund/);

    expect((await release("000002", "Refund")).actionResult).toBe("Done");
    const creditNote = await json(await api("/v1/customerCreditNote/000003"));
    expect(creditNote.status).toBe("Closed");
    expect(creditNote.balance).toBe(0);
    expect(creditNote.applications).toEqual([
      expect.objectContaining({
        docType: "Refund",
        refNbr: "000002",
        amountPaid: 125,
        paymentRef: "REFUND-000003",
        released: true,
      }),
    ]);
  });

  it("refuses a refund applied to an invoice", async () => {
    await expectRejected(paymentBody({ type: w("Refund") }), /refund can only be applied to credit notes/);
  });
});

describe("validation", () => {
  it("answers an unknown documentType like Visma: AdjdRefNbr cannot be found", async () => {
    const res = await create(paymentBody({ paymentAmount: w(-125) }, [line("Credit Memo", "000003", 125)]));
    expect(res.status).toBe(400);
    expect((await json(res)).message).toMatch(
      /^VismaId: [0-9a-f-]{36}\. Error creating payment\. Error: AdjdRefNbr '000003' cannot be found in the system\.$/,
    );
  });

  it("refuses unknown documents, other customers' documents and documents that are not Open", async () => {
    await expectRejected(paymentBody({}, [line("Invoice", "000999", 1250)]), /AdjdRefNbr '000999' cannot be found/);
    await expectRejected(
      paymentBody({ paymentAmount: w(990) }, [line("Invoice", "000004", 990)]),
      /AdjdRefNbr '000004'.*customer '10002'/,
    );
    await expectRejected(paymentBody({ paymentAmount: w(500) }, [line("Invoice", "000005", 500)]), /status is Hold/);
  });

  it("refuses amountPaid above the balance and a paymentAmount that does not match the lines", async () => {
    await expectRejected(
      paymentBody({ paymentAmount: w(1250.01) }, [line("Invoice", "000001", 1250.01)]),
      /exceeds its balance 1250\.00/,
    );
    await expectRejected(
      paymentBody({ paymentAmount: w(1200) }),
      /Payment amount 1200\.00 does not equal the applied amount 1250\.00/,
    );
  });

  it("refuses unwrapped scalars, unknown customers, cash accounts and payment methods", async () => {
    await expectRejected(paymentBody({ customer: "10001" }), /'customer' must be wrapped as \{"value": \.\.\.\}/);
    await expectRejected(
      paymentBody({}, [{ operation: "Insert", documentType: "Invoice", refNbr: w("000001"), amountPaid: w(1250) }]),
      /paymentLines\[0\]\.documentType/,
    );
    await expectRejected(paymentBody({ customer: w("99999") }), /Customer '99999' cannot be found/);
    await expectRejected(paymentBody({ cashAccount: w("1234") }), /Cash account '1234' cannot be found/);
    await expectRejected(paymentBody({ paymentMethod: w("VIPPS") }), /Payment method 'VIPPS' cannot be found/);
    await expectRejected(paymentBody({ paymentRef: undefined }), /Payment ref/);
    await expectRejected(paymentBody({ applicationDate: w("2026-11-28T00:00:00Z") }), /applicationDate/);
  });

  it("refuses a second unreleased payment for the same document (no double posting)", async () => {
    expect((await create(paymentBody())).status).toBe(201);
    await expectRejected(paymentBody({ paymentRef: w("again") }), /unreleased application in payment '000001'/);
    expect(sandbox.store.listPayments()).toHaveLength(1);
  });

  it("answers malformed JSON with 400", async () => {
    const res = await create("{not json");
    expect(res.status).toBe(400);
    expect((await json(res)).message).toMatch(/not valid JSON/);
  });
});

describe("release", () => {
  it("keeps a hold=true payment on Hold and refuses to release it (200, Failed)", async () => {
    expect((await create(paymentBody({ hold: w(true) }))).status).toBe(201);
    const payment = await json(await api("/v1/customerPayment/000001"));
    expect([payment.status, payment.hold]).toEqual(["Hold", true]);
    const result = await release("000001", "Payment");
    expect(result).toMatchObject({ actionResult: "Failed", errorInfo: expect.stringMatching(/On Hold/) });
    expect((await json(await api("/v1/customerinvoice/000001"))).balance).toBe(1250);
  });

  it("refuses to release twice and does not apply the payment twice", async () => {
    await create(paymentBody());
    expect((await release("000001", "Payment")).actionResult).toBe("Done");
    const second = await release("000001", "Payment");
    expect(second.actionResult).toBe("Failed");
    expect(second.errorInfo).toMatch(/already released/);
    expect(sandbox.store.getInvoice("000001")!.applications).toHaveLength(1);
  });

  it("answers 404 for an unknown payment number", async () => {
    const res = await api("/v1/customerPayment/123456/action/release", {
      method: "POST",
      body: { type: w("Payment") },
    });
    expect(res.status).toBe(404);
    expect((await json(res)).message).toMatch(/Payment '123456' not found/);
  });
});
