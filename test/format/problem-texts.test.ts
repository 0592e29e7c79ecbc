/**
 * The factor file's problems and notes carry codes and data (shared/format-problems.ts), rendered
 * by both catalogues. English stays byte for byte what the formatters said before the codes
 * (problem-texts.en.json was written by the formatters of 95f60de, before them); every
 * code a formatter produces has its text in both languages; and what was stored in the old
 * `{ field, message }` shape still renders.
 */
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatterFor } from "../../src/format/index.ts";
import { readAttention } from "../../src/ledger/attention-file.ts";
import { problemLine, notesLine } from "../../src/report/messages/file-format.ts";
import { CATALOGUES, entryText, formatFor, messages, noticeText } from "../../src/report/messages/index.ts";
import type { FieldNote, FieldProblem } from "../../src/shared/format-problems.ts";
import { batch } from "./fixtures.ts";
import { NOTE_CASES, PROBLEM_CASES } from "./problem-cases.ts";

const GOLDEN = JSON.parse(readFileSync(new URL("problem-texts.en.json", import.meta.url), "utf8")) as Record<
  string,
  string[]
>;

const en = formatFor("en");
const nb = formatFor("nb");

const problemsOf = (c: (typeof PROBLEM_CASES)[number]) =>
  formatterFor(c.factor.format).problems(c.document, c.customer, c.factor);

function notesOf(c: (typeof NOTE_CASES)[number]) {
  const b = batch(c.factor, { documents: c.documents, customers: new Map(c.customers.map((x) => [x.number, x])) });
  const formatter = formatterFor(c.factor.format);
  return { b, english: formatter.notes(b), coded: formatter.fieldNotes(b) };
}

const ALL_PROBLEMS: FieldProblem[] = PROBLEM_CASES.flatMap(problemsOf);
const ALL_NOTES: FieldNote[] = NOTE_CASES.flatMap((c) => notesOf(c).coded.flatMap((d) => d.notes));

/** Words that give English away in a Norwegian sentence (none of them is Norwegian). */
const ENGLISH = /\b(the|is|are|must|which|not|has|no|and|got|expected|field|holds|customer|invoice|line|written)\b/;

describe("the factor file's problems and notes in English", () => {
  it("read byte for byte as before the codes, for every format", () => {
    const now: Record<string, string[]> = {};
    for (const c of PROBLEM_CASES) now[c.name] = formatterFor(c.factor.format).check(c.document, c.customer, c.factor);
    for (const c of NOTE_CASES) now[c.name] = notesOf(c).english.map((n) => `${n.document.number}: ${n.message}`);
    expect(now).toEqual(GOLDEN);
    expect(ALL_PROBLEMS.length).toBeGreaterThan(80);
  });

  it("are what the English catalogue renders from the codes", () => {
    for (const p of ALL_PROBLEMS) expect(problemLine(p, CATALOGUES.en.fileFormat, en)).toBe(`${p.field}: ${p.message}`);
    for (const c of NOTE_CASES) {
      for (const d of notesOf(c).coded) {
        const english = notesOf(c).english.find((n) => n.document === d.document)!.message;
        expect(notesLine({ note: "(stored)", notes: d.notes }, CATALOGUES.en.fileFormat, en)).toBe(english);
      }
    }
  });
});

describe("every problem and note code", () => {
  it("is carried by every problem a formatter reports, and has a text in both catalogues", () => {
    for (const language of ["en", "nb"] as const) {
      const { problems, notes } = CATALOGUES[language].fileFormat;
      const missing = [
        ...ALL_PROBLEMS.filter((p) => !p.coded || !Object.hasOwn(problems, p.coded.problem.code)).map(
          (p) => `${p.field}: ${p.message}`,
        ),
        ...ALL_NOTES.filter((n) => !Object.hasOwn(notes, n.note.code)).map((n) => n.note.code),
      ];
      expect(missing, language).toEqual([]);
    }
  });

  it("is produced by the cases, so the checks above see them all", () => {
    const seen = new Set<string>([
      ...ALL_PROBLEMS.map((p) => p.coded!.problem.code),
      ...ALL_NOTES.map((n) => n.note.code),
    ]);
    const codes = [...Object.keys(CATALOGUES.en.fileFormat.problems), ...Object.keys(CATALOGUES.en.fileFormat.notes)];
    expect(codes.filter((c) => !seen.has(c))).toEqual([]);
  });

  it("reads as Norwegian in Norwegian, field names included, with amounts as the catalogue writes them", () => {
    const english: string[] = [];
    for (const p of ALL_PROBLEMS) {
      const line = problemLine(p, CATALOGUES.nb.fileFormat, nb);
      // Quoted values and the tenant file's option names are not language.
      const words = line.replace(/"[^"]*"/g, "").replace(/factor\.[\w.]+|src\/[\w/.]+/g, "");
      if (ENGLISH.test(words)) english.push(line);
    }
    for (const c of NOTE_CASES)
      for (const d of notesOf(c).coded) {
        const line = notesLine({ note: "", notes: d.notes }, CATALOGUES.nb.fileFormat, nb);
        if (ENGLISH.test(line.replace(/"[^"]*"/g, ""))) english.push(line);
      }
    expect(english).toEqual([]);
    const lines = ALL_PROBLEMS.map((p) => problemLine(p, CATALOGUES.nb.fileFormat, nb));
    expect(lines).toContain("forfallsdato: forfallsdato 01.11.2026 er før dokumentdatoen 25.11.2026");
    expect(lines).toContain(
      "MVA 25%: MVA 600,00 NOK av grunnlaget 2 450,00 NOK skulle vært 612,50 NOK (reglene tillater et avvik under 1,00 NOK)",
    );
    expect(lines).toContain('K9 postnummer (postnummer): "015" er ikke et norsk postnummer (nøyaktig 4 sifre)');
    expect(lines).toContain("kolonnen organizationNumber: kunde 10001 har ikke organisasjonsnummer i Visma.net");
  });
});

describe("problems and notes stored before the codes", () => {
  it("render as the English text they hold, inside the reader's language", () => {
    const t = messages("nb");
    const old = {
      problems: [
        { field: "K9 zip code (postal code)", message: '"015" is not a Norwegian postal code (exactly 4 digits)' },
      ],
    };
    expect(entryText(t, { code: "format", data: old })).toBe(
      'factoringfilen kan ikke ta med dokumentet: K9 zip code (postal code): "015" is not a Norwegian postal code (exactly 4 digits)',
    );
    expect(noticeText(messages("en"), { code: "format", data: old })).toBe(
      `the factor's file cannot carry it: K9 zip code (postal code): "015" is not a Norwegian postal code (exactly 4 digits)`,
    );
    expect(noticeText(t, { code: "format-note", data: { note: "F10 order no.: cut" } })).toBe(
      "overført, men filen avviker fra Visma.net: F10 order no.: cut",
    );
  });

  it("load from an attention list written before, and read from it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "attention-"));
    await mkdir(join(dir, "acme"));
    const entry = {
      key: "format|Invoice|000201",
      code: "format",
      source: "transfer",
      data: {
        problems: [
          { field: "F4 invoice no. (document number)", message: '"100234567" is 9 characters; the field holds 8' },
        ],
      },
      firstSeen: "2026-11-26",
      lastSeen: "2026-11-26",
    };
    await writeFile(
      join(dir, "acme", "attention.json"),
      JSON.stringify({ version: 1, tenant: "acme", entries: [entry] }),
    );
    const [read] = (await readAttention(dir, "acme")).entries;
    expect(entryText(messages("nb"), read!)).toBe(
      'factoringfilen kan ikke ta med dokumentet: F4 invoice no. (document number): "100234567" is 9 characters; the field holds 8',
    );
  });

  it("and a code this version does not know shows the English beside it", () => {
    const t = messages("nb");
    const future = {
      field: "K9 zip code",
      message: "is odd",
      coded: { field: { label: "zip code" }, problem: { code: "from-the-future" } },
    } as unknown as FieldProblem;
    expect(noticeText(t, { code: "format", data: { problems: [future] } })).toBe(
      "factoringfilen kan ikke ta med dokumentet: K9 zip code: is odd",
    );
    const note = { field: { label: "order no." }, note: { code: "from-the-future" } } as unknown as FieldNote;
    expect(noticeText(t, { code: "format-note", data: { note: "English", notes: [note] } })).toBe(
      "overført, men filen avviker fra Visma.net: English",
    );
  });
});
