// A transfer run as GitHub Actions sees it: job summary in GITHUB_STEP_SUMMARY, failure issue
// opened on a failing run and closed on recovery (against a loopback GitHub imitation).
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../report/fakeGitHub.ts";
import { startWorld, type World } from "../helpers/world.ts";

let world: World;
let github: FakeGitHub;
const saved = { ...process.env };
afterEach(async () => {
  process.env = { ...saved };
  await world?.stop();
  await github?.close();
});

describe("a run inside GitHub Actions", () => {
  it("writes the figures to the job summary and keeps the failure issue in step", async () => {
    world = await startWorld();
    github = await startFakeGitHub();
    const summary = join(await mkdtemp(join(tmpdir(), "summary-")), "step-summary.md");
    await writeFile(summary, "");
    Object.assign(world.env, {
      GITHUB_ACTIONS: "true",
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_TOKEN: github.token,
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
      GITHUB_SERVER_URL: "https://github.example",
      GITHUB_RUN_ID: "4242",
    });
    process.env.GITHUB_STEP_SUMMARY = summary; // @actions/core reads the summary path from process.env
    world.sandbox.store.createInvoice({ customerNumber: "10001", referenceNumber: "000901", amountOre: 125_050 });
    world.at("2026-11-26T15:45:00");

    world.env.ACME_VISMA_CLIENT_SECRET = "wrong-secret";
    const failed = await world.transfer({ issues: true });
    expect(failed.exitCode).toBe(1);
    const [issue] = github.issues;
    expect(issue).toMatchObject({ state: "open", title: "[factoring] acme: transfer failing" });
    expect(issue!.labels).toEqual(expect.arrayContaining(["factoring:transfer-failed", "tenant:acme", "factoring"]));
    expect(issue!.body).toContain("<!-- visma-factoring:tenant=acme;kind=transfer-failed -->");
    expect(issue!.comments.join("\n")).toContain("https://github.example/partner/factoring/actions/runs/4242");
    expect(issue!.body).not.toContain("wrong-secret");
    expect(await readFile(summary, "utf8")).toContain("transfer 2026-11-26: **failed**");

    world.env.ACME_VISMA_CLIENT_SECRET = "demo-secret";
    await writeFile(summary, "");
    const ok = await world.transfer({ issues: true });
    expect(ok.exitCode).toBe(0);
    expect(github.issues.filter((i) => i.title.includes("transfer failing"))).toHaveLength(1);
    expect(github.issues[0]).toMatchObject({ state: "closed" });
    expect(github.issues[0]!.comments.at(-1)).toMatch(/^Resolved: transfer for 2026-11-26 succeeded/);
    const text = await readFile(summary, "utf8");
    expect(text).toContain("transfer 2026-11-26: **ok**");
    expect(text).toContain("| Invoices | 1 | 1 250,50 NOK |");
    expect(text).toContain("`acme_20261126_01.SGF`");
  });
});
