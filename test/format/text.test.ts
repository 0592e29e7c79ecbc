import { describe, expect, it } from "vitest";
import { latin1File } from "../../src/format/fixed-width.ts";
import { firstNonLatin1, isLatin1, latin1Lossy, latin1Text, neutraliseFormula } from "../../src/format/text.ts";
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

  it("leaves text below U+0300 without a mapped character as it is: NFC does too (the fast path's ground)", () => {
    const changed: string[] = [];
    for (let a = 0; a < 0x300; a++)
      for (let b = 0; b < 0x300; b++) {
        const pair = String.fromCharCode(a, b);
        if (pair.normalize("NFC") !== pair) changed.push(pair);
      }
    expect(changed).toEqual([]);
    expect(latin1Text("Ærlig Rørlegger AS, Tromsø ÿ\u02ff")).toBe("Ærlig Rørlegger AS, Tromsø ÿ\u02ff");
    expect(latin1Text("Ø\u0308 \u00a0x\u00ad")).toBe("Ø\u0308  x"); // from U+0300, and the mapped ones, still normalised
    expect(latin1Text("\u212b")).toBe("Å"); // the ångström sign's NFC form
  });
});

describe("the characters a Latin-1 file can carry", () => {
  /** The rule walked character by character: the reference for the regular expressions. */
  function firstByWalk(text: string): string | null {
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code > 0xff) return ch;
    }
    return null;
  }

  it("finds the first character Latin-1 cannot carry, whole surrogate pairs and lone surrogates alike", () => {
    const wrong: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const text = `ab${String.fromCharCode(code)}c😀`;
      if (firstNonLatin1(text) !== firstByWalk(text) || isLatin1(text) !== (firstByWalk(text) === null))
        wrong.push(code);
    }
    expect(wrong).toEqual([]);
    expect(firstNonLatin1("Åse 😀 \u0085")).toBe("😀");
    expect(firstNonLatin1("x\ud800y")).toBe("\ud800");
    expect(firstNonLatin1("x\udc00\ud800")).toBe("\udc00");
    expect(isLatin1("Ærlig Rørlegger AS «ÿ»")).toBe(true);
    expect(isLatin1("")).toBe(true);
    expect(latin1Lossy("Å😀\t€x\ud800")).toBe("Å???x?");
  });

  it("writes records with CRLF after each, and refuses a record that Latin-1 cannot carry or that a CR or LF would split", () => {
    expect(latin1File(["Åse", "b"])).toEqual(Buffer.from([0xc5, 0x73, 0x65, 0x0d, 0x0a, 0x62, 0x0d, 0x0a]));
    expect(latin1File([])).toEqual(Buffer.alloc(0));
    for (const record of ["a€", "a\r\nb", "a\nb", "a\u0085"])
      expect(() => latin1File(["ok", record])).toThrow("internal error: a record holds a character outside ISO-8859-1");
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
