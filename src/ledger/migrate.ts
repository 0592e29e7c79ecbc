/**
 * `npm run migrate-state`: brings a state folder of the first format to the current one, and
 * (with `push`) records each tenant's folder as the first commit of its state branch.
 *
 * The first format kept a month as one JSON file (state/<tenant>/<yyyy-mm>.json) rewritten on
 * every change, and the workflows committed state/ to the branch they ran from. Per tenant the
 * migration
 * 1. appends every batch of every month file to the month's log (ledger/<yyyy-mm>.jsonl),
 * 2. reads the logs back and compares them with the month files, batch for batch,
 * 3. only then removes the month files, and writes the cursor and the attention list again with
 *    their format version.
 * A run that is cut off is simply run again: appending what a log already says adds nothing.
 */
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { FactoringError } from "../shared/errors.ts";
import { readAttention, writeAttention } from "./attention-file.ts";
import { readStateFile, stableStringify } from "./state-file.ts";
import { listStateTenants, stateBranch, TenantRefsCommitter, type StateRemote } from "./state-refs.ts";
import { legacyMonthFiles, listLedgerTenants, LedgerStore } from "./store.ts";
import { byDateAndSequence } from "./month-log.ts";
import { LedgerMonthSchema, type Batch } from "./types.ts";

export interface MigrateOptions {
  stateDir: string;
  /** Only this tenant (default: every tenant folder in stateDir). */
  tenant?: string;
  /** Also push each tenant's folder as the first commit of its state branch on this remote. */
  push?: StateRemote;
  log?: (line: string) => void;
}

export interface TenantMigration {
  tenant: string;
  months: string[];
  batches: number;
  pushed: boolean;
}

const FIX = "fix or restore the file from git history, then run npm run migrate-state again";

export async function migrateState(options: MigrateOptions): Promise<TenantMigration[]> {
  const log = options.log ?? (() => {});
  const tenants = options.tenant ? [options.tenant] : await listLedgerTenants(options.stateDir);
  const existing = options.push ? new Set(await listStateTenants(options.push)) : new Set<string>();
  const out: TenantMigration[] = [];
  for (const tenant of tenants) {
    const migrated = await migrateTenant(options.stateDir, tenant);
    const what = `${migrated.months.length} month file(s), ${migrated.batches} batch(es)`;
    if (options.push) {
      if (existing.has(tenant))
        throw new FactoringError(
          `${tenant}: the state branch ${stateBranch(tenant)} exists already; nothing was pushed for it (migrated before? compare the branch with ${join(options.stateDir, tenant)} and drop --push)`,
        );
      await pushTenant(options.stateDir, tenant, options.push);
      migrated.pushed = true;
    }
    log(`${tenant}: ${what} in the current format${migrated.pushed ? `; pushed to ${stateBranch(tenant)}` : ""}`);
    out.push(migrated);
  }
  return out;
}

async function migrateTenant(stateDir: string, tenant: string): Promise<TenantMigration> {
  const store = new LedgerStore(stateDir, tenant);
  const files = await legacyMonthFiles(store.tenantDir);
  const legacy = new Map<string, Batch[]>();
  for (const name of files) {
    const month = name.slice(0, 7);
    const path = join(store.tenantDir, name);
    const parsed = await readStateFile(path, LedgerMonthSchema, FIX, 1);
    if (!parsed || parsed.tenant !== tenant || parsed.month !== month)
      throw new FactoringError(`${path} does not hold ${tenant}/${month}; ${FIX}`);
    legacy.set(month, parsed.batches);
  }
  // Appended in order; the store refuses to rewrite what a log already says differently.
  const months = [...legacy.keys()];
  const batches = [...legacy.values()].flat();
  const logs = new LedgerStore(stateDir, tenant, { besideLegacy: true });
  await logs.putBatches(batches);
  for (const month of months) {
    const back = await logs.readMonth(month);
    const expected = [...legacy.get(month)!].sort(byDateAndSequence);
    if (stableStringify(back.batches) !== stableStringify(expected))
      throw new FactoringError(
        `${tenant}/${month}: the month log does not read back as the month file; the month file is kept. ${FIX}`,
      );
  }
  for (const name of files) await rm(join(store.tenantDir, name));
  // The small state files, written again with their format version.
  const cursor = await store.readCursor();
  if (cursor) await store.updateCursor(() => cursor);
  const attention = await readAttention(stateDir, tenant);
  if (attention.entries.length > 0 || attention.checkedAt) await writeAttention(stateDir, attention);
  return { tenant, months, batches: batches.length, pushed: false };
}

/** Records the tenant's migrated folder as the first commit of its state branch. */
async function pushTenant(stateDir: string, tenant: string, remote: StateRemote): Promise<void> {
  const source = resolve(stateDir, tenant);
  const work = await mkdtemp(join(tmpdir(), "vf-migrate-"));
  try {
    const committer = new TenantRefsCommitter({ stateDir: work, remote });
    await committer.open(tenant);
    await committer.record({ tenant, businessDate: "migration", action: "migrate-state", counts: {} }, async () => {
      const names = (await readdir(source)).filter(
        (n) => !n.startsWith(".lock") && !n.endsWith(".tmp") && n !== ".git",
      );
      for (const name of names) await cp(join(source, name), join(work, tenant, name), { recursive: true });
      return names.map((n) => join(work, tenant, n));
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
