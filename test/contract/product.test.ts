/**
 * The product against Visma's published contract (visma-contract.json): every field its zod
 * schemas read exists there with a compatible type, every query parameter it sends is one the
 * operation declares (with an enum member where there is an enum), and the bodies it writes are
 * instances of the request types.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  ActionResultDto,
  CashAccountDto,
  CustomerDto,
  DocumentDto,
  MetadataDto,
  PaymentDto,
  PaymentMethodDto,
} from "../../src/visma/schemas.ts";
import { buildPaymentBody, releaseBody } from "../../src/visma/writes.ts";
import { startFake, type FakeVisma } from "../visma/fake-server.ts";
import { clientFor } from "../visma/setup.ts";
import { compareWithContract, operationFor, validateAgainst, zodShape } from "./contract.ts";

/**
 * Union branches the product accepts beyond the contract, each an older or undocumented answer.
 * taxDetails[].vatId: the contract has an object {number, description}; older answers carried the
 * id as a plain string.
 */
const LEGACY = new Set(["DocumentDto.taxDetails[].vatId"]);

describe("the product's schemas read only what the contract has", () => {
  const cases: Array<[string, Parameters<typeof zodShape>[0], string[]]> = [
    ["DocumentDto", DocumentDto, ["CustomerInvoiceDto", "CustomerCreditNoteDto"]],
    ["CustomerDto", CustomerDto, ["CustomerDto"]],
    ["PaymentDto", PaymentDto, ["PaymentDto"]],
    ["PaymentMethodDto", PaymentMethodDto, ["PaymentMethodDto"]],
    ["CashAccountDto", CashAccountDto, ["CashAccountDto"]],
    ["ActionResultDto", ActionResultDto, ["ReleasePaymentActionResultDto"]],
    ["MetadataDto", MetadataDto, ["MetadataDto"]],
  ];
  it.each(cases)("%s", (name, schema, types) => {
    expect(compareWithContract(zodShape(schema), types, name, LEGACY)).toEqual([]);
  });

  it("the comparison catches an invented field and a wrong type", async () => {
    const { z } = await import("zod");
    const invented = z.object({
      referenceNumber: z.string(),
      sentToAutoInvoice: z.boolean().nullish(),
      amount: z.boolean(),
    });
    expect(compareWithContract(zodShape(invented), ["CustomerInvoiceDto"], "X", LEGACY)).toEqual([
      'X.sentToAutoInvoice: no field "sentToAutoInvoice" in CustomerInvoiceDto',
      "X.amount: the contract has number:double, the schema reads a boolean",
    ]);
  });
});

describe("the bodies the product writes are instances of the request types", () => {
  it("POST /v1/customerPayment (PaymentUpdateDto) and the release action (ReleasePaymentActionDto)", () => {
    const body = buildPaymentBody({
      type: "Payment",
      customerNumber: "10001",
      applicationDate: "2026-11-27",
      paymentRef: "VF-20261126-01-000701",
      paymentMethodId: "FACTORING",
      cashAccount: "1510",
      currency: "EUR",
      amountOre: 10_050,
      description: "Factoring acme-20261126-01",
      lines: [{ documentType: "Invoice", refNbr: "000701", amountPaidOre: 10_050 }],
    });
    expect(operationFor("POST", "/v1/customerPayment").requestBody).toBe("PaymentUpdateDto");
    expect(validateAgainst(body, "PaymentUpdateDto")).toEqual([]);
    expect(operationFor("POST", "/v1/customerPayment/000123/action/release").requestBody).toBe(
      "ReleasePaymentActionDto",
    );
    expect(validateAgainst(releaseBody("Refund"), "ReleasePaymentActionDto")).toEqual([]);
  });
});

describe("the query parameters the product sends are declared by the operation", () => {
  let fake: FakeVisma | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it("every list and single read", async () => {
    fake = await startFake({
      api: (req) => ({
        status: 200,
        body: /\/v1\/(customerinvoice|customerCreditNote|customerPayment|customer)\/./i.test(req.path) ? {} : [],
      }),
    });
    const { client } = clientFor(fake);
    const since = { value: "2026-11-26T12:45:00", condition: ">=" as const };
    await client.listInvoices({
      status: "Open",
      lastModifiedDateTime: since,
      customer: "10001",
      documentDate: { value: "2026-11-01", condition: ">=" },
    });
    await client.listCreditNotes({ createdDateTime: since });
    await client.listCustomers({ lastModifiedDateTime: since });
    await client.listCustomers({ pagesAtMost: 3 }); // a read bound, never sent
    await client.getCustomer("10001").catch(() => undefined);
    await client.listPayments({
      customer: "10001",
      paymentType: "Payment",
      status: "Closed",
      docDate: { value: "2026-11-26", condition: ">=" },
      invoiceRefNbr: "000701",
    });
    await client.listPaymentMethods();
    await client.listCashAccounts();
    await client.getInvoice("000701").catch(() => undefined);
    await client.getCreditNote("000702").catch(() => undefined);
    await client.getPayment("000703").catch(() => undefined);

    const problems: string[] = [];
    for (const req of fake.requests) {
      const op = operationFor(req.method, req.path);
      for (const [name, value] of req.query) {
        const param = op.parameters.find((p) => p.name === name && p.in === "query");
        if (!param) problems.push(`${req.method} ${req.path}: ${name} is not a parameter of ${op.operationId}`);
        else if (param.enum && !param.enum.includes(value))
          problems.push(`${req.method} ${req.path}: ${name}=${value} is not one of ${param.enum.join(", ")}`);
      }
    }
    expect(problems).toEqual([]);
    expect(fake.requests).toHaveLength(11);
  });
});
