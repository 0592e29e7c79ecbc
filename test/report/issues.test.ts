import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubClient, GitHubApiError, nextLink } from "../../src/report/github/client.ts";
import { ensureIssue, issueMarker, resolveIssue, type IssueSpec } from "../../src/report/github/issues.ts";
import { capText, MAX_BODY_CHARS } from "../../src/report/github/text.ts";
import { startFakeGitHub, type FakeGitHub } from "./fake-github.ts";

let gh: FakeGitHub;
let client: GitHubClient;
const sleeps: number[] = [];

beforeEach(async () => {
  gh = await startFakeGitHub();
  sleeps.length = 0;
  client = new GitHubClient({
    apiUrl: gh.url,
    repository: `${gh.owner}/${gh.repo}`,
    token: gh.token,
    sleep: async (ms) => void sleeps.push(ms),
  });
});
afterEach(() => gh.close());

const spec = (over: Partial<IssueSpec> = {}): IssueSpec => ({
  tenant: "acme",
  kind: "transfer-failed",
  title: "[transfer] acme: failing",
  body: "SFTP upload refused: permission denied on /inbox",
  labels: ["factoring", "team-north"],
  assignees: ["alice"],
  runUrl: "https://github.com/partner/factoring/actions/runs/101",
  ...over,
});

describe("ensureIssue / resolveIssue lifecycle", () => {
  it("opens once, comments on repeats, closes on recovery, reopens later, never duplicates", async () => {
    const first = await ensureIssue(client, spec());
    expect(first).toEqual({ number: 1, url: "https://github.com/partner/factoring/issues/1", action: "created" });
    const issue = gh.issues[0]!;
    expect(issue.body.startsWith(issueMarker("acme", "transfer-failed"))).toBe(true);
    expect(issue.body).toContain("permission denied");
    expect(issue.labels).toEqual(["factoring:transfer-failed", "tenant:acme", "factoring", "team-north"]);
    expect(issue.assignees).toEqual(["alice"]);
    expect(issue.comments).toEqual(["Reported by run https://github.com/partner/factoring/actions/runs/101"]);
    expect([...gh.labels.keys()].sort()).toEqual([
      "factoring",
      "factoring:transfer-failed",
      "team-north",
      "tenant:acme",
    ]);

    // Same failure next run: a comment with the new run link, body untouched.
    const bodyBefore = issue.body;
    const again = await ensureIssue(client, spec({ runUrl: "https://github.com/partner/factoring/actions/runs/102" }));
    expect(again.action).toBe("commented");
    expect(issue.body).toBe(bodyBefore);
    expect(issue.comments.at(-1)).toBe("Still happening in run https://github.com/partner/factoring/actions/runs/102.");
    expect(gh.requests.filter((r) => r.startsWith("PATCH"))).toEqual([]);

    // The problem changed: body rewritten.
    const changed = await ensureIssue(
      client,
      spec({ body: "SFTP host key mismatch", runUrl: "https://github.com/partner/factoring/actions/runs/103" }),
    );
    expect(changed.action).toBe("updated");
    expect(issue.body).toContain("SFTP host key mismatch");
    expect(issue.body).not.toContain("permission denied");

    // Same input without a run link: nothing to do.
    expect((await ensureIssue(client, spec({ body: "SFTP host key mismatch", runUrl: undefined }))).action).toBe(
      "unchanged",
    );

    // Another tenant or another kind gets its own issue.
    await ensureIssue(client, spec({ tenant: "beta" }));
    await ensureIssue(client, spec({ kind: "attention", title: "[attention] acme" }));
    expect(gh.issues).toHaveLength(3);

    // Recovery closes with a comment.
    const resolved = await resolveIssue(
      client,
      "acme",
      "transfer-failed",
      "Resolved: run 104 transferred 12 invoices.",
    );
    expect(resolved).toEqual({ number: 1, url: "https://github.com/partner/factoring/issues/1" });
    expect(issue.state).toBe("closed");
    expect(issue.state_reason).toBe("completed");
    expect(issue.comments.at(-1)).toBe("Resolved: run 104 transferred 12 invoices.");
    expect(await resolveIssue(client, "acme", "transfer-failed", "again")).toBeNull();
    expect(gh.issues[1]!.state).toBe("open"); // beta untouched

    // It fails again a week later: the same issue is reopened, not a new one.
    const reopened = await ensureIssue(
      client,
      spec({ runUrl: "https://github.com/partner/factoring/actions/runs/200" }),
    );
    expect(reopened).toMatchObject({ number: 1, action: "reopened" });
    expect(issue.state).toBe("open");
    expect(issue.body).toContain("permission denied");
    expect(issue.comments.at(-1)).toContain("runs/200");
    expect(
      gh.issues.filter((i) => i.labels.includes("tenant:acme") && i.labels.includes("factoring:transfer-failed")),
    ).toHaveLength(1);
    // Lookups went through the labelled list endpoint, never the search API.
    expect(gh.requests.some((r) => r.includes("/search/"))).toBe(false);
    expect(
      gh.requests
        .filter((r) => r.startsWith("GET /repos/partner/factoring/issues?"))
        .every((r) => r.includes("state=all") || r.includes("state=open")),
    ).toBe(true);
  });

  it("finds its issue on a later page and ignores look-alikes without the marker and pull requests", async () => {
    for (let n = 1; n <= 130; n++) {
      gh.issues.push({
        number: n,
        title: `noise ${n}`,
        body: "no marker",
        state: "closed",
        state_reason: "completed",
        labels: ["factoring:transfer-failed", "tenant:acme"],
        assignees: [],
        comments: [],
      });
    }
    gh.issues.push({
      number: 131,
      title: "a PR",
      body: issueMarker("acme", "transfer-failed"),
      state: "open",
      state_reason: null,
      labels: ["factoring:transfer-failed", "tenant:acme"],
      assignees: [],
      comments: [],
      pull_request: true,
    });
    gh.issues.push({
      number: 132,
      title: "ours",
      body: `${issueMarker("acme", "transfer-failed")}\nold`,
      state: "closed",
      state_reason: "completed",
      labels: ["factoring:transfer-failed", "tenant:acme"],
      assignees: [],
      comments: [],
    });
    const result = await ensureIssue(client, spec());
    expect(result).toMatchObject({ number: 132, action: "reopened" });
    expect(gh.issues).toHaveLength(132);
    expect(gh.requests.filter((r) => r.startsWith("GET /repos/partner/factoring/issues")).length).toBe(2);
  });

  it("matches the marker only on the body's first line, where the product writes it", async () => {
    const labels = ["factoring:transfer-failed", "tenant:acme"];
    const marker = issueMarker("acme", "transfer-failed");
    // A human's issue quoting the marker (e.g. a pasted summary, a customer name) is not ours.
    gh.issues.push({
      number: 1,
      title: "question",
      body: `Why does this say\n${marker}\n?`,
      state: "open",
      state_reason: null,
      labels,
      assignees: [],
      comments: [],
    });
    // An issue of ours that someone edited in the web UI comes back with CRLF line ends: still ours.
    gh.issues.push({
      number: 2,
      title: "ours",
      body: `${marker}\r\nedited`,
      state: "closed",
      state_reason: "completed",
      labels,
      assignees: [],
      comments: [],
    });
    expect(await ensureIssue(client, spec())).toMatchObject({ number: 2, action: "reopened" });
    expect(gh.issues[0]).toMatchObject({ state: "open", comments: [] });
    expect((await resolveIssue(client, "acme", "transfer-failed", "Resolved."))?.number).toBe(2);
    expect(gh.issues[0]!.state).toBe("open");
  });

  it("closes a stray duplicate that carries the same marker", async () => {
    await ensureIssue(client, spec());
    gh.issues.push({ ...structuredClone(gh.issues[0]!), number: 2, comments: [] });
    await ensureIssue(client, spec());
    expect(gh.issues[0]!.state).toBe("open");
    expect(gh.issues[1]!.state).toBe("closed");
    expect(gh.issues[1]!.comments[0]).toBe("Duplicate of #1; updates continue there.");
  });

  it("caps a huge body below GitHub's limit with a note pointing at the run", async () => {
    const huge = "x".repeat(200_000);
    await ensureIssue(client, spec({ body: huge }));
    const body = gh.issues[0]!.body;
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(body).toMatch(/truncated \(\d+ characters omitted\); see the run log linked in the comments$/);
    expect(gh.issues[0]!.comments[0]).toContain("runs/101");
    // Capping is deterministic: the next run with the same text does not rewrite the body.
    expect((await ensureIssue(client, spec({ body: huge, runUrl: undefined }))).action).toBe("unchanged");
  });
});

describe("GitHubClient", () => {
  it("retries 5xx at most 3 times with backoff, then reports", async () => {
    gh.failNext.push(502, 503);
    await ensureIssue(client, spec({ runUrl: undefined }));
    expect(sleeps).toHaveLength(2);
    expect(gh.issues).toHaveLength(1);

    gh.failNext.push(500, 502, 503, 504);
    const error = await client.request("GET", client.repoPath("/labels/x")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(503);
    expect(gh.failNext).toEqual([504]); // only 3 attempts were made
  });

  it("does not retry 4xx, and never shows the token", async () => {
    const bad = new GitHubClient({
      apiUrl: gh.url,
      repository: `${gh.owner}/${gh.repo}`,
      token: "wrong-secret-value",
      sleep: async (ms) => void sleeps.push(ms),
    });
    const error = (await ensureIssue(bad, spec()).catch((e: unknown) => e)) as GitHubApiError;
    expect(error.status).toBe(401);
    expect(error.message).toContain("Bad credentials");
    expect(error.message).not.toContain("wrong-secret-value");
    expect(sleeps).toEqual([]);
  });

  it("explains missing configuration", () => {
    expect(() => new GitHubClient({ apiUrl: gh.url, repository: "nope", token: "t" })).toThrow(/owner\/repo/);
    expect(() => new GitHubClient({ apiUrl: gh.url, repository: "a/b", token: "" })).toThrow(/GITHUB_TOKEN/);
  });

  it("parses Link headers", () => {
    expect(
      nextLink('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"'),
    ).toBe("https://api.github.com/x?page=2");
    expect(nextLink('<https://api.github.com/x?page=1>; rel="prev"')).toBeNull();
  });
});

describe("capText", () => {
  it("never splits a surrogate pair", () => {
    const text = "😀".repeat(100);
    for (const max of [100, 101, 3]) {
      const capped = capText(text, max);
      expect(capped.length).toBeLessThanOrEqual(max);
      expect(capped).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
    expect(capText(text, 101)).toContain("truncated");
  });
});
