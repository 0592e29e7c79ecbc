import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/visma/server.ts";
import { apiClient, json, startSmallSandbox, type Json } from "./helpers.ts";

let sandbox: Sandbox;
let api: Awaited<ReturnType<typeof apiClient>>;

beforeAll(async () => {
  sandbox = await startSmallSandbox({ maxPageSize: { customerInvoice: 4, customerCreditNote: 2 } });
  for (let i = 0; i < 10; i++)
    sandbox.store.createInvoice({ customerNumber: i % 2 ? "10002" : "10001", amountOre: 100_000 + i * 1_000 });
  sandbox.store.createInvoice({
    customerNumber: "10001",
    documentDate: "2026-11-20",
    creditTermsId: "30",
    customerRefNumber: "PO-55",
    sendToAutoInvoice: true,
    lines: [
      { description: "Konsulenttimer", quantity: 7.5, unitPriceOre: 125_000, uom: "TIME" },
      { description: "Servering møte", quantity: 3, unitPriceOre: 8_990, vatRate: 15 },
    ],
  });
  sandbox.store.createCreditNote({ customerNumber: "10001", amountOre: 12_500 });
  sandbox.store.createCreditNote({ customerNumber: "10002", amountOre: 25_000 });
  sandbox.store.createCreditNote({ customerNumber: "10002", amountOre: 37_500 });
  api = await apiClient(sandbox);
});
afterAll(() => sandbox.close());

async function allPages(path: string, pageSize: number): Promise<Json[][]> {
  const pages: Json[][] = [];
  for (let n = 1; n < 20; n++) {
    const body = await json(await api(`${path}${path.includes("?") ? "&" : "?"}pageNumber=${n}&pageSize=${pageSize}`));
    expect(Array.isArray(body)).toBe(true);
    if (body.length === 0) break;
    pages.push(body);
  }
  return pages;
}

describe("paging", () => {
  it("reduces pageSize to the endpoint's forced maximum and puts metadata in every element", async () => {
    const pages = await allPages("/v1/customerinvoice", 1000);
    expect(pages.map((p) => p.length)).toEqual([4, 4, 3]);
    for (const element of pages.flat()) expect(element.metadata).toEqual({ totalCount: 11, maxPageSize: 4 });
    expect(pages.flat().map((d) => d.referenceNumber)).toEqual([
      "000001",
      "000002",
      "000003",
      "000004",
      "000005",
      "000006",
      "000007",
      "000008",
      "000009",
      "000010",
      "000011",
    ]);
  });

  it("honours a smaller pageSize and is 1-based", async () => {
    const first = await json(await api("/v1/customerinvoice?pageNumber=1&pageSize=3"));
    const second = await json(await api("/v1/customerinvoice?pageNumber=2&pageSize=3"));
    expect(first.map((d: Json) => d.referenceNumber)).toEqual(["000001", "000002", "000003"]);
    expect(second.map((d: Json) => d.referenceNumber)).toEqual(["000004", "000005", "000006"]);
    expect(second[0].metadata).toEqual({ totalCount: 11, maxPageSize: 4 });
  });

  it("applies a per-endpoint maximum to credit notes and the default (100) elsewhere", async () => {
    const pages = await allPages("/v1/customerCreditNote", 50);
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    const customers = await json(await api("/v1/customer?pageSize=5000"));
    expect(customers[0].metadata).toEqual({ totalCount: 2, maxPageSize: 100 });
  });

  it("refuses pageNumber 0", async () => {
    const res = await api("/v1/customerinvoice?pageNumber=0");
    expect(res.status).toBe(400);
    expect((await json(res)).ExceptionMessage).toMatch(/pageNumber/);
  });

  it("returns an empty array beyond the last page", async () => {
    expect(await json(await api("/v1/customerinvoice?pageNumber=9&pageSize=4"))).toEqual([]);
  });
});

describe("document DTOs", () => {
  it("renders an invoice with lines, VAT per code, KID, address and two-decimal amounts", async () => {
    const res = await api("/v1/customerinvoice/000011");
    expect(res.status).toBe(200);
    const text = await res.text();
    // 7.5 × 1250.00 = 9375.00, 3 × 89.90 = 269.70; VAT 2343.75 + 40.46 (15 % of 269.70 = 40.455 → 40.46)
    expect(text).toContain(`"amount":12028.91`);
    expect(text).toContain(`"vatTotal":2384.21`);
    expect(text).toContain(`"balance":12028.91`);
    expect(text).toContain(`"cashDiscount":0.00`);
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({
      documentType: "Invoice",
      referenceNumber: "000011",
      status: "Open",
      hold: false,
      documentDate: "2026-11-20T00:00:00",
      documentDueDate: "2026-12-20T00:00:00",
      createdDateTime: "2026-11-27T15:45:00.000",
      lastModifiedDateTime: "2026-11-27T15:45:00.000",
      customer: { number: "10001", name: "Ærlig Rørlegger AS" },
      currencyId: "NOK",
      paymentMethod: { id: "FACTORING", description: "Factoring" },
      paymentReference: "100010000113", // MOD10 of customer + document number,
      customerRefNumber: "PO-55",
      sendToAutoInvoice: true,
      creditTerms: { id: "30", description: "30 dager netto" },
      invoiceAddress: {
        addressLine1: "Storgata 1",
        postalCode: "0155",
        city: "Oslo",
        country: { id: "NO", name: "Norge" },
      },
      applications: [],
    });
    expect(doc.invoiceLines).toEqual([
      expect.objectContaining({
        lineNumber: 1,
        description: "Konsulenttimer",
        quantity: 7.5,
        unitPrice: 1250,
        amount: 9375,
        vatCode: expect.objectContaining({ id: "3" }),
        uom: "TIME",
      }),
      expect.objectContaining({
        lineNumber: 2,
        description: "Servering møte",
        quantity: 3,
        unitPrice: 89.9,
        amount: 269.7,
        vatCode: expect.objectContaining({ id: "31" }),
        uom: "STK",
      }),
    ]);
    expect(doc.taxDetails).toEqual([
      {
        taxId: "3",
        recordId: 1,
        vatId: { number: "3", description: "Utgående mva 25 %" },
        vatRate: 25,
        taxableAmount: 9375,
        vatAmount: 2343.75,
      },
      {
        taxId: "31",
        recordId: 2,
        vatId: { number: "31", description: "Utgående mva 15 %" },
        vatRate: 15,
        taxableAmount: 269.7,
        vatAmount: 40.46,
      },
    ]);
    expect(doc.metadata).toBeUndefined();
  });

  it("lists child collections only when their expand flag asks for them", async () => {
    const children = ["applications", "taxDetails", "invoiceAddress", "attachments"];
    const plain = await json(await api("/v1/customerinvoice?pageSize=1"));
    for (const c of children) expect(plain[0][c], c).toBeUndefined();
    expect(plain[0].invoiceLines).toHaveLength(1); // lines have no flag
    const some = await json(await api("/v1/customerinvoice?pageSize=1&expandTaxDetails=true&expandApplications=false"));
    expect(Object.keys(some[0]).filter((k) => children.includes(k))).toEqual(["taxDetails"]);
    const all = await json(
      await api(
        "/v1/customerinvoice?pageSize=1&expandTaxDetails=true&expandApplications=true&expandInvoiceAddress=true&expandAttachments=true",
      ),
    );
    for (const c of children) expect(all[0][c], c).toBeDefined();
  });

  it("a foreign-currency document: its own amounts, and the company's NOK figures in every …InCurrency field", async () => {
    const doc = sandbox.store.createInvoice({
      customerNumber: "10001",
      currencyId: "EUR",
      amountOre: 10_050,
      exchangeRate: 11.4852,
    });
    const dto = await json(await api(`/v1/customerinvoice/${doc.referenceNumber}`));
    expect(dto).toMatchObject({
      currencyId: "EUR",
      exchangeRate: 11.4852,
      amount: 100.5,
      amountInCurrency: 1154.26,
      balance: 100.5,
      balanceInCurrency: 1154.26,
      vatTotal: 20.1,
      vatTotalInCurrency: 230.85,
    });
    expect(dto.invoiceLines[0]).toMatchObject({ amount: 80.4, amountInCurrency: 923.41 });
  });

  it("renders credit notes with lines[] (not invoiceLines) and positive amounts; paths are case-insensitive", async () => {
    for (const path of [
      "/v1/customerCreditNote/000012",
      "/v1/CustomerCreditNote/000012",
      "/v1/customercreditnote/000012",
    ]) {
      const doc = await json(await api(path));
      expect(doc.documentType).toBe("CreditNote");
      expect(doc.amount).toBe(125);
      expect(doc.vatTotal).toBe(25);
      expect(doc.lines).toHaveLength(1);
      expect(doc.invoiceLines).toBeUndefined();
    }
  });

  it("answers 404 for an unknown document and for an invoice number asked as a credit note", async () => {
    for (const path of ["/v1/customerinvoice/999999", "/v1/customerCreditNote/000001"]) {
      const res = await api(path);
      expect(res.status).toBe(404);
      expect((await json(res)).message).toMatch(/^VismaId: [0-9a-f-]{36}\. .* not found\.$/);
    }
  });
});

describe("customers, payment methods, cash accounts", () => {
  it("lists customers with paymentMethods[] only when expandPaymentMethods=true", async () => {
    const plain = await json(await api("/v1/customer"));
    expect(plain[0]).toMatchObject({
      number: "10001",
      name: "Ærlig Rørlegger AS",
      corporateId: "905992678",
      defaultPaymentMethodId: "FACTORING",
    });
    expect(plain[0].paymentMethods).toBeUndefined();
    const expanded = await json(await api("/v1/customer?expandPaymentMethods=true"));
    expect(expanded[0].paymentMethods).toEqual([
      { paymentMethodId: "FACTORING", isDefault: true },
      { paymentMethodId: "BANK", isDefault: false },
    ]);
    const one = await json(await api("/v1/customer/10002?expandPaymentMethods=true"));
    expect(one).toMatchObject({
      number: "10002",
      name: "Østfold Bølgeblikk AS",
      mainContact: { email: "faktura@kunde10002.no" },
    });
    // The single GET declares no expand flag (contract): the flag is ignored, the default is named (A64).
    expect(one.defaultPaymentMethodId).toBe("BANK");
    expect(one.paymentMethods).toBeUndefined();
  });

  it("lists payment methods and cash accounts as bare arrays without paging metadata", async () => {
    const methods = await json(await api("/v1/paymentmethod?pageSize=1"));
    expect(methods.map((m: Json) => m.paymentMethodID)).toEqual(["FACTORING", "BANK", "KORT"]);
    expect(methods[0]).toMatchObject({ description: "Factoring", active: true, meansOfPayment: "DirectDeposit" });
    expect(methods[0].metadata).toBeUndefined();
    const accounts = await json(await api("/v1/cashaccount"));
    expect(accounts.map((a: Json) => [a.number, a.currency])).toEqual([
      ["1500", "NOK"],
      ["1510", "NOK"],
      ["1920", "NOK"],
    ]);
  });

  it("sends Ipp-Request-Id and rate-limit headers on API responses", async () => {
    const res = await api("/v1/cashaccount");
    expect(res.headers.get("ipp-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-ratelimit-policy")).toBe("4-fixed-window");
    expect(Number(res.headers.get("x-ratelimit-limit"))).toBe(10000);
    expect(Number(res.headers.get("x-ratelimit-remaining"))).toBeLessThan(10000);
  });

  it("counts requests per path", async () => {
    expect(sandbox.stats.byPath["/v1/customerinvoice"]).toBeGreaterThanOrEqual(5);
    expect(sandbox.stats.requests).toBeGreaterThan(sandbox.stats.tokenRequests);
  });
});
