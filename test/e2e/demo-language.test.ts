/**
 * What a human reads of a whole demo run, in both languages: the story on stdout, the runs' job
 * summaries, the GitHub issues (against a loopback GitHub) and the attention list of
 * `npm run report`. None of it may show an amount as raw øre or a time on the machine's UTC
 * clock; the Norwegian run is in Norwegian.
 */
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReport } from "../../src/commands/report.ts";
import { LedgerStore } from "../../src/ledger/store.ts";
import { runDemo } from "../../src/sandbox/demo.ts";
import type { Language } from "../../src/shared/language.ts";
import { addDays } from "../../src/shared/time.ts";
import { startFakeGitHub, type FakeGitHub } from "../report/fake-github.ts";

const DAY = "2026-11-26";

interface Told {
  exitCode: number;
  /** Every text a human reads, by where it appeared. */
  texts: { where: string; text: string }[];
  /** Every amount in øre the run's state files hold: none of them may be read as such. */
  amountsOre: number[];
}

let github: FakeGitHub;
let summary: string;
const saved = { ...process.env };

beforeAll(async () => {
  github = await startFakeGitHub();
  // @actions/core reads the summary's path from process.env once: one file, emptied per run.
  summary = join(await mkdtemp(join(tmpdir(), "demo-summary-")), "step-summary.md");
  await writeFile(summary, "");
  process.env.GITHUB_STEP_SUMMARY = summary;
});
afterAll(async () => {
  process.env = { ...saved };
  await github?.close();
});

async function tell(language: Language): Promise<Told> {
  await writeFile(summary, "");
  github.issues.length = 0;
  const keep = join(await mkdtemp(join(tmpdir(), `demo-${language}-`)), "work");
  const story: string[] = [];
  const exitCode = await runDemo({
    date: DAY,
    keep,
    language,
    issues: true,
    log: { info: (m) => story.push(m), warn: (m) => story.push(m) },
    env: {
      ...process.env,
      GITHUB_ACTIONS: "true",
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_TOKEN: github.token,
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
    },
  });
  // The report's attention list (the sandbox is gone: its reconciliation says it could not be made).
  const report = await runReport({
    tenant: "demo",
    from: DAY,
    to: DAY,
    format: "md",
    language,
    now: `${DAY}T18:00:00+01:00`,
    tenantsDir: join(keep, "tenants"),
    stateDir: join(keep, "state"),
    env: {},
  });
  const texts = [
    // The lines that quote the factor's file as delivered (fixed-width records) are the file, not text.
    { where: "stdout", text: story.filter((line) => !line.startsWith("  |")).join("\n") },
    { where: "job summary", text: await readFile(summary, "utf8") },
    ...github.issues.flatMap((i) => [
      { where: `issue #${i.number} title`, text: i.title },
      { where: `issue #${i.number} body`, text: i.body },
      ...i.comments.map((c, n) => ({ where: `issue #${i.number} comment ${n + 1}`, text: c })),
    ]),
    { where: "report", text: report.text },
  ];
  return { exitCode, texts, amountsOre: await amountsIn(join(keep, "state")) };
}

/**
 * Every amount in øre the tenant's state holds: the ledger's documents and closings (read through
 * the ledger's own store, whatever its file format), and every field named …Ore of its JSON files
 * (the attention list, the run status).
 */
async function amountsIn(stateDir: string): Promise<number[]> {
  const found = new Set<number>();
  for (const batch of await new LedgerStore(stateDir, "demo").recentBatches(addDays(DAY, 1))) {
    for (const d of batch.documents) {
      found.add(d.amountOre);
      if (d.closing?.status === "closed") found.add(d.closing.amountOre);
    }
  }
  const visit = (value: unknown, key = ""): void => {
    if (typeof value === "number" && /Ore$/.test(key)) found.add(value);
    else if (Array.isArray(value)) for (const v of value) visit(v);
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  const dir = join(stateDir, "demo");
  for (const name of await readdir(dir)) {
    if (name.endsWith(".json")) visit(JSON.parse(await readFile(join(dir, name), "utf8")));
  }
  return [...found];
}

/** A time as a machine writes it: ISO-8601 with a "T", or with a UTC offset. */
const MACHINE_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]00:?00)\b/;

function leaks(told: Told): string[] {
  const found: string[] = [];
  // Amounts from 1 krone up: smaller figures are too common (counts, days) to tell apart.
  const amounts = told.amountsOre.filter((ore) => Math.abs(ore) >= 100);
  for (const { where, text } of told.texts) {
    for (const line of text.split("\n")) {
      const time = MACHINE_TIME.exec(line);
      if (time) found.push(`${where}: machine time ${time[0]}: ${line}`);
      if (/\d\s*øre\b|amountOre|balanceOre/.test(line)) found.push(`${where}: øre: ${line}`);
      for (const ore of amounts) {
        // The amount as a bare integer (not part of a longer number or a formatted "1 250,00").
        if (new RegExp(`(?<![\\d,.])${ore}(?![\\d,.])`).test(line)) found.push(`${where}: raw amount ${ore}: ${line}`);
      }
    }
  }
  return found;
}

describe("a whole demo run, as a human reads it", () => {
  const told: Partial<Record<Language, Told>> = {};
  beforeAll(async () => {
    told.en = await tell("en");
    told.nb = await tell("nb");
  }, 120_000);

  it.each(["en", "nb"] as const)("%s: finishes, and every output it makes is scanned", (language) => {
    const t = told[language]!;
    expect(t.exitCode).toBe(0);
    const where = t.texts.map((x) => x.where);
    expect(where).toEqual(expect.arrayContaining(["stdout", "job summary", "report"]));
    expect(where.some((w) => /^issue #\d+ body$/.test(w))).toBe(true);
    expect(t.texts.find((x) => x.where === "job summary")!.text.length).toBeGreaterThan(500);
    // The scan has amounts to look for: the transferred documents and the attention list's.
    expect(t.amountsOre.length).toBeGreaterThan(5);
  });

  it.each(["en", "nb"] as const)("%s: no raw øre and no UTC timestamp anywhere", (language) => {
    expect(leaks(told[language]!)).toEqual([]);
  });

  it("the scan finds a raw amount and a UTC timestamp when there is one", () => {
    const planted: Told = {
      exitCode: 0,
      amountsOre: [4_721_000],
      texts: [
        { where: "a", text: "amount is 4721000 now" },
        { where: "b", text: "already ran at 2026-11-29T00:20:29.547+00:00" },
        { where: "c", text: "47 210,00 NOK at 29.11.2026 kl. 01:20" },
      ],
    };
    expect(leaks(planted).map((l) => l.split(":")[0])).toEqual(["a", "b"]);
  });

  it("Norwegian tells the story in Norwegian, and English in English", () => {
    const all = (language: Language) => told[language]!.texts.map((x) => x.text).join("\n");
    const nb = all("nb");
    for (const word of ["overført", "lukket", "kreditnota", "fordringer factoring", "KID", "Oppfølgingsliste"])
      expect(nb).toContain(word);
    expect(nb).not.toMatch(/\b(transferred|closed|credit note|attention list)\b/i);
    // The factor file's own words too: a reference cut to fit F10, field name and all.
    expect(nb).toContain('F10 ordrenr. (kundens referanse): "PO-4716 Nordkapp, byggetrinn 2" er 30 tegn');
    expect(nb).not.toMatch(/order no\.|the field holds|so the factor gets/);
    const en = all("en");
    expect(en).toMatch(/transferred/);
    expect(en).toContain('F10 order no. (customer reference): "PO-4716 Nordkapp, byggetrinn 2" is 30 characters');
    expect(en).not.toMatch(/\b(overført|kreditnota|Oppfølgingsliste)\b/);
  });

  it("the issues are the same in both languages: found by their marker, titled in the run's language", () => {
    const titles = (language: Language) =>
      told[language]!.texts.filter((x) => x.where.endsWith(" title")).map((x) => x.text);
    expect(titles("en").length).toBeGreaterThan(0);
    expect(titles("nb").length).toBe(titles("en").length);
    expect(titles("nb")).not.toEqual(titles("en"));
  });
});
