import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/visma/server.ts";
import { apiClient, json, startSmallSandbox, type Json } from "./helpers.ts";

let sandbox: Sandbox;
let api: Awaited<ReturnType<typeof apiClient>>;

const refs = (body: Json[]) => body.map((d) => d.referenceNumber ?? d.number ?? d.refNbr);
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

beforeAll(async () => {
  sandbox = await startSmallSandbox();
  const s = sandbox.store;
  // 000001..000004: invoices with distinct dates and timestamps; 000005: credit note.
  s.createInvoice({
    customerNumber: "10001",
    documentDate: "2026-11-01",
    createdDateTime: "2026-11-01T09:00:00.000",
    lastModifiedDateTime: "2026-11-01T09:00:00.000",
  });
  s.createInvoice({
    customerNumber: "10002",
    documentDate: "2026-11-10",
    createdDateTime: "2026-11-10T10:30:00.250",
    lastModifiedDateTime: "2026-11-20T08:15:00.500",
  });
  s.createInvoice({
    customerNumber: "10001",
    documentDate: "2026-11-20",
    status: "Hold",
    createdDateTime: "2026-11-20T12:00:00.000",
    lastModifiedDateTime: "2026-11-20T12:00:00.000",
  });
  s.createInvoice({
    customerNumber: "10001",
    documentDate: "2026-11-26",
    status: "Closed",
    createdDateTime: "2026-11-26T14:00:00.000",
    lastModifiedDateTime: "2026-11-27T07:00:00.000",
  });
  s.createCreditNote({
    customerNumber: "10001",
    documentDate: "2026-11-20",
    createdDateTime: "2026-11-20T13:00:00.000",
    lastModifiedDateTime: "2026-11-20T13:00:00.000",
  });
  s.updateCustomer("10002", { lastModifiedDateTime: "2026-11-25T10:00:00.000" });
  s.updateCustomer("10001", { lastModifiedDateTime: "2026-10-01T10:00:00.000" });
  api = await apiClient(sandbox);
});
afterAll(() => sandbox.close());

describe("document filters", () => {
  it("filters by status and customer", async () => {
    expect(refs(await json(await api(`/v1/customerinvoice?${q({ status: "Open" })}`)))).toEqual(["000001", "000002"]);
    expect(refs(await json(await api(`/v1/customerinvoice?${q({ status: "Hold" })}`)))).toEqual(["000003"]);
    expect(refs(await json(await api(`/v1/customerinvoice?${q({ customer: "10001" })}`)))).toEqual([
      "000001",
      "000003",
      "000004",
    ]);
    expect(refs(await json(await api(`/v1/customerinvoice?${q({ customer: "10001", status: "Open" })}`)))).toEqual([
      "000001",
    ]);
    expect(refs(await json(await api(`/v1/customerCreditNote?${q({ status: "Open" })}`)))).toEqual(["000005"]);
  });

  it("filters documentDate with every operator", async () => {
    const run = async (condition: string) =>
      refs(
        await json(
          await api(`/v1/customerinvoice?${q({ documentDate: "2026-11-10", documentDateCondition: condition })}`),
        ),
      );
    expect(await run(">")).toEqual(["000003", "000004"]);
    expect(await run(">=")).toEqual(["000002", "000003", "000004"]);
    expect(await run("<")).toEqual(["000001"]);
    expect(await run("<=")).toEqual(["000001", "000002"]);
  });

  it("filters lastModifiedDateTime in all three value formats, down to milliseconds", async () => {
    const run = async (value: string, condition: string) =>
      refs(
        await json(
          await api(
            `/v1/customerinvoice?${q({ lastModifiedDateTime: value, lastModifiedDateTimeCondition: condition })}`,
          ),
        ),
      );
    expect(await run("2026-11-20", ">=")).toEqual(["000002", "000003", "000004"]);
    expect(await run("2026-11-20 08:15:00.500", ">=")).toEqual(["000002", "000003", "000004"]);
    expect(await run("2026-11-20 08:15:00.500", ">")).toEqual(["000003", "000004"]);
    expect(await run("2026-11-20T08:15:00.501", ">")).toEqual(["000003", "000004"]);
    expect(await run("2026-11-20T08:15:00.499", ">")).toEqual(["000002", "000003", "000004"]);
    expect(await run("2026-11-20T12:00:00", "<=")).toEqual(["000001", "000002", "000003"]);
    // "HH:mm" without seconds is none of the documented formats.
    const short = await api(
      `/v1/customerinvoice?${q({ lastModifiedDateTime: "2026-11-20T12:00", lastModifiedDateTimeCondition: "<" })}`,
    );
    expect(short.status).toBe(400);
  });

  it("filters createdDateTime", async () => {
    const body = await json(
      await api(
        `/v1/customerinvoice?${q({ createdDateTime: "2026-11-10 10:30:00.250", createdDateTimeCondition: "<=" })}`,
      ),
    );
    expect(refs(body)).toEqual(["000001", "000002"]);
    expect(body[0].metadata.totalCount).toBe(2);
  });

  it("accepts raw (unencoded) operators in the URL too", async () => {
    const res = await api("/v1/customerinvoice?documentDate=2026-11-20&documentDateCondition=>=");
    expect(refs(await json(res))).toEqual(["000003", "000004"]);
  });

  it("rejects values with a zone letter or offset (400, Visma-style body)", async () => {
    for (const value of ["2026-11-20T08:15:00Z", "2026-11-20T08:15:00+01:00", "2026-11-20T08:15:00.000-05:00"]) {
      const res = await api(
        `/v1/customerinvoice?${q({ lastModifiedDateTime: value, lastModifiedDateTimeCondition: ">=" })}`,
      );
      expect(res.status).toBe(400);
      const body = await json(res);
      expect(body.ExceptionType).toBe("IPPException");
      expect(body.ExceptionMessage).toContain(value);
      expect(body.ExceptionMessage).toMatch(/time zone/);
    }
  });

  it("rejects malformed values and unknown operators", async () => {
    const bad = await api(`/v1/customerinvoice?${q({ documentDate: "20.11.2026", documentDateCondition: ">=" })}`);
    expect(bad.status).toBe(400);
    const impossible = await api(
      `/v1/customerinvoice?${q({ documentDate: "2026-02-30", documentDateCondition: ">=" })}`,
    );
    expect(impossible.status).toBe(400);
    const operator = await api(`/v1/customerinvoice?${q({ documentDate: "2026-11-20", documentDateCondition: "=" })}`);
    expect(operator.status).toBe(400);
    expect((await json(operator)).ExceptionMessage).toMatch(/>, <, >=, <=/);
  });

  it("rejects a value without its Condition partner and a Condition without its value", async () => {
    const noCondition = await api(`/v1/customerinvoice?${q({ lastModifiedDateTime: "2026-11-20" })}`);
    expect(noCondition.status).toBe(400);
    expect((await json(noCondition)).ExceptionMessage).toMatch(
      /lastModifiedDateTime is given without lastModifiedDateTimeCondition/,
    );
    const noValue = await api(`/v1/customerCreditNote?${q({ createdDateTimeCondition: ">" })}`);
    expect(noValue.status).toBe(400);
    expect((await json(noValue)).ExceptionMessage).toMatch(/createdDateTimeCondition is given without createdDateTime/);
  });

  it("rejects an unknown status value", async () => {
    const res = await api(`/v1/customerinvoice?${q({ status: "Paid" })}`);
    expect(res.status).toBe(400);
  });

  it("ignores unknown query parameters silently (returns everything)", async () => {
    const res = await api(`/v1/customerinvoice?${q({ paymentMethod: "FACTORING", foo: "bar" })}`);
    expect(res.status).toBe(200);
    expect(refs(await json(res))).toEqual(["000001", "000002", "000003", "000004"]);
  });
});

describe("customer filters", () => {
  it("filters customers by lastModifiedDateTime", async () => {
    const res = await api(
      `/v1/customer?${q({ lastModifiedDateTime: "2026-11-01", lastModifiedDateTimeCondition: ">=" })}`,
    );
    expect(refs(await json(res))).toEqual(["10002"]);
    const missing = await api(`/v1/customer?${q({ lastModifiedDateTimeCondition: ">=" })}`);
    expect(missing.status).toBe(400);
  });
});

describe("payment filters", () => {
  it("filters by customer, paymentType, status, docDate and invoiceRefNbr", async () => {
    const s = sandbox.store;
    const base = {
      hold: false,
      released: false,
      currency: "NOK",
      cashAccount: "1510",
      paymentMethodId: "FACTORING",
      invoiceText: null,
      createdDateTime: "2026-11-27T10:00:00.000",
      lastModifiedDateTime: "2026-11-27T10:00:00.000",
    };
    s.addPayment({
      ...base,
      type: "Payment",
      refNbr: "000001",
      status: "Balanced",
      customerNumber: "10001",
      paymentRef: "A",
      applicationDate: "2026-11-25",
      amountOre: 125_000,
      lines: [{ documentType: "Invoice", refNbr: "000001", amountPaidOre: 125_000 }],
    });
    s.addPayment({
      ...base,
      type: "Refund",
      refNbr: "000002",
      status: "Closed",
      released: true,
      customerNumber: "10001",
      paymentRef: "B",
      applicationDate: "2026-11-27",
      amountOre: 125_000,
      lines: [{ documentType: "CreditNote", refNbr: "000005", amountPaidOre: 125_000 }],
    });
    s.addPayment({
      ...base,
      type: "Payment",
      refNbr: "000003",
      status: "Closed",
      released: true,
      customerNumber: "10002",
      paymentRef: "C",
      applicationDate: "2026-11-27",
      amountOre: 125_000,
      lines: [{ documentType: "Invoice", refNbr: "000002", amountPaidOre: 125_000 }],
    });
    const get = async (params: Record<string, string>) =>
      refs(await json(await api(`/v1/customerPayment?${q(params)}`)));
    expect(await get({})).toEqual(["000001", "000002", "000003"]);
    expect(await get({ customer: "10001" })).toEqual(["000001", "000002"]);
    expect(await get({ paymentType: "Refund" })).toEqual(["000002"]);
    expect(await get({ status: "Closed" })).toEqual(["000002", "000003"]);
    expect(await get({ docDate: "2026-11-26", docDateCondition: ">=" })).toEqual(["000002", "000003"]);
    expect(await get({ invoiceRefNbr: "000002" })).toEqual(["000003"]);
    expect(await get({ customer: "10001", docDate: "2026-11-25", docDateCondition: "<=" })).toEqual(["000001"]);
    const noPartner = await api(`/v1/customerPayment?${q({ docDate: "2026-11-26" })}`);
    expect(noPartner.status).toBe(400);
  });
});
