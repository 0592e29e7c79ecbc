// Issue 13 §4: one broken tenant file stops nobody. Its run fails with the located message, in the
// log, the job summary and its own failure issue; the other tenant's run goes on.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sandboxTenantYaml } from "../../src/sandbox/tenantYaml.ts";
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

describe("a broken tenant file", () => {
  it("fails its own run and opens its own issue with the located message; the others run", async () => {
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
    });
    process.env.GITHUB_STEP_SUMMARY = summary;
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
    expect(github.issues.filter((i) => i.labels.includes("tenant:acme") && i.labels.includes("factoring:transfer-failed"))).toEqual([]);
    const text = await readFile(summary, "utf8");
    expect(text).toContain("beta");
    expect(text).toContain("tenant file has errors");

    // The job the matrix gives the broken file (--tenant beta) fails the same way, on its own.
    const own = await world.transfer({ issues: true, tenant: "beta" });
    expect(own.exitCode).toBe(1);
    expect(github.issues.filter((i) => i.labels.includes("tenant:beta"))).toHaveLength(1);
    expect(issue.comments).toHaveLength(0); // no run URL in this environment: nothing to add
  });
});
