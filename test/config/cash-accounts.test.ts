import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cashAccountFor } from "../../src/config/cash-account.ts";
import { parseTenantText } from "../../src/config/load.ts";

const demo = readFileSync(join(import.meta.dirname, "..", "..", "tenants", "demo.yaml"), "utf8");
const withAccounts = (text: string) =>
  parseTenantText(
    "tenants/demo.yaml",
    demo.replace('cashAccount: "1510"\n', `cashAccount: "1510"\n  cashAccounts: ${text}\n`),
  );

describe("closing.cashAccounts", () => {
  it("names an account per currency; every other currency uses closing.cashAccount", () => {
    const { tenant, problems } = withAccounts('{ EUR: "1511" }');
    expect(problems).toEqual([]);
    expect(cashAccountFor(tenant!.closing, "EUR")).toBe("1511");
    expect(cashAccountFor(tenant!.closing, "NOK")).toBe("1510");
    expect(cashAccountFor({ cashAccount: "1510" }, "EUR")).toBe("1510");
  });

  it("refuses a key that is not a currency code and an account that is not digits, naming the option", () => {
    expect(withAccounts('{ eur: "1511" }').problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'closing.cashAccounts.eur: "eur" is not a currency code: use three capital letters such as EUR',
    ]);
    expect(withAccounts("{ EUR: 1511.5 }").problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "closing.cashAccounts.EUR: expected a string of digits, got 1511.5",
    ]);
  });
});
