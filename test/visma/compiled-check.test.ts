/**
 * The list reader checks each element with zod's compiled check and, when it passes, normalises
 * the element itself instead of a parse output (src/visma/schemas.ts accepts). That holds only
 * while the compiled check accepts exactly what the runtime parser accepts and the schemas build
 * nothing of their own (no transform, default or catch): this file holds both, over a generated
 * company as the sandbox serves it and over hand-made elements at the edges.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { startVismaSandbox, type Sandbox } from "../../src/sandbox/visma/server.ts";
import { generateCompany } from "../../src/sandbox/visma/seed.ts";
import {
  normaliseCashAccount,
  normaliseCustomer,
  normaliseDocument,
  normalisePayment,
  normalisePaymentMethod,
} from "../../src/visma/normalise.ts";
import {
  accepts,
  buildsValue,
  CashAccountDto,
  CustomerDto,
  DocumentDto,
  PaymentDto,
  PaymentMethodDto,
} from "../../src/visma/schemas.ts";
import { apiClient, fixedClock, type Json } from "../sandbox/helpers.ts";
import { invoiceDto } from "./setup.ts";

const ZONE = "Europe/Oslo";
const SCHEMAS = { DocumentDto, CustomerDto, PaymentDto, PaymentMethodDto, CashAccountDto };

describe("the schemas only check", () => {
  it.each(Object.entries(SCHEMAS))("%s builds nothing of its own", (_, schema) => {
    expect(buildsValue(schema)).toEqual([]);
  });

  it("a schema that builds a value is found, and never read as it came", async () => {
    const { z } = await import("zod");
    const trimmed = z.object({ customer: z.object({ number: z.string().trim() }), n: z.coerce.string().optional() });
    expect(buildsValue(trimmed)).toEqual(["customer.number: overwrite", "n: coerce"]);
    expect(buildsValue(z.object({ a: z.array(z.string().transform((v) => v)) }))).toEqual(["a: pipe", "a: transform"]);
    expect(buildsValue(z.object({ a: z.record(z.string(), z.number().default(1)) }))).toEqual(["a: default"]);
    expect(accepts(trimmed, { customer: { number: " 10001 " } })).toBe(false);
  });
});

/** The compiled check agrees with safeParse, and the element normalises as its parse output does. */
function expectSameReading<T>(schema: z.ZodType, element: unknown, normalise: (dto: never) => T): void {
  const parsed = schema.safeParse(element);
  expect(accepts(schema, element), JSON.stringify(element).slice(0, 200)).toBe(parsed.success);
  if (!parsed.success) return;
  const read = (dto: unknown) => {
    try {
      return { value: normalise(dto as never) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  expect(read(element)).toEqual(read(parsed.data));
}

describe("over a generated company, as the sandbox serves it", () => {
  let sandbox: Sandbox;
  let api: Awaited<ReturnType<typeof apiClient>>;
  beforeAll(async () => {
    const data = generateCompany({ seed: 11, customers: 40, documents: 300, today: "2026-11-26", extras: true });
    sandbox = await startVismaSandbox({ clock: fixedClock(), data });
    api = await apiClient(sandbox);
  });
  afterAll(() => sandbox.close());

  const list = async (path: string): Promise<Json[]> => {
    const all: Json[] = [];
    for (let page = 1; page < 100; page++) {
      const sep = path.includes("?") ? "&" : "?";
      const body = (await (await api(`${path}${sep}pageNumber=${page}&pageSize=100`)).json()) as Json[];
      if (body.length === 0) break;
      all.push(...body);
    }
    return all;
  };
  const expand = "expandApplications=true&expandTaxDetails=true&expandInvoiceAddress=true";

  it("invoices and credit notes", async () => {
    const invoices = await list(`/v1/customerinvoice?${expand}`);
    const creditNotes = await list(`/v1/customerCreditNote?${expand}`);
    expect(invoices.length).toBeGreaterThan(100);
    expect(creditNotes.length).toBeGreaterThan(5);
    for (const e of invoices) expectSameReading(DocumentDto, e, (d) => normaliseDocument(d, "Invoice", ZONE));
    for (const e of creditNotes) expectSameReading(DocumentDto, e, (d) => normaliseDocument(d, "CreditNote", ZONE));
  });

  it("customers, payments, payment methods and cash accounts", async () => {
    const customers = await list("/v1/customer?expandPaymentMethods=true");
    const payments = await list("/v1/customerPayment");
    expect(customers.length).toBeGreaterThanOrEqual(40);
    expect(payments.length).toBeGreaterThan(0);
    for (const e of customers) expectSameReading(CustomerDto, e, (d) => normaliseCustomer(d, ZONE));
    for (const e of payments) expectSameReading(PaymentDto, e, (d) => normalisePayment(d, ZONE));
    for (const e of (await (await api("/v1/paymentmethod")).json()) as Json[])
      expectSameReading(PaymentMethodDto, e, normalisePaymentMethod);
    for (const e of (await (await api("/v1/cashaccount")).json()) as Json[])
      expectSameReading(CashAccountDto, e, normaliseCashAccount);
  });
});

describe("at the edges", () => {
  const invoice = (extra: Record<string, unknown>) => ({ ...invoiceDto("000123"), ...extra });
  const cases: Array<[string, unknown]> = [
    ["fields the product does not read", invoice({ newField: { deep: [1, 2] }, metadata: { totalCount: 1 } })],
    [
      "nulls everywhere they are allowed",
      invoice({
        documentDueDate: null,
        paymentMethod: null,
        invoiceAddress: null,
        taxDetails: null,
        applications: null,
        vatTotal: null,
      }),
    ],
    [
      "vatId as text (older answers)",
      invoice({ taxDetails: [{ taxId: null, vatId: "3", vatRate: "25", taxableAmount: "100.00", vatAmount: 25 }] }),
    ],
    ["amounts as decimal text", invoice({ amount: "1250.50", balance: "1250.5" })],
    ["an amount with fractions of an øre", invoice({ amount: 10.005 })],
    ["an amount that is no number", invoice({ amount: "12,50" })],
    ["no customer number", invoice({ customer: { name: "Kunde AS" } })],
    ["an empty reference number", invoice({ referenceNumber: "" })],
    ["a date that is no date", invoice({ documentDate: "27.01.2025" })],
    [
      "a date with an offset",
      invoice({ documentDate: "2025-01-27T00:00:00+01:00", createdDateTime: "2025-01-27T10:46:10Z" }),
    ],
    ["lines that are no list", invoice({ invoiceLines: { lineNumber: 1 } })],
    ["a quantity in exponent form", invoice({ invoiceLines: [{ lineNumber: 1, quantity: "1e3", amount: 10 }] })],
    ["a boolean as text", invoice({ hold: "false" })],
    ["no element at all", null],
    ["a list where an element belongs", [invoiceDto("000124")]],
  ];
  it.each(cases)("%s", (_, element) => {
    expectSameReading(DocumentDto, element, (d) => normaliseDocument(d, "Invoice", ZONE));
  });

  it("does not hold a document back for a field it does not read (a reference's description)", () => {
    const odd = invoice({
      paymentMethod: { id: "FACTORING", description: 7 },
      creditTerms: { id: "30", description: { nb: "30 dager" } },
      taxDetails: [
        { taxId: "3", vatId: { number: "3", description: null }, vatRate: 25, taxableAmount: 100, vatAmount: 25 },
      ],
    });
    expect(accepts(DocumentDto, odd)).toBe(true);
    expect(normaliseDocument(odd as never, "Invoice", ZONE).paymentMethodId).toBe("FACTORING");
  });
});
