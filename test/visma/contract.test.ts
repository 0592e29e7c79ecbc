/**
 * The client against the local Visma.net sandbox (src/sandbox/visma): the same wire format from
 * both sides. Checks paging, filters, tokens, throttling, faults, and a full closing round:
 * payment + refund created, released, and the documents' balances and statuses read back.
 */
import { DateTime } from "luxon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startVismaSandbox, type Sandbox } from "../../src/sandbox/visma/server.ts";
import { generateCompany } from "../../src/sandbox/visma/seed.ts";
import { createVismaClient, type ClientOptions } from "../../src/visma/client.ts";
import { UncertainOutcomeError, VismaActionFailedError } from "../../src/visma/errors.ts";
import { recordingSleep } from "./fake-server.ts";
import { testEnv, testTenant } from "./tenant.ts";

const ZONE = "Europe/Oslo";
const NOW = DateTime.fromISO("2026-11-27T15:45:00", { zone: ZONE });

let sandbox: Sandbox;

async function start(extra: Parameters<typeof startVismaSandbox>[0] = {}) {
  sandbox = await startVismaSandbox({
    data: generateCompany({ seed: 11, customers: 25, documents: 180, today: "2026-11-27" }),
    clock: () => NOW,
    maxPageSize: 40,
    ...extra,
  });
}

function client(pageSize = 500, options: ClientOptions = {}) {
  const { sleep, waits } = recordingSleep();
  const c = createVismaClient(
    testTenant({ apiBaseUrl: sandbox.apiBaseUrl, tokenUrl: sandbox.tokenUrl, pageSize, timeZone: ZONE }),
    testEnv("demo-client", "demo-secret"),
    { sleep, baseDelayMs: 10, ...options },
  );
  return { client: c, waits };
}

afterEach(async () => {
  await sandbox?.close();
});

describe("client × sandbox: reads", () => {
  beforeEach(() => start());

  it("reads every invoice, credit note and customer across pages of the forced maximum", async () => {
    const { client: c } = client(500);

    const invoices = await c.listInvoices({});
    const notes = await c.listCreditNotes({});
    const customers = await c.listCustomers();

    expect(invoices.malformed).toEqual([]);
    expect(notes.malformed).toEqual([]);
    expect(customers.malformed).toEqual([]);
    expect(invoices.items.map((d) => d.number).sort()).toEqual(
      sandbox.store
        .listInvoices()
        .map((d) => d.referenceNumber)
        .sort(),
    );
    expect(notes.items.map((d) => d.number).sort()).toEqual(
      sandbox.store
        .listCreditNotes()
        .map((d) => d.referenceNumber)
        .sort(),
    );
    expect(customers.items.map((x) => x.number).sort()).toEqual(
      sandbox.store
        .listCustomers()
        .map((x) => x.number)
        .sort(),
    );
    expect(sandbox.store.listInvoices().length).toBeGreaterThan(80); // more than two pages of 40
    expect(sandbox.stats.byPath["/v1/customerinvoice"]).toBe(Math.ceil(sandbox.store.listInvoices().length / 40));
  });

  it("amounts, KID and lines match the store exactly", async () => {
    const { client: c } = client();
    const stored = sandbox.store.listInvoices()[0]!;

    const doc = await c.getInvoice(stored.referenceNumber);

    expect(doc.amountOre).toBe(stored.amountOre);
    expect(doc.balanceOre).toBe(stored.balanceOre);
    expect(doc.vatOre).toBe(stored.vatTotalOre);
    expect(doc.kid).toBe(stored.paymentReference);
    expect(doc.documentDate).toBe(stored.documentDate);
    expect(doc.lines.map((l) => l.amountOre)).toEqual(stored.lines.map((l) => l.amountOre));
    expect(doc.modifiedAt).toBe(stored.lastModifiedDateTime);
  });

  it("filters by status, date condition and customer the way the store says", async () => {
    const { client: c } = client(25);
    const all = sandbox.store.listInvoices();
    const since = "2026-11-10";

    const open = await c.listInvoices({ status: "Open" });
    const recent = await c.listInvoices({ documentDate: { value: since, condition: ">=" } });
    const customer = all[0]!.customerNumber;
    const ofCustomer = await c.listInvoices({ customer, status: "Open" });

    expect(open.items.map((d) => d.number).sort()).toEqual(
      all
        .filter((d) => d.status === "Open")
        .map((d) => d.referenceNumber)
        .sort(),
    );
    expect(recent.items.map((d) => d.number).sort()).toEqual(
      all
        .filter((d) => d.documentDate >= since)
        .map((d) => d.referenceNumber)
        .sort(),
    );
    expect(ofCustomer.items.every((d) => d.customer.number === customer && d.status === "Open")).toBe(true);
    expect(ofCustomer.items.length).toBe(
      all.filter((d) => d.customerNumber === customer && d.status === "Open").length,
    );
  });

  it("filters customers by lastModifiedDateTime (zone-less local time)", async () => {
    const { client: c } = client();
    const stamps = sandbox.store
      .listCustomers()
      .map((x) => x.lastModifiedDateTime)
      .sort();
    const middle = stamps[Math.floor(stamps.length / 2)]!.slice(0, 19);

    const result = await c.listCustomers({ lastModifiedDateTime: { value: middle, condition: ">=" } });

    const expected = sandbox.store.listCustomers().filter((x) => x.lastModifiedDateTime.slice(0, 19) >= middle);
    expect(result.items.map((x) => x.number).sort()).toEqual(expected.map((x) => x.number).sort());
  });

  it("honours a 429 with Retry-After and retries a 503", async () => {
    const { client: c, waits } = client();
    sandbox.faults.add({ kind: "status429", retryAfterSeconds: 3, match: { path: "/v1/paymentmethod" } });
    sandbox.faults.add({ kind: "status5xx", status: 503, match: { path: "/v1/cashaccount" } });

    const methods = await c.listPaymentMethods();
    const accounts = await c.listCashAccounts();

    expect(methods.map((m) => m.id)).toContain("FACTORING");
    expect(accounts.map((a) => a.number)).toContain("1510");
    expect(waits[0]).toBeGreaterThanOrEqual(3000);
    expect(waits).toHaveLength(2);
    expect(c.stats.throttled).toBe(1);
  });

  it("reports a broken element by its document number", async () => {
    const { client: c } = client();
    const target = sandbox.store.listInvoices()[3]!.referenceNumber;
    sandbox.faults.add({ kind: "malformed", malformedId: target, match: { path: "/v1/customerinvoice" } });

    const result = await c.listInvoices({});

    expect(result.malformed).toEqual([
      { endpoint: "/v1/customerinvoice", id: target, problem: 'amount: not a decimal amount: "abc"' },
    ]);
    expect(result.items).toHaveLength(sandbox.store.listInvoices().length - 1);
  });
});

describe("client × sandbox: tokens", () => {
  it("fetches a new token when the sandbox's 1 s token expires", async () => {
    await start({ tokenLifetimeSeconds: 1 });
    const { client: c } = client();

    await c.listCashAccounts();
    await new Promise((r) => setTimeout(r, 1100));
    await c.listCashAccounts();

    expect(sandbox.stats.tokenRequests).toBe(2);
    expect(c.stats.tokenRequests).toBe(2);
  });

  it("recovers from a token the sandbox no longer knows (401 → new token → retry once)", async () => {
    await start({ tokenLifetimeSeconds: 1 });
    // The client's clock says the token is still fresh; the sandbox's says it expired.
    let now = Date.now();
    const { client: c } = client(500, { now: () => now });
    await c.listCashAccounts();
    await new Promise((r) => setTimeout(r, 1100));
    now += 100;

    await c.listCashAccounts();

    expect(sandbox.stats.tokenRequests).toBe(2);
    expect(c.stats.retries).toBe(1);
  });
});

describe("client × sandbox: closing writes", () => {
  beforeEach(() => start());

  it("pays an invoice and refunds a credit note; both documents end Closed with balance 0", async () => {
    const { client: c } = client();
    const invoice = sandbox.store.listInvoices().find((d) => d.status === "Open" && d.balanceOre === d.amountOre)!;
    const note = sandbox.store.listCreditNotes().find((d) => d.status === "Open" && d.balanceOre > 0)!;
    expect(invoice).toBeDefined();
    expect(note).toBeDefined();
    const noteBalance = note.balanceOre; // the store object changes on release

    const paymentNumber = await c.createPayment({
      type: "Payment",
      customerNumber: invoice.customerNumber,
      applicationDate: "2026-11-27",
      paymentRef: `FACT-${invoice.referenceNumber}`,
      paymentMethodId: "FACTORING",
      cashAccount: "1510",
      currency: invoice.currencyId,
      amountOre: invoice.balanceOre,
      description: `Factoring ${invoice.referenceNumber}`,
      lines: [{ documentType: "Invoice", refNbr: invoice.referenceNumber, amountPaidOre: invoice.balanceOre }],
    });
    const before = await c.getPayment(paymentNumber);
    expect(before).toMatchObject({
      type: "Payment",
      status: "Balanced",
      paymentRef: `FACT-${invoice.referenceNumber}`,
      amountOre: invoice.amountOre,
      cashAccount: "1510",
    });
    await c.releasePayment(paymentNumber, "Payment");

    const refundNumber = await c.createPayment({
      type: "Refund",
      customerNumber: note.customerNumber,
      applicationDate: "2026-11-27",
      paymentRef: `REFUND-${note.referenceNumber}`,
      paymentMethodId: "FACTORING",
      cashAccount: "1510",
      currency: note.currencyId,
      amountOre: noteBalance,
      description: `Factoring refund ${note.referenceNumber}`,
      lines: [{ documentType: "CreditNote", refNbr: note.referenceNumber, amountPaidOre: noteBalance }],
    });
    await c.releasePayment(refundNumber, "Refund");

    const paidInvoice = await c.getInvoice(invoice.referenceNumber);
    const refundedNote = await c.getCreditNote(note.referenceNumber);
    const payment = await c.getPayment(paymentNumber);
    const refund = await c.getPayment(refundNumber);
    expect([paidInvoice.status, paidInvoice.balanceOre]).toEqual(["Closed", 0]);
    expect([refundedNote.status, refundedNote.balanceOre]).toEqual(["Closed", 0]);
    expect(payment.status).toBe("Closed");
    expect(refund).toMatchObject({
      type: "Refund",
      status: "Closed",
      lines: [{ documentType: "CreditNote", refNbr: note.referenceNumber, amountPaidOre: noteBalance }],
    });
    expect(
      paidInvoice.applications.some(
        (a) => a.refNbr === paymentNumber && a.paymentRef === `FACT-${invoice.referenceNumber}`,
      ),
    ).toBe(true);

    // The closing step's idempotency lookup: find the payment again by customer and paymentRef.
    const found = await c.listPayments({
      customer: invoice.customerNumber,
      docDate: { value: "2026-11-27", condition: ">=" },
    });
    expect(found.items.filter((p) => p.paymentRef === `FACT-${invoice.referenceNumber}`).map((p) => p.number)).toEqual([
      paymentNumber,
    ]);

    // Releasing twice is refused with HTTP 200 + actionResult Failed.
    await expect(c.releasePayment(paymentNumber, "Payment")).rejects.toBeInstanceOf(VismaActionFailedError);
  });

  it("a 502 on create is an uncertain outcome and the POST is not sent again", async () => {
    const { client: c } = client();
    const invoice = sandbox.store.listInvoices().find((d) => d.status === "Open" && d.balanceOre > 0)!;
    sandbox.faults.add({ kind: "status5xx", status: 502, match: { method: "POST", path: "/v1/customerPayment" } });

    await expect(
      c.createPayment({
        type: "Payment",
        customerNumber: invoice.customerNumber,
        applicationDate: "2026-11-27",
        paymentRef: "FACT-X",
        paymentMethodId: null,
        cashAccount: "1510",
        currency: "NOK",
        amountOre: invoice.balanceOre,
        description: "x",
        lines: [{ documentType: "Invoice", refNbr: invoice.referenceNumber, amountPaidOre: invoice.balanceOre }],
      }),
    ).rejects.toBeInstanceOf(UncertainOutcomeError);
    expect(sandbox.stats.byPath["/v1/customerpayment"]).toBe(1); // sent once, not retried
  });
});
