import { describe, expect, it } from "vitest";
import { parseString } from "fast-csv";
import { formatterFor } from "../../src/format/index.ts";
import { FormatError } from "../../src/format/types.ts";
import type { ArDocument, Customer } from "../../src/visma/types.ts";
import { batch, copy, CUSTOMERS, csvFactor, DOCUMENTS, nordeaKid } from "./fixtures.ts";
import { expectGolden } from "./golden.ts";

const utf8Factor = csvFactor(); // defaults: ";" delimiter, header, "," decimals, utf-8
const latin1Factor = csvFactor({
  columns: ["documentNumber", "customerName", "amount", "vatAmount", "kid", "city", "dueDate", "customerReference"],
  delimiter: ",",
  header: false,
  decimalSeparator: ".",
  encoding: "latin1",
});
const formatter = formatterFor(utf8Factor.format);
const [invoice] = DOCUMENTS as [ArDocument];
const [aerlig] = CUSTOMERS as [Customer];

/** Reads a file back with fast-csv's parser (independent of how it was written). */
async function rows(content: Buffer, encoding: BufferEncoding, delimiter: string): Promise<string[][]> {
  const out: string[][] = [];
  await new Promise<void>((resolve, reject) => {
    parseString(content.toString(encoding), { delimiter })
      .on("data", (row: string[]) => out.push(row))
      .on("error", reject)
      .on("end", () => resolve());
  });
  return out;
}

describe("CSV golden files", () => {
  it("utf-8 with header, ';' and decimal comma", () => {
    const files = formatter.format(batch(utf8Factor));
    expect(files.map((f) => f.name)).toEqual(["acme_20261127_01.csv"]);
    expectGolden(files[0]!);
  });

  it("latin1 without header, ',' and decimal point", () => {
    const files = formatter.format(batch(latin1Factor, { tenantId: "beta", sequence: 2, batchId: "beta-20261127-02" }));
    expect(files.map((f) => f.name)).toEqual(["beta_20261127_02.csv"]);
    expectGolden(files[0]!);
  });
});

describe("CSV content", () => {
  it("every row ends with CRLF, the header names the columns, values sit in their columns", async () => {
    const [file] = formatter.format(batch(utf8Factor));
    const text = file!.content.toString("utf8");
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.split("\r\n")).toHaveLength(DOCUMENTS.length + 2); // header + rows + "" after the last CRLF
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const parsed = await rows(file!.content, "utf8", ";");
    const columns = (utf8Factor.format as { columns: string[] }).columns;
    expect(parsed[0]).toEqual(columns);
    const record = (i: number) => Object.fromEntries(columns.map((c, j) => [c, parsed[i]![j]]));
    expect(record(1)).toMatchObject({
      documentType: "Invoice",
      documentNumber: "100234",
      customerName: "Ærlig Rørlegger AS",
      organizationNumber: "912345661",
      documentDate: "2026-11-25",
      dueDate: "2026-12-09",
      amount: "3062,50",
      vatAmount: "612,50",
      kid: nordeaKid("100234"),
      city: "Oslo",
    });
    // Credit notes are negative (ASSUMPTION(A39)).
    expect(record(3)).toMatchObject({ documentType: "CreditNote", amount: "-125,00", vatAmount: "-25,00" });
    expect(record(4)).toMatchObject({ city: "Tromsø", customerReference: "Bjørn Ås" });
  });

  it("latin1 writes ø as 0xF8 and quotes a value containing the delimiter", async () => {
    const [file] = formatter.format(batch(latin1Factor));
    expect(file!.content.includes(Buffer.from([0x54, 0x72, 0x6f, 0x6d, 0x73, 0xf8]))).toBe(true); // "Tromsø"
    expect(file!.content.includes(Buffer.from("ø", "utf8"))).toBe(false);
    const parsed = await rows(file!.content, "latin1", ",");
    expect(parsed).toHaveLength(4);
    expect(parsed[2]).toEqual([
      "100236",
      "Ærlig Rørlegger AS",
      "-125.00",
      "-25.00",
      nordeaKid("100236"),
      "Oslo",
      "2026-11-26",
      "",
    ]);
    const d = copy(invoice);
    d.customerRef = "Ordre 12, linje 3";
    const [withComma] = formatter.format(batch(latin1Factor, { documents: [d] }));
    expect(withComma!.content.toString("latin1")).toContain('"Ordre 12, linje 3"');
    expect((await rows(withComma!.content, "latin1", ","))[0]![7]).toBe("Ordre 12, linje 3");
  });

  it("is deterministic", () => {
    const a = formatter.format(batch(utf8Factor))[0]!.content;
    const b = formatter.format(batch(utf8Factor))[0]!.content;
    expect(a.equals(b)).toBe(true);
  });
});

describe("check()", () => {
  it("accepts the fixtures", () => {
    for (const f of [utf8Factor, latin1Factor]) {
      for (const d of DOCUMENTS)
        expect(
          formatter.check(
            d,
            CUSTOMERS.find((c) => c.number === d.customer.number),
            f,
          ),
        ).toEqual([]);
    }
  });

  it("a character outside Latin-1 is a problem for a latin1 file only", () => {
    const c = copy(aerlig);
    c.name = "Ærlig Rørlegger Łódź AS";
    expect(formatter.check(invoice, c, latin1Factor)).toEqual([
      'Invoice 100234: customerName: "Ærlig Rørlegger Łódź AS" contains "Ł" (U+0141), which the ISO-8859-1 file cannot carry',
    ]);
    expect(formatter.check(invoice, c, utf8Factor)).toEqual([]);
    // A typographic dash has a plain equivalent: written as "-", not refused.
    c.name = "Ærlig Rørlegger – Nord AS";
    expect(formatter.check(invoice, c, latin1Factor)).toEqual([]);
  });

  it("line breaks in a field and a missing organisation number are problems", () => {
    const d = copy(invoice);
    d.customerRef = "Kari\nNordmann";
    const c = copy(aerlig);
    c.corporateId = null;
    expect(formatter.check(d, c, utf8Factor)).toEqual([
      "Invoice 100234: organizationNumber: customer 10001 has no organisation number (corporateId)",
      'Invoice 100234: customerReference: "Kari\\nNordmann" contains control character U+000A, a control character is not allowed in a field',
    ]);
  });

  it("format() throws a FormatError naming the document and field", () => {
    const c = copy(aerlig);
    c.name = "Ærlig ✓";
    const b = batch(latin1Factor, { customers: new Map([...batch(latin1Factor).customers, ["10001", c]]) });
    expect(() => formatter.format(b)).toThrow(FormatError);
    expect(() => formatter.format(b)).toThrow(/^Invoice 100234: customerName: /);
  });
});

describe("byte-order mark", () => {
  it("a UTF-8 file starts with a BOM only when the tenant asks (spreadsheets need it for æøå)", () => {
    const plain = formatter.format(batch(utf8Factor))[0]!.content;
    expect(plain.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const withBom = formatter.format(batch(csvFactor({ bom: true })))[0]!.content;
    expect(withBom.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(withBom.subarray(3).equals(plain)).toBe(true);
  });
});

describe("cells a spreadsheet would run as a formula", () => {
  const hostile = (): [ArDocument, Customer] => {
    const d = copy(invoice);
    d.customerRef = "  +47 22 33 44 55";
    const c = copy(aerlig);
    c.name = '=HYPERLINK("https://evil.example","Klikk")';
    c.invoiceAddress!.line1 = "@SUM(A1:A9)";
    c.invoiceAddress!.city = "-1+2";
    return [d, c];
  };

  it("are neutralised by default with a leading apostrophe; amounts stay numbers, negative ones too", async () => {
    const [d, c] = hostile();
    const credit = DOCUMENTS[2]!;
    const [file] = formatter.format(batch(utf8Factor, { documents: [d, credit], customers: new Map([[c.number, c]]) }));
    const parsed = await rows(file!.content, "utf8", ";");
    const columns = (utf8Factor.format as { columns: string[] }).columns;
    const record = (i: number) => Object.fromEntries(columns.map((col, j) => [col, parsed[i]![j]]));
    expect(record(1)).toMatchObject({
      customerName: `'=HYPERLINK("https://evil.example","Klikk")`,
      customerReference: "'+47 22 33 44 55", // trimmed, then neutralised
      address: "'@SUM(A1:A9)",
      city: "'-1+2",
      amount: "3062,50",
    });
    expect(record(2)).toMatchObject({
      documentType: "CreditNote",
      amount: "-125,00",
      vatAmount: "-25,00",
      city: "'-1+2",
    });
  });

  it("are written as they are when the tenant's factor imports programmatically (escapeFormulas: false)", async () => {
    const [d, c] = hostile();
    const raw = csvFactor({ escapeFormulas: false });
    const [file] = formatter.format(batch(raw, { documents: [d], customers: new Map([[c.number, c]]) }));
    const parsed = await rows(file!.content, "utf8", ";");
    expect(parsed[1]).toContain('=HYPERLINK("https://evil.example","Klikk")');
    expect(parsed[1]).toContain("+47 22 33 44 55");
  });
});

describe("text normalisation", () => {
  it("writes NFC: a decomposed å is one character in UTF-8 and one byte in ISO-8859-1", () => {
    const c = copy(aerlig);
    c.name = "Ta\u030Arnet\u00A0AS";
    for (const [f, encoding, bytes] of [
      [utf8Factor, "utf8", Buffer.from("Tårnet", "utf8")],
      [latin1Factor, "latin1", Buffer.from([0x54, 0xe5, 0x72, 0x6e, 0x65, 0x74, 0x20, 0x41, 0x53])],
    ] as const) {
      expect(formatter.check(invoice, c, f)).toEqual([]);
      const [file] = formatter.format(batch(f, { documents: [invoice], customers: new Map([[c.number, c]]) }));
      expect(file!.content.includes(bytes), encoding).toBe(true);
    }
  });
});
