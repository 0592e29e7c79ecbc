// The tenants' state branches on real git: a bare "origin" as GitHub holds them, and state
// folders checked out from it as runners do (each a fresh folder, as a fresh runner has).
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commands } from "../../src/commands/index.ts";
import { PUSH_REJECTED, type CommitMessage } from "../../src/ledger/git.ts";
import { StateCheckoutError } from "../../src/ledger/git/checkout.ts";
import { LedgerStore } from "../../src/ledger/store.ts";
import {
  fetchStates,
  listStateTenants,
  stateBranch,
  stateRemoteFromEnv,
  TenantRefsCommitter,
} from "../../src/ledger/state-refs.ts";
import type { Batch } from "../../src/ledger/types.ts";
import { bareOrigin, git } from "../helpers/git.ts";

let root: string;
let origin: string;
let url: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "vf-refs-"));
  origin = bareOrigin(root);
  // GitHub serves partial fetches; a local bare repository does so when asked to.
  git(origin, "config", "uploadpack.allowFilter", "true");
  git(origin, "config", "uploadpack.allowAnySHA1InWant", "true");
  url = `file://${origin}`;
});
afterEach(() => rm(root, { recursive: true, force: true }));

const msg = (tenant: string, action = "transfer"): CommitMessage => ({
  tenant,
  businessDate: "2026-11-27",
  action,
  counts: {},
});

function batch(tenant: string, date: string, closed: boolean): Batch {
  const id = `${tenant}-${date.replaceAll("-", "")}-01`;
  return {
    id,
    businessDate: date,
    sequence: 1,
    status: closed ? "transferred" : "pending",
    ...(closed ? { transferredAt: `${date}T15:45:00.000+01:00` } : {}),
    target: "file:///factor",
    createdAt: `${date}T15:44:00.000+01:00`,
    files: [{ name: `${id}.SGF`, bytes: 256, sha256: "ab".repeat(32) }],
    documents: [
      {
        type: "Invoice",
        number: `${date.slice(5, 7)}${date.slice(8)}01`,
        customer: "10001",
        customerName: "Ærlig Rørlegger AS",
        currency: "NOK",
        amountOre: 100_000,
        documentDate: date,
        dueDate: null,
        kid: null,
        ...(closed
          ? {
              closing: {
                status: "closed" as const,
                paymentType: "Payment" as const,
                paymentNumber: "000900",
                paymentRef: `VF-${date.replaceAll("-", "")}-01-${date.slice(5, 7)}${date.slice(8)}01`,
                amountOre: 100_000,
                applicationDate: date,
                releasedAt: `${date}T23:00:00.000+01:00`,
              },
            }
          : {}),
      },
    ],
    newCustomers: [],
  };
}

/** A runner's fresh state folder and the committer of a run there. */
async function runner(name: string, extra: Partial<ConstructorParameters<typeof TenantRefsCommitter>[0]> = {}) {
  const stateDir = join(root, name, "state");
  await mkdir(stateDir, { recursive: true });
  const log: string[] = [];
  const committer = new TenantRefsCommitter({
    stateDir,
    remote: { url },
    log: (m) => log.push(m),
    retry: { sleep: async () => {} },
    ...extra,
  });
  return { stateDir, committer, log };
}

const originFile = (branch: string, path: string) => git(origin, "show", `${branch}:${path}`);
const missingBlobs = (dir: string) =>
  git(dir, "rev-list", "--objects", "--missing=print", "--all")
    .split("\n")
    .filter((l) => l.startsWith("?")).length;

describe("state branches, one per tenant", () => {
  it("a new tenant's first run creates its branch; the next run, on a fresh runner, reads what it recorded", async () => {
    const first = await runner("job-1");
    await first.committer.open("acme", { today: "2026-11-27", lookBackDays: 30 });
    const store = new LedgerStore(first.stateDir, "acme");
    expect(await store.recentBatches("2026-11-27")).toEqual([]);
    const pending = batch("acme", "2026-11-27", false);
    await first.committer.record(msg("acme", "transfer-pending"), () => store.putBatch(pending));
    // Pushed before the run goes on: the write-ahead record is on the branch.
    expect(originFile(stateBranch("acme"), "ledger/2026-11.jsonl")).toContain('"e":"batch"');
    expect(git(origin, "branch", "--list").trim().split(/\s+/)).toEqual([stateBranch("acme")]);

    const second = await runner("job-2");
    await second.committer.open("acme", { today: "2026-11-27", lookBackDays: 30 });
    expect(await new LedgerStore(second.stateDir, "acme").recentBatches("2026-11-27")).toEqual([pending]);
    // The branch holds the tenant's folder at its root and nothing of the code.
    expect(git(origin, "ls-tree", "-r", "--name-only", stateBranch("acme")).trim().split("\n")).toEqual([
      "ledger/2026-11.jsonl",
    ]);
  });

  it("tenants never push to the same ref: parallel jobs land without a single rejected push", async () => {
    const tenants = ["acme", "beta", "gamma", "delta"];
    const jobs = await Promise.all(tenants.map((t) => runner(`job-${t}`)));
    await Promise.all(
      tenants.map(async (t, i) => {
        const { committer, stateDir } = jobs[i]!;
        await committer.open(t, { today: "2026-11-27", lookBackDays: 30 });
        const store = new LedgerStore(stateDir, t);
        await committer.record(msg(t, "transfer-pending"), () => store.putBatch(batch(t, "2026-11-27", false)));
        await committer.record(msg(t), () =>
          store.updateBatch(`${t}-20261127-01`, "2026-11-27", (b) => {
            b.status = "transferred";
            b.transferredAt = "2026-11-27T15:45:00.000+01:00";
          }),
        );
      }),
    );
    expect(jobs.flatMap((j) => j.log)).toEqual([]);
    expect(await listStateTenants({ url }, root)).toEqual([...tenants].sort());
    for (const t of tenants) expect(originFile(stateBranch(t), "ledger/2026-11.jsonl")).toContain('"e":"sent"');
  });

  it("when someone else wrote the branch meanwhile, appends again on the new tip: both records stay", async () => {
    const job = await runner("job");
    await job.committer.open("acme", { today: "2026-11-27", lookBackDays: 30 });
    const store = new LedgerStore(job.stateDir, "acme");
    await job.committer.record(msg("acme", "transfer-pending"), () =>
      store.putBatch(batch("acme", "2026-11-27", false)),
    );

    const human = await runner("human");
    await human.committer.open("acme");
    const humanStore = new LedgerStore(human.stateDir, "acme");
    let raced = false;
    await job.committer.record(msg("acme"), async () => {
      if (!raced) {
        raced = true; // another writer records a second batch between our fetch and our push
        await human.committer.record(msg("acme", "import"), () =>
          humanStore.putBatch({ ...batch("acme", "2026-11-27", false), id: "acme-20261127-02", sequence: 2 }),
        );
      }
      return store.updateBatch("acme-20261127-01", "2026-11-27", (b) => {
        b.status = "transferred";
        b.transferredAt = "2026-11-27T15:45:00.000+01:00";
      });
    });
    expect(job.log).toHaveLength(1);
    expect(job.log[0]).toContain(PUSH_REJECTED);
    const fresh = await runner("fresh");
    await fresh.committer.open("acme");
    const batches = await new LedgerStore(fresh.stateDir, "acme").recentBatches("2026-11-27");
    expect(batches.map((b) => [b.id, b.status])).toEqual([
      ["acme-20261127-01", "transferred"],
      ["acme-20261127-02", "pending"],
    ]);
  });

  it("a run fetches only the months it reads: settled months before its window stay on the server", async () => {
    const seed = await runner("seed");
    await seed.committer.open("acme");
    const store = new LedgerStore(seed.stateDir, "acme");
    await seed.committer.record(msg("acme", "import"), async () => [
      ...(await store.putBatches([
        batch("acme", "2026-05-04", true),
        batch("acme", "2026-06-04", false), // still open: read although it is old
        batch("acme", "2026-11-02", true),
      ])),
      ...(await store.settleMonths("2026-11-27")),
    ]);

    const job = await runner("job");
    await job.committer.open("acme", { today: "2026-11-27", lookBackDays: 30 });
    const dir = join(job.stateDir, "acme");
    expect(existsSync(join(dir, "ledger", "2026-05.jsonl"))).toBe(false);
    expect(existsSync(join(dir, "ledger", "2026-05.settled"))).toBe(true);
    expect(existsSync(join(dir, "ledger", "2026-06.jsonl"))).toBe(true);
    expect(missingBlobs(dir)).toBe(1); // May's log: never downloaded
    const read = new LedgerStore(job.stateDir, "acme", { lookBackDays: 30 });
    expect((await read.recentBatches("2026-11-27")).map((b) => b.businessDate)).toEqual(["2026-06-04", "2026-11-02"]);
    // Recording leaves what it did not check out alone on the branch.
    await job.committer.record(msg("acme"), () => read.putBatch(batch("acme", "2026-11-27", false)));
    expect(originFile(stateBranch("acme"), "ledger/2026-05.jsonl")).toContain("acme-20260504-01");
    expect(missingBlobs(dir)).toBe(1);

    // The status site and the report check out the whole tip.
    const site = join(root, "site-state");
    expect(await fetchStates(site, { url })).toEqual(["acme"]);
    expect(existsSync(join(site, "acme", "ledger", "2026-05.jsonl"))).toBe(true);
  });

  it("npm run site -- --fetch-state builds the status site from every tenant's state branch", async () => {
    for (const t of ["acme", "beta"]) {
      const job = await runner(`job-${t}`);
      await job.committer.open(t);
      await job.committer.record(msg(t), () => new LedgerStore(job.stateDir, t).putBatch(batch(t, "2026-11-20", true)));
    }
    const tenantsDir = join(root, "tenants");
    await mkdir(tenantsDir);
    const out = join(root, "site");
    const stateDir = join(root, "site-job", "state");
    const args = [
      "--fetch-state",
      "--state-dir",
      stateDir,
      "--tenants-dir",
      tenantsDir,
      "--out",
      out,
      "--now",
      "2026-11-27T12:00:00+01:00",
    ];
    const write = process.stdout.write;
    process.stdout.write = () => true;
    try {
      expect(await commands.site.run(commands.site.parse(args, { FACTORING_STATE_REMOTE: url }))).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    const index = await readFile(join(out, "index.html"), "utf8");
    for (const t of ["acme", "beta"]) expect(index).toContain(`tenants/${t}.html`);
  });

  it("stops rather than start from an empty ledger: an unreachable remote, or a state folder that is no checkout", async () => {
    const job = await runner("job", { remote: { url: join(root, "nowhere.git") } });
    await expect(job.committer.open("acme", { today: "2026-11-27", lookBackDays: 30 })).rejects.toBeInstanceOf(
      StateCheckoutError,
    );
    const local = await runner("local");
    await mkdir(join(local.stateDir, "acme"));
    await writeFile(join(local.stateDir, "acme", "cursor.json"), "{}");
    await expect(local.committer.open("acme")).rejects.toThrow(
      /not a checkout of factoring-state\/acme.*migrate-state -- --push/,
    );
    expect(await readFile(join(local.stateDir, "acme", "cursor.json"), "utf8")).toBe("{}");
  });

  it("a dry run checks the state out to read it and records nothing", async () => {
    const job = await runner("job", { readOnly: true });
    await job.committer.open("acme", { today: "2026-11-27", lookBackDays: 30 });
    await expect(job.committer.record(msg("acme"), async () => [])).rejects.toThrow(/a dry run records nothing/);
    expect(git(origin, "branch", "--list")).toBe("");
  });

  it("finds the state repository: FACTORING_STATE_REMOTE, the Actions repository, or the clone's origin", () => {
    expect(stateRemoteFromEnv({ FACTORING_STATE_REMOTE: url }).url).toBe(url);
    expect(
      stateRemoteFromEnv({
        GITHUB_REPOSITORY: "partner/factoring",
        GITHUB_SERVER_URL: "https://github.com",
        GITHUB_TOKEN: "t",
      }),
    ).toEqual({
      url: "https://github.com/partner/factoring.git",
      auth: { token: "t", serverUrl: "https://github.com" },
    });
    const clone = join(root, "clone");
    git(root, "clone", "--quiet", url, clone);
    expect(stateRemoteFromEnv({}, clone).url).toBe(url);
  });
});
