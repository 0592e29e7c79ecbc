import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { create } from "xmlbuilder2";
import { bankAccountProblem, orgNumberProblem } from "../../src/shared/norwegian-numbers.ts";
import { GOLDEN_DIR } from "../format/golden.ts";

describe("Norwegian organisation numbers (MOD11, weights 3 2 7 6 5 4 3 2)", () => {
  it("accepts real and fixture numbers", () => {
    // Brønnøysundregistrene, Skatteetaten, the fixtures' factor and supplier.
    for (const n of ["974760673", "974761076", "920058817", "998877660", "912345661", "923456783", "934567897"]) {
      expect(orgNumberProblem(n), n).toBeNull();
    }
  });

  it("names what is wrong", () => {
    expect(orgNumberProblem("998877665")).toBe(
      "fails the organisation-number check digit (MOD11): the last digit should be 0",
    );
    // Bodies whose check would be 10 have no valid number at all.
    expect(orgNumberProblem("912345678")).toBe(
      "fails the organisation-number check digit (MOD11): no valid number starts with 91234567",
    );
    expect(orgNumberProblem("12345678")).toBe("is not 9 digits");
    expect(orgNumberProblem("NO912345661MVA")).toBe("is not 9 digits");
  });
});

describe("Norwegian bank account numbers (MOD11, weights 5 4 3 2 7 6 5 4 3 2)", () => {
  it("accepts valid accounts and refuses typos", () => {
    expect(bankAccountProblem("60010512347")).toBeNull();
    expect(bankAccountProblem("15032080119")).toBeNull();
    expect(bankAccountProblem("60010512345")).toBe(
      "fails the account-number check digit (MOD11): the last digit should be 7",
    );
    expect(bankAccountProblem("6001051234")).toBe("is not 11 digits");
  });
});

/** Every organisation number a golden file carries, with where it was found. */
function orgNumbersIn(name: string, content: Buffer): { where: string; value: string }[] {
  const found: { where: string; value: string }[] = [];
  if (name.endsWith(".xml")) {
    interface El {
      nodeType: number;
      localName: string;
      textContent: string | null;
      childNodes: ArrayLike<El>;
      getAttribute(n: string): string | null;
    }
    const walk = (el: El, path: string): void => {
      for (const child of Array.from(el.childNodes)) {
        if (child.nodeType !== 1) continue;
        const here = `${path}/${child.localName}`;
        const text = (child.textContent ?? "").trim();
        if (child.getAttribute("schemeID") === "0192") found.push({ where: here, value: text });
        // NO-R-001: the seller's VAT number is "NO" + organisation number + "MVA".
        const vat = /^NO(\d+)MVA$/.exec(text);
        if (child.localName === "CompanyID" && vat) found.push({ where: here, value: vat[1]! });
        walk(child, here);
      }
    };
    walk(create(content.toString("utf8")).root().node as unknown as El, "");
  } else if (name.endsWith(".SGK")) {
    content
      .toString("latin1")
      .split("\r\n")
      .filter(Boolean)
      .forEach((record, i) => {
        const k5 = record.slice(18, 29).trim(); // K5, positions 19–29: 9 digits = organisation number
        if (k5.length === 9) found.push({ where: `record ${i + 1} K5`, value: k5 });
      });
  } else if (name.endsWith(".csv")) {
    const text = content.toString(name.startsWith("beta") ? "latin1" : "utf8").replace(/^\uFEFF/, "");
    const [header, ...rows] = text.split("\r\n").filter(Boolean);
    const delimiter = header!.includes(";") ? ";" : ",";
    const column = header!.split(delimiter).indexOf("organizationNumber");
    if (column >= 0)
      rows.forEach((row, i) => found.push({ where: `row ${i + 1}`, value: row.split(delimiter)[column]! }));
  } else if (!name.endsWith(".SGF")) {
    throw new Error(`golden file ${name}: the organisation-number scan does not know this kind of file; teach it`);
  }
  return found;
}

describe("golden files", () => {
  it("every organisation number in every golden file passes MOD11 (PEPPOL-COMMON-R041, NO-R-001)", () => {
    const names = readdirSync(GOLDEN_DIR).sort();
    const all = names.flatMap((name) =>
      orgNumbersIn(name, readFileSync(join(GOLDEN_DIR, name))).map((f) => ({ name, ...f })),
    );
    // EHF: supplier endpoint, legal id and VAT number; customer endpoint and legal id; payee id and legal id.
    expect(all.filter((f) => f.name.endsWith(".xml")).length).toBeGreaterThanOrEqual(4 * 7);
    expect(all.some((f) => f.name.endsWith(".SGK"))).toBe(true);
    expect(all.some((f) => f.name.endsWith(".csv"))).toBe(true);
    const bad = all.filter((f) => orgNumberProblem(f.value) !== null).map((f) => `${f.name} ${f.where}: ${f.value}`);
    expect(bad).toEqual([]);
  });
});
