import { describe, expect, it } from "vitest";
import { latin1Text, neutraliseFormula } from "../../src/format/text.ts";
import { xmlIllegalChar } from "../../src/shared/xml-text.ts";

describe("neutraliseFormula", () => {
  it("prefixes what a spreadsheet would run, also after leading whitespace", () => {
    for (const cell of ["=1+1", "+47 22 33 44 55", "-2+3", "@SUM(A1)", "  =1+1", "\u00a0@x"])
      expect(neutraliseFormula(cell), cell).toBe(`'${cell}`);
  });

  it("leaves everything else alone", () => {
    for (const cell of ["Ærlig Rørlegger AS", "1+1", "", "a=b", "Nord-Vest"])
      expect(neutraliseFormula(cell)).toBe(cell);
  });
});

describe("latin1Text", () => {
  it("composes to NFC and maps invisible and typographic characters", () => {
    expect(latin1Text("A\u030Ase\u00A0Ås\u00ADen – «OK» “x” ‘y’…")).toBe("Åse Åsen - «OK» \"x\" 'y'...");
  });
});

describe("xmlIllegalChar", () => {
  it("finds what XML 1.0 cannot carry and allows tab, LF, CR and everything printable", () => {
    expect(xmlIllegalChar("a\u0007b")).toBe("U+0007");
    expect(xmlIllegalChar("\uFFFE")).toBe("U+FFFE");
    expect(xmlIllegalChar("\uD800")).toBe("U+D800");
    expect(xmlIllegalChar("tab\tlf\ncr\r æøå 😀 \u0085")).toBeNull();
  });
});
