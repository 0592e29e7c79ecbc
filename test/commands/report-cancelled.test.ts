import { afterEach, describe, expect, it } from "vitest";
import { reportCancelled } from "../../src/commands/report-cancelled.ts";
import { startFakeGitHub, type FakeGitHub } from "../report/fake-github.ts";

let github: FakeGitHub;
afterEach(async () => github?.close());

const runReportCancelled = async (argv: string[], env: NodeJS.ProcessEnv) =>
  reportCancelled.run(reportCancelled.parse(argv, env));

describe("a cancelled or timed-out job", () => {
  it("opens the tenant's failure issue once and comments on a repeat", async () => {
    github = await startFakeGitHub();
    const env = {
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
      GITHUB_TOKEN: github.token,
      GITHUB_RUN_ID: "77",
      GITHUB_SERVER_URL: "https://github.example",
    };
    const args = ["--tenant", "acme", "--command", "transfer", "--tenants-dir", "test/fixtures/tenants/valid"];
    expect(await runReportCancelled(args, env)).toBe(0);
    expect(await runReportCancelled(args, { ...env, GITHUB_RUN_ID: "78" })).toBe(0);
    expect(github.issues).toHaveLength(1);
    const [issue] = github.issues;
    expect(issue).toMatchObject({ state: "open", title: "[factoring] acme: transfer failing" });
    expect(issue!.body).toContain("was **cancelled or timed out**");
    expect(issue!.labels).toEqual(expect.arrayContaining(["factoring:transfer-failed", "tenant:acme"]));
    expect(issue!.comments.join("\n")).toContain("https://github.example/partner/factoring/actions/runs/78");
    await expect(runReportCancelled(["--tenant", "acme"], env)).rejects.toThrow(
      /--tenant ID and --command transfer\|close are required/,
    );

    // A tenant whose file cannot be loaded still gets its issue, with the schema's default labels.
    await runReportCancelled(
      ["--tenant", "ghost", "--command", "close", "--tenants-dir", "test/fixtures/tenants/valid"],
      env,
    );
    const ghost = github.issues.find((i) => i.labels.includes("tenant:ghost"));
    expect(ghost).toMatchObject({
      title: "[factoring] ghost: close failing",
      labels: ["factoring:close-failed", "tenant:ghost", "factoring"],
      assignees: [],
    });
  });
});
