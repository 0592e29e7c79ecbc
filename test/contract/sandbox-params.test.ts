/**
 * The sandbox accepts only the query parameters Visma's contract declares: every name a sandbox
 * handler reads (through src/sandbox/visma/filters.ts, the only place query parameters are read)
 * is a query parameter of the operation the request is (visma-contract.json). A handler that
 * honoured a parameter Visma.net does not have would let the product rely on it unnoticed.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Sandbox } from "../../src/sandbox/visma/server.ts";
import { apiClient, startSmallSandbox } from "../sandbox/helpers.ts";
import { operationFor } from "./contract.ts";

const asked = vi.hoisted(() => new Set<string>());
/** The values the sandbox allows for each enum parameter it reads, by name. */
const enums = vi.hoisted(() => new Map<string, readonly string[]>());

vi.mock("../../src/sandbox/visma/filters.ts", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/sandbox/visma/filters.ts")>();
  return {
    ...actual,
    param: (params: URLSearchParams, name: string) => {
      asked.add(name);
      return actual.param(params, name);
    },
    enumParam: (params: URLSearchParams, name: string, allowed: readonly string[]) => {
      asked.add(name);
      enums.set(name, allowed);
      return actual.enumParam(params, name, allowed);
    },
    booleanParam: (params: URLSearchParams, name: string) => {
      asked.add(name);
      return actual.booleanParam(params, name);
    },
    readDateCondition: (params: URLSearchParams, name: string) => {
      asked.add(name);
      asked.add(`${name}Condition`);
      return actual.readDateCondition(params, name);
    },
    readPaging: (params: URLSearchParams, maxPageSize: number) => {
      asked.add("pageNumber");
      asked.add("pageSize");
      return actual.readPaging(params, maxPageSize);
    },
  };
});

let sandbox: Sandbox;
let api: Awaited<ReturnType<typeof apiClient>>;

beforeAll(async () => {
  sandbox = await startSmallSandbox();
  api = await apiClient(sandbox);
});
afterAll(() => sandbox?.close());

describe("every query parameter the sandbox reads is declared by the contract's operation", () => {
  const reads = [
    "/v1/customerinvoice",
    "/v1/customerinvoice/000001",
    "/v1/customerCreditNote",
    "/v1/customerCreditNote/000001",
    "/v1/customerDebitNote",
    "/v1/customer",
    "/v1/customer/10001",
    "/v1/customerPayment",
    "/v1/customerPayment/000001",
    "/v1/paymentmethod",
    "/v1/cashaccount",
  ];
  it.each(reads)("GET %s", async (path) => {
    asked.clear();
    enums.clear();
    await (await api(path)).text();
    const op = operationFor("GET", path);
    const declared = new Set(op.parameters.filter((p) => p.in === "query").map((p) => p.name.toLowerCase()));
    expect([...asked].filter((name) => !declared.has(name.toLowerCase()))).toEqual([]);
    // A parameter with an enum in the contract is read with exactly the contract's values.
    const withEnum = op.parameters.filter((p) => p.in === "query" && p.enum && asked.has(p.name));
    for (const p of withEnum) expect([...(enums.get(p.name) ?? [])].sort(), p.name).toEqual([...p.enum!].sort());
    expect([...enums.keys()].sort()).toEqual(withEnum.map((p) => p.name).sort());
  });

  it("refuses a value outside a parameter's enum with 400, and takes the contract's values", async () => {
    for (const path of [
      "/v1/customerinvoice?status=Paid",
      "/v1/customer?status=Deleted",
      "/v1/customerPayment?paymentType=Cheque",
      "/v1/customerPayment?status=Released",
    ]) {
      const res = await api(path);
      expect(res.status, path).toBe(400);
      expect(await res.text(), path).toMatch(/is not valid\. Use one of/);
    }
    for (const path of [
      "/v1/customerinvoice?status=Open",
      "/v1/customer?status=Active",
      "/v1/customerPayment?paymentType=VoidRefund&status=Closed",
    ])
      expect((await api(path)).status, path).toBe(200);
  });

  it("reads the contract has no operation for are not served", async () => {
    for (const path of ["/v1/customerDebitNote/000001", "/v1/paymentmethod/FACTORING", "/v1/cashaccount/1510"]) {
      expect(() => operationFor("GET", path)).toThrow(/no operation/);
      expect((await api(path)).status, path).toBe(404);
    }
  });

  it("the recording sees what a list reads (so an empty result above means something)", async () => {
    asked.clear();
    await (await api("/v1/customer")).text();
    expect(asked).toContain("expandPaymentMethods");
    expect(asked).toContain("lastModifiedDateTimeCondition");
    expect(asked).toContain("pageSize");
  });
});
