import { describe, expect, it } from "vitest";
import {
  decimalText,
  formatMoney,
  oreToApi,
  oreToDecimalString,
  sumOre,
  toOre,
  toOreRounded,
} from "../../src/shared/money.ts";

describe("money in øre", () => {
  it("reads API amounts exactly, through their decimal text", () => {
    expect(toOre(1250.5)).toBe(125_050);
    expect(toOre("1250.50")).toBe(125_050);
    expect(toOre(-0.05)).toBe(-5);
    expect(toOre("-0")).toBe(0);
    expect(toOre("12.3400")).toBe(1234);
  });

  it("refuses fractions of an øre and non-decimals instead of rounding them away", () => {
    expect(() => toOre("12.345")).toThrow(/fractions of an øre/);
    expect(() => toOre("abc")).toThrow(/not a decimal amount/);
    expect(() => toOre(Number.NaN)).toThrow(/not a finite amount/);
    // A float artefact (1.005 * 1000 = 1004.9999999999999) is refused, not silently rounded.
    expect(() => toOre(1.005 * 1000)).toThrow(/fractions of an øre/);
  });

  it("reads a JSON number as its decimal text says, whatever path it takes", () => {
    // Numbers take a path around the text (money.ts wholeOre); the text decides all the same.
    const outcome = (f: () => number) => {
      try {
        return f();
      } catch {
        return "refused";
      }
    };
    let seed = 7;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647);
    for (let i = 0; i < 20_000; i++) {
      const decimals = next() % 5;
      const magnitude = 10 ** (next() % 13);
      const value = ((next() % magnitude) * (next() % 2 ? -1 : 1)) / 10 ** decimals;
      const text = String(value);
      if (/e/.test(text)) continue;
      expect(
        outcome(() => toOre(value)),
        text,
      ).toBe(outcome(() => toOre(text)));
      expect(
        outcome(() => toOreRounded(value)),
        text,
      ).toBe(outcome(() => toOreRounded(text)));
    }
    expect(Object.is(toOre(-0), 0)).toBe(true);
    expect(toOre(99_999_999_999.99)).toBe(9_999_999_999_999);
    expect(() => toOre(0.001)).toThrow(/fractions of an øre/);
  });

  it("rounds informational values half away from zero on the text", () => {
    expect(toOreRounded("12.3450")).toBe(1235);
    expect(toOreRounded("12.3449")).toBe(1234);
    expect(toOreRounded("-12.345")).toBe(-1235);
    expect(toOreRounded(1.005)).toBe(101); // 1.005 as a double is 1.00499…, its text is "1.005"
  });

  it("renders amounts without float artefacts", () => {
    expect(decimalText(1e-7)).toBe("0.0000001");
    expect(decimalText(2.5)).toBe("2.5");
    expect(oreToDecimalString(-5)).toBe("-0.05");
    expect(oreToApi(112_500)).toBe(1125);
    expect(formatMoney(123_456_789, "NOK")).toBe("1 234 567,89 NOK");
    expect(formatMoney(-31_250, "EUR")).toBe("−312,50 EUR");
  });

  it("sums integers and refuses anything else", () => {
    expect(sumOre([10, 20, 30])).toBe(60);
    expect(() => sumOre([10, 0.5])).toThrow(/not an integer øre amount/);
  });
});
