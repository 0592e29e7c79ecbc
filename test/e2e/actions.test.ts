// A transfer run as GitHub Actions sees it: job summary in GITHUB_STEP_SUMMARY, failure issue
// opened on a failing run and closed on recovery (against a loopback GitHub imitation); a broken
// tenant file stops nobody but itself.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sandboxTenantYaml } from "../../src/sandbox/tenant-yaml.ts";
import { startFakeGitHub, type FakeGitHub } from "../report/fake-github.ts";
import { runAsActions } from "../helpers/actions.ts";
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
    const summary = await runAsActions(world, github, {
      GITHUB_SERVER_URL: "https://github.example",
      GITHUB_RUN_ID: "4242",
    });
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
    // The run frame's status record names the failure and its issue, never the secret.
    const statusFile = join(world.stateDir, "acme", "status.json");
    const failedStatus = JSON.parse(await readFile(statusFile, "utf8"));
    expect(failedStatus.runs.transfer).toMatchObject({
      status: "failed",
      businessDate: "2026-11-26",
      issueUrl: `https://github.com/partner/factoring/issues/${issue!.number}`,
      runUrl: "https://github.example/partner/factoring/actions/runs/4242",
    });
    expect(failedStatus.lastFailure).toMatchObject({ command: "transfer", status: "failed" });
    expect(JSON.stringify(failedStatus)).not.toContain("wrong-secret");

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
    const okStatus = JSON.parse(await readFile(statusFile, "utf8"));
    expect(okStatus.runs.transfer).toMatchObject({ status: "ok", businessDate: "2026-11-26" });
    expect(okStatus.runs.transfer.issueUrl).toBeUndefined();
    expect(okStatus.lastFailure).toEqual(failedStatus.lastFailure);
  });

  it("a broken tenant file fails its own run and opens its own issue with the located message; the others run (issue 13 §4)", async () => {
    world = await startWorld();
    github = await startFakeGitHub();
    const summary = await runAsActions(world, github);
    const beta = sandboxTenantYaml({
      name: "Beta Bygg AS",
      secretPrefix: "BETA",
      visma: { apiBaseUrl: world.sandbox.apiBaseUrl, tokenUrl: world.sandbox.tokenUrl, tenantId: "beta-tenant" },
      delivery: { type: "local", directory: join(world.root, "beta-inbox") },
    }).replace("closing:", 'transfer:\n  window: { start: "7:30", end: "16:30" }\nclosing:');
    await writeFile(join(world.tenantsDir, "beta.yaml"), beta);
    const line = beta.split("\n").findIndex((l) => l.includes('"7:30"')) + 1;
    world.sandbox.store.createInvoice({ customerNumber: "10001", amountOre: 125_050 });
    world.at("2026-11-26T15:45:00");

    const all = await world.transfer({ issues: true });
    expect(all.exitCode).toBe(1);
    expect(all.results.map((r) => [r.tenant, r.status])).toEqual([
      ["beta", "failed"],
      ["acme", "ok"],
    ]);
    expect(await world.delivered()).toHaveLength(2); // acme's batch went out

    const located = `${join(world.tenantsDir, "beta.yaml")}:${line}:20 transfer.window.start: write the hour with two digits: "07:30" (HH:mm), got "7:30"`;
    expect(all.results[0]!.error).toContain(located);
    const issue = github.issues.find((i) => i.labels.includes("tenant:beta"))!;
    expect(issue).toMatchObject({ state: "open", title: "[factoring] beta: transfer failing" });
    expect(issue.labels).toEqual(expect.arrayContaining(["factoring:transfer-failed", "factoring"]));
    expect(issue.body).toContain(located);
    expect(
      github.issues.filter((i) => i.labels.includes("tenant:acme") && i.labels.includes("factoring:transfer-failed")),
    ).toEqual([]);
    const text = await readFile(summary, "utf8");
    expect(text).toContain("beta");
    expect(text).toContain("tenant file has errors");
    // The frame records the broken file as its tenant's failed run, with the issue it opened.
    const betaStatus = JSON.parse(await readFile(join(world.stateDir, "beta", "status.json"), "utf8"));
    expect(betaStatus.runs.transfer).toMatchObject({
      status: "failed",
      says: [{ code: "tenant-file-errors" }],
      issueUrl: `https://github.com/partner/factoring/issues/${issue.number}`,
    });

    // The job the matrix gives the broken file (--tenant beta) fails the same way, on its own.
    const own = await world.transfer({ issues: true, tenant: "beta" });
    expect(own.exitCode).toBe(1);
    expect(github.issues.filter((i) => i.labels.includes("tenant:beta"))).toHaveLength(1);
    expect(issue.comments).toHaveLength(0); // no run URL in this environment: nothing to add
  });
});
