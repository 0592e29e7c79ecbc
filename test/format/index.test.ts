import { describe, expect, it } from "vitest";
import { batchFileStem, formatterFor } from "../../src/format/index.ts";
import { batch, csvFactor, ehfFactor, sgfFactor } from "./fixtures.ts";

describe("batchFileStem", () => {
  it("builds <tenant>_<yyyyMMdd>_<nn>", () => {
    expect(batchFileStem("acme", "2026-11-27", 1)).toBe("acme_20261127_01");
    expect(batchFileStem("nord-lys", "2027-01-02", 12)).toBe("nord-lys_20270102_12");
  });

  it("refuses values that would make an unsafe or ambiguous file name", () => {
    expect(() => batchFileStem("../acme", "2026-11-27", 1)).toThrow(/not usable in a file name/);
    // "_" separates the parts of the name; ids follow the tenant file rule (config/load.ts).
    expect(() => batchFileStem("acme_2", "2026-11-27", 1)).toThrow(/not usable in a file name/);
    expect(() => batchFileStem("acme", "27.11.2026", 1)).toThrow(/not yyyy-MM-dd/);
    expect(() => batchFileStem("acme", "2026-02-30", 1)).toThrow(/not yyyy-MM-dd/);
    expect(() => batchFileStem("acme", "2026-11-27", 0)).toThrow(/from 1 to 99/);
    expect(() => batchFileStem("acme", "2026-11-27", 100)).toThrow(/from 1 to 99/);
  });
});

describe("formatterFor", () => {
  it("gives the formatter of each format, which writes that format's files", () => {
    expect(
      formatterFor(sgfFactor().format)
        .format(batch(sgfFactor()))
        .map((f) => f.name.slice(-4)),
    ).toEqual([".SGF", ".SGK"]);
    expect(
      formatterFor(ehfFactor().format)
        .format(batch(ehfFactor()))
        .map((f) => f.name.slice(-4)),
    ).toEqual([".xml", ".xml", ".xml", ".xml"]);
    expect(
      formatterFor(csvFactor().format)
        .format(batch(csvFactor()))
        .map((f) => f.name),
    ).toEqual(["acme_20261127_01.csv"]);
  });

  it("refuses factor settings of another format (a wiring error, not a document problem)", () => {
    const sgf = formatterFor(sgfFactor().format);
    expect(() => sgf.format(batch(csvFactor()))).toThrow(/SGF formatter was given format csv/);
    expect(() =>
      formatterFor(ehfFactor().format).check(batch(sgfFactor()).documents[0]!, undefined, sgfFactor()),
    ).toThrow(/EHF formatter was given format sgf/);
  });
});
