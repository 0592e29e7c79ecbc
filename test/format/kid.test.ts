import { describe, expect, it } from "vitest";
import { kidProblem, mod10CheckDigit, mod11CheckDigit } from "../../src/format/kid.ts";

describe("MOD10 (Luhn) check digit — reference §6.2", () => {
  it.each([
    ["1234", "4"], // 8+3+4+1 = 16 → 4
    ["0005067", "4"], // 5+6+0+5 = 16 → 4
  ])("body %s → %s", (body, check) => {
    expect(mod10CheckDigit(body)).toBe(check);
  });

  it("gives 0 when the sum is already a multiple of 10", () => {
    // body "19": 9×2 = 18 → 1+8 = 9, then 1×1 = 1; sum 10 → check 0
    expect(mod10CheckDigit("19")).toBe("0");
  });

  it("rejects a body with non-digits", () => {
    expect(() => mod10CheckDigit("12a4")).toThrow(/digits only/);
  });
});

describe("MOD11 check digit — reference §6.2", () => {
  it.each([
    ["1234", "3"], // sum 30, r 8 → 3
    ["123456", "0"], // sum 77, r 0 → 11 → "0"
    ["300", "-"], // sum 12, r 1 → 10 → "-"
    ["5123400050670100017", "6"], // DnB example, sum 159, r 5 → 6
  ])("body %s → %s", (body, check) => {
    expect(mod11CheckDigit(body)).toBe(check);
  });
});

describe("KID layouts of reference §6.4 validate under their rule", () => {
  it.each([
    ["000506701000172", "mod10"], // Standard / AktivKapital / Handelsbanken Finans
    ["9123400005067009", "mod10"], // Elcon, Nordea Finans
    ["01000171234000506714", "mod10"], // Kfinans
    ["51234000506701000176", "mod11"], // DnB
    ["1231000170050677", "mod10"], // FactorNor
    ["100017798802700050675", "mod10"], // "Langt" / Nordea Finance Equipment
    ["12344", "mod10"],
    ["00050674", "mod10"],
    ["12343", "mod11"],
    ["1234560", "mod11"],
    ["300-", "mod11"],
  ] as const)("%s is a valid %s KID", (kid, rule) => {
    expect(kidProblem(kid, rule)).toBeNull();
  });

  it("the DnB KID fails MOD10 (it would need check digit 5)", () => {
    expect(kidProblem("51234000506701000176", "mod10")).toBe(
      "KID 51234000506701000176 fails the MOD10 check digit (expected 51234000506701000175)",
    );
  });
});

describe("invalid KIDs", () => {
  it("names the expected KID when the check digit is wrong", () => {
    expect(kidProblem("12345", "mod10")).toBe("KID 12345 fails the MOD10 check digit (expected 12344)");
    expect(kidProblem("12344", "mod11")).toBe("KID 12344 fails the MOD11 check digit (expected 12343)");
    expect(kidProblem("3000", "mod11")).toBe("KID 3000 fails the MOD11 check digit (expected 300-)");
  });

  it("allows a final '-' only for MOD11", () => {
    expect(kidProblem("300-", "mod10")).toMatch(/ends with "-".*MOD10/);
    expect(kidProblem("300-", "none")).toMatch(/ends with "-"/);
    expect(kidProblem("30-0", "mod11")).toMatch(/must be digits/);
  });

  it("treats a missing KID as a problem unless the rule is none", () => {
    expect(kidProblem(null, "mod10")).toMatch(/KID is missing/);
    expect(kidProblem("", "mod11")).toMatch(/KID is missing/);
    expect(kidProblem(null, "none")).toBeNull();
    expect(kidProblem("4711", "none")).toBeNull();
  });

  it("enforces 2–25 characters", () => {
    expect(kidProblem("0", "none")).toMatch(/1 characters; a KID has 2–25/);
    const body25 = "1".repeat(25);
    expect(kidProblem(body25 + "1", "none")).toMatch(/26 characters/);
    const body24 = "9".repeat(24);
    expect(kidProblem(body24 + mod10CheckDigit(body24), "mod10")).toBeNull();
  });

  it("rejects letters, spaces and separators", () => {
    expect(kidProblem("12 344", "mod10")).toMatch(/must be digits/);
    expect(kidProblem(" 12344", "mod10")).toMatch(/leading or trailing spaces/);
    expect(kidProblem("1234A", "none")).toMatch(/must be digits/);
  });
});
