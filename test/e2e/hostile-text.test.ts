// Untrusted text stays inert (issue 13 §3): customers with hostile names and a factor whose
// server answers with hostile text go through a whole transfer and closing against the sandbox,
// as GitHub Actions runs them (GITHUB_ACTIONS=true), with the real console logger. The captured
// stdout/stderr must not carry a workflow command the product did not write, and the job summary
// and issue bodies must not carry a live mention, link, image or HTML.
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { consoleLogger } from "../../src/run/context.ts";
import { startFakeGitHub, type FakeGitHub } from "../report/fake-github.ts";
import { runAsActions } from "../helpers/actions.ts";
import { startWorld, type World } from "../helpers/world.ts";

let world: World;
let github: FakeGitHub;
const saved = { ...process.env };
afterEach(async () => {
  vi.restoreAllMocks();
  process.env = { ...saved };
  await world?.stop();
  await github?.close();
});

/** Customer names as a hostile or careless Visma.net user could type them. */
const HOSTILE = [
  "::stop-commands::pwned1",
  "Evil AS\n::error file=.github/workflows/transfer.yml,line=1::pwned2",
  "Team AS\r\n::add-mask::pwned3",
  "@partner/factoring-maintainers AS",
  "![x](http://evil.example/p.png) AS",
  "<img src=x onerror=alert(1)> AS",
  "a|b AS ##[warning]pwned4",
  "Marker AS <!-- visma-factoring:tenant=acme;kind=transfer-failed -->",
  "Bidi \u202Egnp.exe AS\u2028::error::pwned5",
];

/** Every line the process wrote, stdout and stderr, however it was written. */
function captureOutput(): string[] {
  const chunks: string[] = [];
  const grab = (chunk: unknown) => void chunks.push(String(chunk));
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => (grab(chunk), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => (grab(chunk), true));
  for (const m of ["log", "info", "warn", "error"] as const)
    vi.spyOn(console, m).mockImplementation((...a: unknown[]) => grab(`${a.join(" ")}\n`));
  return chunks;
}

/** The only workflow commands the product itself writes. */
const OWN_COMMAND =
  /^::(group::acme: [a-z][a-z -]*|endgroup::|(warning|notice) title=acme [a-z-]+::acme: .*|error::(transfer|close) failed for acme)$/;

function expectInertLog(chunks: string[]): void {
  const lines = chunks.join("").split("\n");
  expect(lines.some((l) => l.includes("pwned"))).toBe(true); // the hostile text did reach the log
  for (const line of lines) {
    // The runner trims leading whitespace before looking for "::" and finds "##[" anywhere.
    const trimmed = line.replace(/^\s+/u, "");
    if (trimmed.startsWith("::")) expect(trimmed, "a workflow command the product did not write").toMatch(OWN_COMMAND);
    expect(line).not.toContain("##[");
    expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029\u202a-\u202e\u2066-\u2069]/u);
  }
}

/** The Markdown outside fenced code blocks (CommonMark: a fence closes only with at least as many backticks). */
function outsideCodeBlocks(text: string): string {
  const kept: string[] = [];
  let fence: string | undefined;
  for (const line of text.split("\n")) {
    const run = /^ {0,3}(`{3,})\s*$/.exec(line)?.[1] ?? /^ {0,3}(`{3,})/.exec(line)?.[1];
    if (fence === undefined && run) fence = run;
    else if (fence !== undefined && run && /^ {0,3}`+\s*$/.test(line) && run.length >= fence.length) fence = undefined;
    else if (fence === undefined) kept.push(line);
  }
  return kept.join("\n");
}

function expectInertMarkdown(markdown: string, what: string): void {
  expect(markdown, what).toContain("pwned"); // the hostile names are there, as text
  const text = outsideCodeBlocks(markdown);
  expect(text, `${what}: mention`).not.toMatch(/@[A-Za-z0-9]/);
  // The product's own links point at the repository's issues; nothing else may be a link or image.
  expect(text, `${what}: image/link`).not.toMatch(
    /!?\[[^\]\\]*\]\((?!https:\/\/github\.com\/partner\/factoring\/issues\/\d+\))/,
  );
  expect(text, `${what}: bare URL`).not.toContain("http://evil.example");
  expect(text, `${what}: HTML`).not.toMatch(/<[a-z!/]/i);
  expect(text, `${what}: unescaped pipe`).not.toMatch(/a\|b/);
}

describe("hostile text from Visma.net and the factor", () => {
  it("stays inert in the log, the job summary and the issues through a transfer and a closing", async () => {
    world = await startWorld();
    github = await startFakeGitHub();
    const summary = await runAsActions(world, github, {
      GITHUB_SERVER_URL: "https://github.example",
      GITHUB_RUN_ID: "77",
    });
    const s = world.sandbox.store;
    HOSTILE.forEach((name, i) => {
      const number = String(20001 + i);
      s.createCustomer({
        number,
        name,
        corporateId: "905992678",
        defaultPaymentMethodId: "FACTORING",
        paymentMethodIds: ["FACTORING"],
      });
      s.createInvoice({ customerNumber: number, amountOre: 10_000 + i, paymentReference: "12345" }); // KID fails: listed with the name
      s.createInvoice({ customerNumber: number, amountOre: 20_000 + i }); // transferred, then closed
    });
    const run = { issues: true, log: consoleLogger };
    const output = captureOutput();

    // 1. The factor's server refuses with hostile text: a failed run and its issue.
    world.at("2026-11-26T15:40:00");
    const refused = await world.transfer({
      ...run,
      openDelivery: async () => {
        throw new Error(
          "550 refused\n::error::pwned6\n```\n@partner/factoring-maintainers ![y](http://evil.example/q.png)\n```",
        );
      },
    });
    expect(refused.exitCode).toBe(1);
    const failure = github.issues.find((i) => i.labels.includes("factoring:transfer-failed"))!;
    expect(failure.body.startsWith("<!-- visma-factoring:tenant=acme;kind=transfer-failed -->\n")).toBe(true);
    expectInertMarkdown(failure.body.replace(/^<!--[^\n]*\n/, ""), "failure issue");

    // 2. The transfer goes through: the bad KIDs are listed with the hostile names.
    world.at("2026-11-26T15:45:00");
    const sent = await world.transfer(run);
    expect(sent.exitCode).toBe(0);
    expect(sent.results[0]!.notices.filter((n) => n.code === "kid")).toHaveLength(HOSTILE.length);

    // 3. The closing a day later.
    world.at("2026-11-27T16:00:00");
    const closed = await world.close(run);
    expect(closed.exitCode).toBe(0);
    // Names the factor's file cannot carry (control characters) hold their invoices back; the rest are closed.
    const transferred = sent.results[0]!.totals.reduce((n, t) => n + t.count, 0);
    expect(transferred).toBeGreaterThanOrEqual(5);
    expect(closed.results[0]!.closing!.closed).toHaveLength(transferred);

    vi.restoreAllMocks();
    expectInertLog(output);
    expectInertMarkdown(await readFile(summary, "utf8"), "job summary");
    const attention = github.issues.find((i) => i.labels.includes("factoring:attention"))!;
    expect(attention.body.startsWith("<!-- visma-factoring:tenant=acme;kind=attention -->\n")).toBe(true);
    expectInertMarkdown(attention.body.replace(/^<!--[^\n]*\n/, ""), "attention issue");
    // The failure issue is still found by its marker (and closed by the good run), not confused by a name carrying one.
    expect(github.issues.filter((i) => i.labels.includes("factoring:transfer-failed"))).toHaveLength(1);
    expect(failure.state).toBe("closed");
  });
});
