import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import { join } from "node:path";
import {
  FileOnlyCommitter,
  GitCommitter,
  StateNotRecordedError,
  parseCommitMessage,
  pushRefusedForGood,
  type CommitMessage,
} from "../../src/ledger/git.ts";
import { gitSyncOk as gitOk } from "../../src/ledger/git/run.ts";
import { addEntry, createGitFixture, read, write, type GitFixture } from "./git-fixture.ts";

const noSleep = async () => {};
const msg = (tenant: string, counts: Record<string, number> = { invoices: 1 }): CommitMessage => ({
  tenant,
  businessDate: "2026-11-27",
  action: "transfer",
  counts,
  runUrl: "https://github.com/o/r/actions/runs/1",
});

let fx: GitFixture;
beforeEach(() => {
  fx = createGitFixture();
});
afterEach(() => fx.cleanup());

describe("GitCommitter", () => {
  it("two clones racing to push different tenants' files both land, nothing lost", async () => {
    const a = fx.clone("job-a");
    const b = fx.clone("job-b");
    // Both jobs fetch before either pushes: a barrier inside apply() holds the first attempts.
    let arrived = 0;
    let release!: () => void;
    const barrier = new Promise<void>((r) => (release = r));
    const calls = { a: 0, b: 0 };
    const applyFor = (dir: string, who: "a" | "b", tenant: string) => async () => {
      calls[who]++;
      if (calls[who] === 1) {
        if (++arrived === 2) release();
        await barrier;
      }
      addEntry(dir, `state/${tenant}/2026-11/2026-11-27.json`, `${tenant}-batch-1`);
      return [`state/${tenant}/2026-11/2026-11-27.json`];
    };
    const sleeps: number[] = [];
    const options = (repoDir: string) => ({
      repoDir,
      branch: "main",
      sleep: async (ms: number) => void sleeps.push(ms),
      auth: null,
    });

    await Promise.all([
      new GitCommitter(options(a)).record(msg("acme"), applyFor(a, "a", "acme")),
      new GitCommitter(options(b)).record(msg("beta"), applyFor(b, "b", "beta")),
    ]);

    expect(JSON.parse(fx.originFile("state/acme/2026-11/2026-11-27.json")!)).toEqual({ entries: ["acme-batch-1"] });
    expect(JSON.parse(fx.originFile("state/beta/2026-11/2026-11-27.json")!)).toEqual({ entries: ["beta-batch-1"] });
    // Exactly one of them lost the race and re-applied; the backoff was used once.
    expect(calls.a + calls.b).toBe(3);
    expect(sleeps).toHaveLength(1);
    // History is linear: seed + two ledger commits, no merge commits.
    expect(fx.originLog()).toHaveLength(3);
  });

  it("re-reads and re-applies when another push lands between fetch and push; keeps both entries and unrelated files", async () => {
    const job = fx.clone("job");
    const human = fx.clone("human");
    const partition = "state/acme/2026-11/2026-11-27.json";
    fx.pushFrom(human, { [partition]: `${JSON.stringify({ entries: ["acme-batch-0"] }, null, 2)}\n` });

    // Unrelated local work must survive: an untracked note and an uncommitted edit.
    write(job, "notes.txt", "mine\n");
    write(job, "README.md", "# repo\nlocal edit, not for the ledger\n");

    let calls = 0;
    await new GitCommitter({ repoDir: job, branch: "main", sleep: noSleep, auth: null }).record(
      msg("acme"),
      async () => {
        calls++;
        if (calls === 1) {
          // Another writer pushes to the same partition and to a tenant file after our fetch.
          const current = JSON.parse(fx.originFile(partition)!) as { entries: string[] };
          fx.pushFrom(human, {
            [partition]: `${JSON.stringify({ entries: [...current.entries, "acme-manual-fix"].sort() }, null, 2)}\n`,
            "tenants/acme.yaml": "name: Acme AS\n",
          });
        }
        addEntry(job, partition, "acme-batch-1");
        return [partition];
      },
    );

    expect(calls).toBe(2);
    expect(JSON.parse(fx.originFile(partition)!)).toEqual({
      entries: ["acme-batch-0", "acme-batch-1", "acme-manual-fix"],
    });
    // The other writer's change to an unrelated file was not reverted by our commit.
    expect(fx.originFile("tenants/acme.yaml")).toBe("name: Acme AS\n");
    expect(fx.originFile("README.md")).toBe("# repo\n");
    expect(read(job, "notes.txt")).toBe("mine\n");
    expect(read(job, "README.md")).toBe("# repo\nlocal edit, not for the ledger\n");
    const subject = fx.originLog()[0]!.split("\n")[0];
    expect(subject).toBe("state(acme): transfer 2026-11-27 — 1 invoice [skip ci]");
  });

  it("throws StateNotRecordedError with the content when every attempt loses the race", async () => {
    const job = fx.clone("job");
    const rival = fx.clone("rival");
    const sleeps: number[] = [];
    let n = 0;
    const run = new GitCommitter({
      repoDir: job,
      branch: "main",
      maxAttempts: 3,
      sleep: async (ms) => void sleeps.push(ms),
      auth: null,
    }).record(msg("acme", { invoices: 12, creditNotes: 2 }), async () => {
      fx.pushFrom(rival, { [`state/other/${n++}.json`]: "{}\n" });
      addEntry(job, "state/acme/2026-11/2026-11-27.json", "acme-batch-7");
      return ["state/acme/2026-11/2026-11-27.json"];
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateNotRecordedError);
    const e = error as StateNotRecordedError;
    expect(e.attempts).toBe(3);
    expect(sleeps).toHaveLength(2);
    expect(e.files).toEqual([
      {
        path: "state/acme/2026-11/2026-11-27.json",
        content: `${JSON.stringify({ entries: ["acme-batch-7"] }, null, 2)}\n`,
      },
    ]);
    expect(e.commitMessage).toContain("12 invoices, 2 credit notes");
    expect(e.message).toContain("state/acme/2026-11/2026-11-27.json");
    expect(fx.originFile("state/acme/2026-11/2026-11-27.json")).toBeNull();
  });

  it("gives up at once when the server refuses for good (protected branch)", async () => {
    const hook = join(fx.origin, "hooks", "pre-receive");
    writeFileSync(hook, "#!/bin/sh\necho 'GH006: Protected branch update failed for refs/heads/main.' >&2\nexit 1\n");
    chmodSync(hook, 0o755);
    const job = fx.clone("job");
    let calls = 0;
    const error = await new GitCommitter({ repoDir: job, branch: "main", sleep: noSleep, auth: null })
      .record(msg("acme"), async () => {
        calls++;
        addEntry(job, "state/acme/x.json", "e1");
        return ["state/acme/x.json"];
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateNotRecordedError);
    expect(calls).toBe(1);
    expect((error as StateNotRecordedError).attempts).toBe(1);
    expect((error as StateNotRecordedError).reason).toContain("GH006");
  });

  it("works from a shallow checkout (actions/checkout's default depth 1) behind the remote", async () => {
    const job = fx.clone("job", { shallow: true });
    const human = fx.clone("human");
    fx.pushFrom(human, { "state/beta/a.json": "{}\n" });
    fx.pushFrom(human, { "README.md": "# repo v2\n" });
    await new GitCommitter({ repoDir: job, branch: "main", sleep: noSleep, auth: null }).record(
      msg("acme"),
      async () => {
        addEntry(job, "state/acme/a.json", "e1");
        return ["state/acme/a.json"];
      },
    );
    expect(fx.originFile("state/acme/a.json")).toContain("e1");
    expect(fx.originFile("state/beta/a.json")).toBe("{}\n");
    expect(fx.originFile("README.md")).toBe("# repo v2\n");
    expect(fx.originLog()).toHaveLength(4);
  });

  it("does nothing when apply() changes nothing", async () => {
    const job = fx.clone("job");
    const before = fx.originHead();
    await new GitCommitter({ repoDir: job, branch: "main", sleep: noSleep, auth: null }).record(
      msg("acme"),
      async () => {
        write(job, "state/.gitkeep", "");
        return ["state/.gitkeep"];
      },
    );
    expect(fx.originHead()).toBe(before);
  });

  it("keeps hostile text as data: quotes, $(...), backticks, newlines", async () => {
    const job = fx.clone("job");
    // Detached HEAD, as some checkouts leave it: the committer puts HEAD back on the branch.
    gitOk(["checkout", "--quiet", "--detach"], { cwd: job });
    const hostile: CommitMessage = {
      tenant: `a"b'$(touch PWNED)\n; rm -rf /`,
      businessDate: "`touch PWNED2`",
      action: "transfer\n\nSigned-off-by: evil",
      counts: { "in$(touch PWNED3)voices": 3 },
      runUrl: "https://example.invalid/$(touch PWNED4)\n```",
    };
    const file = `state/we"ird $(touch PWNED5)/'x'.json`;
    await new GitCommitter({ repoDir: job, branch: "main", sleep: noSleep, auth: null }).record(hostile, async () => {
      write(job, file, "{}\n");
      return [join(job, file)]; // absolute paths are accepted too
    });

    const body = fx.originLog()[0]!;
    const [subject, ...rest] = body.split("\n");
    expect(subject).toBe(
      `state(a"b'$(touch PWNED) ; rm -rf /): transfer Signed-off-by: evil \`touch PWNED2\` — 3 in$(touch pwned3)voices [skip ci]`,
    );
    expect(rest.some((line) => line.startsWith("Signed-off-by"))).toBe(false);
    expect(parseCommitMessage(body)).toEqual(hostile);
    expect(fx.originFile(file)).toBe("{}\n");
    for (const dir of [fx.root, job, process.cwd()]) {
      expect(readdirSync(dir).filter((f) => f.startsWith("PWNED"))).toEqual([]);
    }
    expect(existsSync(join(job, "PWNED"))).toBe(false);
  });
});

describe("FileOnlyCommitter", () => {
  it("just applies", async () => {
    const dir = fx.clone("local");
    const before = fx.originHead();
    await new FileOnlyCommitter().record(msg("acme"), async () => {
      addEntry(dir, "state/acme/a.json", "x");
      return ["state/acme/a.json"];
    });
    expect(read(dir, "state/acme/a.json")).toContain('"x"');
    expect(fx.originHead()).toBe(before);
  });
});

describe("GitCommitter authentication", () => {
  it("sends the token as a scoped auth header on network commands only, never in .git/config or messages", async () => {
    const { createServer } = await import("node:http");
    const seen: Array<string | undefined> = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(503).end("try later");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as import("node:net").AddressInfo).port;
    try {
      const job = fx.clone("job");
      gitOk(["remote", "set-url", "origin", `http://127.0.0.1:${port}/partner/factoring.git`], { cwd: job });
      const token = "ghs_secretTokenValue123";
      const error = await new GitCommitter({
        repoDir: job,
        branch: "main",
        maxAttempts: 2,
        sleep: noSleep,
        auth: { token, serverUrl: `http://127.0.0.1:${port}` },
      })
        .record(msg("acme"), async () => ["state/x.json"])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StateNotRecordedError);
      const expected = `basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(seen.every((h) => h === expected)).toBe(true);
      expect((error as Error).message).not.toContain(token);
      expect((error as Error).message).not.toContain(expected.slice(6));
      expect(readFileSync(join(job, ".git", "config"), "utf8")).not.toMatch(/extraheader|x-access-token/i);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe("a refused push", () => {
  it("is final only for a protected branch or a denied token, never for a commit id that happens to hold 403", () => {
    expect(pushRefusedForGood("remote: error: GH006: Protected branch update failed for refs/heads/main.")).toBe(true);
    expect(pushRefusedForGood("remote: Permission to partner/factoring.git denied to github-actions[bot].")).toBe(true);
    expect(
      pushRefusedForGood(
        "fatal: unable to access 'https://github.com/partner/factoring/': The requested URL returned error: 403",
      ),
    ).toBe(true);
    expect(
      pushRefusedForGood(
        "! HEAD:refs/heads/main [remote rejected] (failed to update ref)\nremote: error: cannot lock ref 'refs/heads/main': is at bf04b9ad676257403fb92a5e09d04aa64297017a but expected 7404ec7692978732f62d2dce381ed115570ccb06",
      ),
    ).toBe(false);
    expect(pushRefusedForGood("! HEAD:refs/heads/main [rejected] (fetch first)")).toBe(false);
  });
});
