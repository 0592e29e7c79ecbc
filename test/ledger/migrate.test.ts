// npm run migrate-state: a state folder of the first format (a JSON file per month, rewritten on
// every change) to month logs, checked batch for batch, and with --push onto the tenant's state
// branch, as a partner moves a repository whose state/ lives on a branch today.
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commands } from "../../src/commands/index.ts";
import { readAttention } from "../../src/ledger/attention-file.ts";
import { migrateState } from "../../src/ledger/migrate.ts";
import { stableStringify } from "../../src/ledger/state-file.ts";
import { stateBranch, TenantRefsCommitter } from "../../src/ledger/state-refs.ts";
import { LedgerStore } from "../../src/ledger/store.ts";
import type { Batch } from "../../src/ledger/types.ts";

let root: string;
let stateDir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "vf-migrate-"));
  stateDir = join(root, "state");
});
afterEach(() => rm(root, { recursive: true, force: true }));

const doc = (number: string, extra: object = {}) => ({
  type: "Invoice" as const,
  number,
  customer: "10001",
  customerName: "Ærlig Rørlegger AS",
  currency: "NOK",
  amountOre: 125_050,
  documentDate: "2026-10-30",
  dueDate: "2026-11-13",
  kid: "100010007011",
  ...extra,
});

/** What the first format held: closed, skipped, grouped, abandoned and pending batches. */
const OCTOBER: Batch[] = [
  {
    id: "acme-20261030-01",
    businessDate: "2026-10-30",
    sequence: 1,
    status: "transferred",
    target: "sftp://factor.example/inbox",
    createdAt: "2026-10-30T15:44:00.000+01:00",
    transferredAt: "2026-10-30T15:45:00.000+01:00",
    files: [{ name: "acme_20261030_01.SGF", bytes: 512, sha256: "ab".repeat(32) }],
    documents: [
      doc("000701", {
        closing: {
          status: "closed",
          paymentType: "Payment",
          paymentNumber: "000900",
          paymentRef: "VF-20261030-01-C10001-NOK",
          amountOre: 250_100,
          applicationDate: "2026-10-31",
          releasedAt: "2026-10-31T16:00:00.000+01:00",
        },
      }),
      doc("000702", {
        closing: {
          status: "skipped",
          reason: "partly-paid",
          detail: "paid 100,00 NOK",
          at: "2026-10-31T16:00:00.000+01:00",
        },
      }),
    ],
    newCustomers: ["10001"],
  },
  {
    id: "acme-20261031-01",
    businessDate: "2026-10-31",
    sequence: 1,
    status: "abandoned",
    resolvedBy: "human:not-sent",
    target: "sftp://factor.example/inbox",
    createdAt: "2026-10-31T15:44:00.000+01:00",
    files: [{ name: "acme_20261031_01.SGF", bytes: 128, sha256: "cd".repeat(32) }],
    documents: [doc("000703", { dueDate: null, kid: null })],
    newCustomers: [],
  },
];
const NOVEMBER: Batch[] = [
  {
    id: "acme-20261102-01",
    businessDate: "2026-11-02",
    sequence: 1,
    status: "pending",
    target: "sftp://factor.example/inbox",
    createdAt: "2026-11-02T15:44:00.000+01:00",
    files: [{ name: "acme_20261102_01.SGF", bytes: 128, sha256: "ef".repeat(32) }],
    documents: [doc("000704", { documentDate: "2026-11-02", dueDate: "2026-11-16", currency: "EUR" })],
    newCustomers: [],
  },
];

/** A tenant folder exactly as the first format wrote it. */
async function firstFormat(tenant = "acme"): Promise<string> {
  const dir = join(stateDir, tenant);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "2026-10.json"), stableStringify({ tenant, month: "2026-10", batches: OCTOBER }));
  await writeFile(join(dir, "2026-11.json"), stableStringify({ tenant, month: "2026-11", batches: NOVEMBER }));
  await writeFile(
    join(dir, "cursor.json"),
    stableStringify({ tenant, integrationStart: "2026-10-01T00:00:00.000+02:00", customersSent: ["10001"] }),
  );
  await writeFile(
    join(dir, "attention.json"),
    stableStringify({
      tenant,
      entries: [
        {
          key: "k",
          kind: "partly-paid",
          source: "close",
          message: "m",
          firstSeen: "2026-10-31",
          lastSeen: "2026-10-31",
        },
      ],
    }),
  );
  return dir;
}

describe("npm run migrate-state", () => {
  it("turns month files into logs that read back batch for batch, and versions the cursor and attention list", async () => {
    const dir = await firstFormat();
    // An unversioned cursor is the first format, read as it is; the month files stop every run.
    expect(await new LedgerStore(stateDir, "acme").readCursor()).toMatchObject({ tenant: "acme" });
    await expect(new LedgerStore(stateDir, "acme").recentBatches("2026-11-27")).rejects.toThrow(/migrate-state/);

    const done = await migrateState({ stateDir });
    expect(done).toEqual([{ tenant: "acme", months: ["2026-10", "2026-11"], batches: 3, pushed: false }]);
    const store = new LedgerStore(stateDir, "acme");
    expect(await store.batchesOfMonths(await store.listMonths())).toEqual([...OCTOBER, ...NOVEMBER]);
    expect((await readdir(dir)).sort()).toEqual(["attention.json", "cursor.json", "ledger"]);
    expect(JSON.parse(await readFile(store.cursorPath, "utf8")).version).toBe(1);
    expect(JSON.parse(await readFile(join(dir, "attention.json"), "utf8")).version).toBe(1);
    expect((await readAttention(stateDir, "acme")).entries[0]!.code).toBe("partly-paid");
    // A second run finds nothing of the first format and changes nothing.
    const logs = await readFile(store.monthPath("2026-10"), "utf8");
    expect(await migrateState({ stateDir })).toMatchObject([{ tenant: "acme", months: [], batches: 0 }]);
    expect(await readFile(store.monthPath("2026-10"), "utf8")).toBe(logs);
  });

  it("finishes a migration that was cut off after writing the logs", async () => {
    const dir = await firstFormat();
    await new LedgerStore(stateDir, "acme", { besideLegacy: true }).putBatches(OCTOBER); // the logs of October only
    await migrateState({ stateDir, tenant: "acme" });
    expect(await readdir(dir)).not.toContain("2026-10.json");
    const store = new LedgerStore(stateDir, "acme");
    expect(await store.batchesOfMonths(["2026-10", "2026-11"])).toEqual([...OCTOBER, ...NOVEMBER]);
  });

  it("keeps a month file it cannot vouch for", async () => {
    const dir = await firstFormat();
    await writeFile(
      join(dir, "2026-11.json"),
      stableStringify({ tenant: "beta", month: "2026-11", batches: NOVEMBER }),
    );
    await expect(migrateState({ stateDir })).rejects.toThrow(/2026-11\.json does not hold acme\/2026-11/);
    expect(await readdir(dir)).toContain("2026-11.json");
  });

  it("--push records each tenant's folder as the first commit of its state branch, once", async () => {
    const origin = join(root, "origin.git");
    execFileSync("git", ["init", "--quiet", "--bare", "--initial-branch=main", origin]);
    await firstFormat("acme");
    await firstFormat("beta-bygg");
    const env = { FACTORING_STATE_REMOTE: `file://${origin}` };
    const migrate = (...args: string[]) =>
      commands.migrateState.run(commands.migrateState.parse(["--state-dir", stateDir, ...args], env));
    expect(await migrate("--push")).toBe(0);
    const branches = execFileSync("git", ["branch", "--list"], { cwd: origin, encoding: "utf8" });
    expect(branches.split(/\s+/).filter(Boolean)).toEqual([stateBranch("acme"), stateBranch("beta-bygg")]);
    // A run on a fresh runner reads the migrated ledger from the branch.
    const runner = join(root, "runner", "state");
    await new TenantRefsCommitter({ stateDir: runner, remote: { url: env.FACTORING_STATE_REMOTE } }).open("beta-bygg", {
      today: "2026-11-27",
      lookBackDays: 30,
    });
    expect(await new LedgerStore(runner, "beta-bygg").recentBatches("2026-11-27")).toEqual([...OCTOBER, ...NOVEMBER]);
    await expect(migrate("--push", "--tenant", "acme")).rejects.toThrow(
      /factoring-state\/acme exists already; nothing was pushed/,
    );
  });
});
