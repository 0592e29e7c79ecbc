/**
 * Reads and writes the ledger files of one tenant. Every write goes to a temporary file
 * and is renamed into place, so a crash never leaves half a JSON file. Mutations re-read
 * the file they change, so they can be re-applied on top of a freshly pulled branch
 * (GitCommitter retries that way instead of rebasing JSON text).
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { TENANT_ID } from "../config/tenant-id.ts";
import { groupBy } from "../shared/group.ts";
import { addDays } from "../shared/time.ts";
import { readStateFile, writeStateFile } from "./state-file.ts";
import { CursorSchema, LedgerMonthSchema, type Batch, type Cursor, type LedgerMonth } from "./types.ts";

/** What a damaged ledger file needs. */
const FIX = "the ledger was edited by hand or damaged — restore it from git history before running again";

/** How many months of batches a run reads: the selection look-back and the closing delay fit in it. */
export const DEFAULT_LOOKBACK_MONTHS = 3;

export class LedgerStore {
  constructor(
    readonly stateDir: string,
    readonly tenant: string,
  ) {}

  get tenantDir(): string {
    return join(this.stateDir, this.tenant);
  }

  monthPath(month: string): string {
    return join(this.tenantDir, `${month}.json`);
  }

  get cursorPath(): string {
    return join(this.tenantDir, "cursor.json");
  }

  readCursor(): Promise<Cursor | undefined> {
    return readStateFile(this.cursorPath, CursorSchema, FIX);
  }

  async readMonth(month: string): Promise<LedgerMonth> {
    const path = this.monthPath(month);
    const parsed = await readStateFile(path, LedgerMonthSchema, FIX);
    if (parsed === undefined) return { tenant: this.tenant, month, batches: [] };
    if (parsed.tenant !== this.tenant || parsed.month !== month) {
      throw new Error(
        `${path} belongs to ${parsed.tenant}/${parsed.month}, not ${this.tenant}/${month}: the ledger was moved or edited by hand`,
      );
    }
    return parsed;
  }

  /** Batches of the months from `monthsBack - 1` months before `today` up to today's month, oldest first. */
  async recentBatches(today: string, monthsBack = DEFAULT_LOOKBACK_MONTHS): Promise<Batch[]> {
    return this.batchesOfMonths(monthsEnding(today, monthsBack));
  }

  /** Every month (yyyy-mm) the tenant's ledger holds batches for, oldest first. */
  async listMonths(): Promise<string[]> {
    const names = await readdir(this.tenantDir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [] as string[];
      throw error;
    });
    return names.flatMap((n) => (MONTH_FILE.test(n) ? [n.slice(0, 7)] : [])).sort();
  }

  /** Batches of the given months, oldest first (a whole history: listMonths() first). */
  async batchesOfMonths(months: Iterable<string>): Promise<Batch[]> {
    const all = await Promise.all([...months].sort().map((m) => this.readMonth(m)));
    return all.flatMap((m) => m.batches);
  }

  /** Inserts or replaces a batch in its month file. Returns the paths written. */
  async putBatch(batch: Batch): Promise<string[]> {
    return this.putBatches([batch]);
  }

  /** Inserts or replaces many batches, one write per month (imports, fixtures). Returns the paths written. */
  async putBatches(batches: readonly Batch[]): Promise<string[]> {
    const written: string[] = [];
    for (const [month, list] of groupBy(batches, (b) => b.businessDate.slice(0, 7))) {
      written.push(
        ...(await this.updateMonth(month, (m) => {
          for (const batch of list) {
            const i = m.batches.findIndex((b) => b.id === batch.id);
            if (i >= 0) m.batches[i] = batch;
            else m.batches.push(batch);
          }
          m.batches.sort(byDateAndSequence);
        })),
      );
    }
    return written;
  }

  /** Applies `change` to the stored batch (re-read from disk). Throws when it is not there. */
  async updateBatch(id: string, businessDate: string, change: (batch: Batch) => void): Promise<string[]> {
    return this.updateMonth(businessDate.slice(0, 7), (month) => {
      const batch = month.batches.find((b) => b.id === id);
      if (!batch) throw new Error(`batch ${id} is not in ${this.monthPath(businessDate.slice(0, 7))}`);
      change(batch);
    });
  }

  async updateCursor(change: (cursor: Cursor | undefined) => Cursor): Promise<string[]> {
    const next = change(await this.readCursor());
    await writeStateFile(this.cursorPath, next);
    return [this.cursorPath];
  }

  private async updateMonth(month: string, change: (month: LedgerMonth) => void): Promise<string[]> {
    const current = await this.readMonth(month);
    change(current);
    await writeStateFile(this.monthPath(month), current);
    return [this.monthPath(month)];
  }
}

function byDateAndSequence(a: Batch, b: Batch): number {
  return a.businessDate.localeCompare(b.businessDate) || a.sequence - b.sequence;
}

const MONTH_FILE = /^\d{4}-(0[1-9]|1[0-2])\.json$/;

/**
 * The tenants that have a ledger folder in `stateDir` (names by the tenant-id rule; other
 * folders, such as a stray backup, are not tenants), sorted.
 */
export async function listLedgerTenants(stateDir: string): Promise<string[]> {
  const entries = await readdir(stateDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new Error(`state folder ${stateDir} does not exist`);
    throw error;
  });
  return entries
    .filter((e) => e.isDirectory() && TENANT_ID.test(e.name))
    .map((e) => e.name)
    .sort();
}

/** yyyy-mm of the `count` months ending with the month of `today`, oldest first. */
export function monthsEnding(today: string, count: number): string[] {
  const months: string[] = [];
  let date = `${today.slice(0, 7)}-15`;
  for (let i = 0; i < count; i++) {
    months.unshift(date.slice(0, 7));
    date = addDays(date, -30);
    date = `${date.slice(0, 7)}-15`;
  }
  return months;
}
