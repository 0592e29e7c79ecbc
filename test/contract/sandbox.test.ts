/**
 * The sandbox imitates Visma.net, not our code: every answer it gives for the operations the
 * integration uses is checked against Visma's published contract (visma-contract.json) — every
 * field name exists in the response type, every value has the field's type, every enum value is a
 * member. The company is a realistic one: generated documents in several statuses, foreign
 * currency, debit notes and overdue charges, a payment history with other document types and
 * void payments, and the closing's own payments and refunds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPaymentHistory } from "../../src/sandbox/visma/history.ts";
import { startVismaSandbox, type Sandbox } from "../../src/sandbox/visma/server.ts";
import { generateCompany } from "../../src/sandbox/visma/seed.ts";
import { apiClient, fixedClock, type Json } from "../sandbox/helpers.ts";
import { operationFor, validateAgainst } from "./contract.ts";

let sandbox: Sandbox;
let api: Awaited<ReturnType<typeof apiClient>>;

beforeAll(async () => {
  sandbox = await startVismaSandbox({
    clock: fixedClock(),
    data: generateCompany({ seed: 3, customers: 12, documents: 150, today: "2026-11-27" }),
    maxPageSize: 500,
  });
  addPaymentHistory(sandbox.store, { date: "2026-11-26" });
  api = await apiClient(sandbox);
});
afterAll(() => sandbox?.close());

/** Calls the sandbox and checks the body against the operation's response type for that status. */
async function checked(
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json; problems: string[] }> {
  const res = await api(path, { method, body });
  const text = await res.text();
  const op = operationFor(method, path.split("?")[0]!);
  const type = op.responses[String(res.status)];
  if (!type)
    return {
      status: res.status,
      json: text,
      problems: [
        `${method} ${path}: HTTP ${res.status} is not a response of ${op.operationId} (${text.slice(0, 200)})`,
      ],
    };
  const json = text === "" ? null : (JSON.parse(text) as Json);
  return {
    status: res.status,
    json,
    problems: json === null ? [] : validateAgainst(json, type, `${method} ${path.split("?")[0]}`),
  };
}

describe("every sandbox answer is an instance of the contract's response type", () => {
  const lists = [
    "/v1/customerinvoice",
    "/v1/customerinvoice?expandApplications=true&expandTaxDetails=true&expandInvoiceAddress=true&expandAttachments=true",
    "/v1/customerCreditNote",
    "/v1/customerCreditNote?expandApplications=true&expandTaxDetails=true&expandInvoiceAddress=true",
    "/v1/customerDebitNote?expandApplications=true&expandTaxDetails=true&expandInvoiceAddress=true",
    "/v1/customer",
    "/v1/customer?expandPaymentMethods=true",
    "/v1/customerPayment",
    "/v1/paymentmethod",
    "/v1/cashaccount",
  ];
  it.each(lists)("GET %s", async (path) => {
    const { status, json, problems } = await checked("GET", path);
    expect(status).toBe(200);
    expect(problems).toEqual([]);
    expect((json as Json[]).length).toBeGreaterThan(0);
  });

  it("single reads of every kind", async () => {
    const invoice = sandbox.store.listInvoices().find((d) => d.documentType === "Invoice")!;
    const note = sandbox.store.listCreditNotes()[0]!;
    const payment = sandbox.store.listPayments()[0]!;
    const customer = sandbox.store.listCustomers()[0]!;
    const problems: string[] = [];
    for (const path of [
      `/v1/customerinvoice/${invoice.referenceNumber}`,
      `/v1/customerCreditNote/${note.referenceNumber}`,
      `/v1/customerPayment/${payment.refNbr}`,
      `/v1/customer/${customer.number}`,
    ]) {
      const r = await checked("GET", path);
      expect(r.status, path).toBe(200);
      problems.push(...r.problems);
    }
    expect(problems).toEqual([]);
  });

  it("the closing's writes: create (201, empty body), release and void action results", async () => {
    const invoice = sandbox.store
      .listInvoices()
      .find(
        (d) =>
          d.documentType === "Invoice" && d.status === "Open" && d.balanceOre === d.amountOre && d.currencyId === "NOK",
      )!;
    const create = await api("/v1/customerPayment", {
      method: "POST",
      body: {
        type: { value: "Payment" },
        applicationDate: { value: "2026-11-27T00:00:00" },
        paymentRef: { value: "VF-20261126-01-X" },
        customer: { value: invoice.customerNumber },
        cashAccount: { value: "1510" },
        currency: { value: "NOK" },
        paymentAmount: { value: invoice.balanceOre / 100 },
        paymentLines: [
          {
            operation: "Insert",
            documentType: { value: "Invoice" },
            refNbr: { value: invoice.referenceNumber },
            amountPaid: { value: invoice.balanceOre / 100 },
          },
        ],
      },
    });
    expect(create.status).toBe(201);
    expect(operationFor("POST", "/v1/customerPayment").responses["201"]).toBeDefined();
    expect(await create.text()).toBe("");
    const number = create.headers.get("location")!.split("/").at(-1)!;

    const release = await checked("POST", `/v1/customerPayment/${number}/action/release`, {
      type: { value: "Payment" },
    });
    expect(release.json.actionResult).toBe("Done");
    const voided = await checked("POST", `/v1/customerPayment/${number}/action/void`, {
      type: "Payment",
      returnVoidPayment: false,
    });
    expect(voided.json.actionResult).toBe("Done");
    expect([...release.problems, ...voided.problems]).toEqual([]);
    expect((await checked("GET", `/v1/customerPayment?paymentNbr=${number}`)).problems).toEqual([]);
  });

  it("the company holds what a real one has: foreign currency, other document and payment types, void payments", () => {
    const docs = [...sandbox.store.listInvoices(), ...sandbox.store.listCreditNotes()];
    expect(docs.some((d) => d.currencyId !== "NOK" && d.exchangeRate !== 1)).toBe(true);
    expect(new Set(docs.map((d) => d.documentType))).toEqual(
      new Set(["Invoice", "CreditNote", "DebitNote", "FinCharge"]),
    );
    const payments = sandbox.store.listPayments();
    expect(new Set(payments.map((p) => p.type))).toEqual(
      new Set(["Payment", "Refund", "Prepayment", "VoidPayment", "VoidRefund", "SmallBalanceWo"]),
    );
    expect(payments.some((p) => p.status === "Voided")).toBe(true);
  });
});
