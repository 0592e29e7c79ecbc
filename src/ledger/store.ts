/**
 * Reads and writes the ledger files of one tenant. Every write goes to a temporary file
 * and is renamed into place, so a crash never leaves half a JSON file. Mutations re-read
 * the file they change, so they can be re-applied on top of a freshly pulled branch
 * (GitCommitter retries that way instead of rebasing JSON text).
 */
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import { TENANT_ID } from "../config/tenantId.ts";
import { groupBy } from "../shared/group.ts";
import { addDays } from "../shared/time.ts";
import { stableStringify } from "./json.ts";
import type { Batch, Cursor, LedgerMonth } from "./types.ts";

const OreSchema = z.int();
const ClosingSchema = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("closed"),
    paymentType: z.enum(["Payment", "Refund"]),
    paymentNumber: z.string(),
    paymentRef: z.string(),
    amountOre: OreSchema,
    applicationDate: z.string(),
    releasedAt: z.string(),
  }),
  z.object({ status: z.literal("skipped"), reason: z.string(), detail: z.string(), at: z.string() }),
]);
const BatchSchema = z.object({
  id: z.string(),
  businessDate: z.string(),
  sequence: z.int().min(1),
  status: z.enum(["pending", "transferred", "abandoned"]),
  target: z.string(),
  createdAt: z.string(),
  transferredAt: z.string().optional(),
  resolvedBy: z.string().optional(),
  files: z.array(z.object({ name: z.string(), bytes: z.int(), sha256: z.string() })),
  documents: z.array(
    z.object({
      type: z.enum(["Invoice", "CreditNote"]),
      number: z.string(),
      customer: z.string(),
      customerName: z.string(),
      currency: z.string(),
      amountOre: OreSchema,
      documentDate: z.string(),
      dueDate: z.string().nullable(),
      kid: z.string().nullable(),
      closing: ClosingSchema.optional(),
    }),
  ),
  newCustomers: z.array(z.string()),
});
const MonthSchema = z.object({ tenant: z.string(), month: z.string(), batches: z.array(BatchSchema) });
const CursorSchema = z.object({
  tenant: z.string(),
  integrationStart: z.string(),
  lastTransfer: z
    .object({ businessDate: z.string(), startedAt: z.string(), completedAt: z.string(), batches: z.array(z.string()) })
    .optional(),
  customersSent: z.array(z.string()),
});

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

  async readCursor(): Promise<Cursor | undefined> {
    const raw = await readStateJson(this.cursorPath);
    if (raw === undefined) return undefined;
    return parseOrExplain(CursorSchema, raw, this.cursorPath) as Cursor;
  }

  async readMonth(month: string): Promise<LedgerMonth> {
    const path = this.monthPath(month);
    const raw = await readStateJson(path);
    if (raw === undefined) return { tenant: this.tenant, month, batches: [] };
    const parsed = parseOrExplain(MonthSchema, raw, path) as LedgerMonth;
    if (parsed.tenant !== this.tenant || parsed.month !== month) {
      throw new Error(`${path} belongs to ${parsed.tenant}/${parsed.month}, not ${this.tenant}/${month}: the ledger was moved or edited by hand`);
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
    await writeAtomically(this.cursorPath, stableStringify(next));
    return [this.cursorPath];
  }

  private async updateMonth(month: string, change: (month: LedgerMonth) => void): Promise<string[]> {
    const current = await this.readMonth(month);
    change(current);
    await writeAtomically(this.monthPath(month), stableStringify(current));
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
  return entries.filter((e) => e.isDirectory() && TENANT_ID.test(e.name)).map((e) => e.name).sort();
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

const LEDGER_JSON_REMEDY = "restore it from git history before running again";
const LEDGER_SCHEMA_REMEDY = "the ledger was edited by hand — restore it from git history";

/**
 * A JSON file of the state folder, parsed; undefined when it does not exist. A broken file is
 * an error naming the file and `remedy` (what a person should do about it).
 */
export async function readStateJson(path: string, remedy = LEDGER_JSON_REMEDY): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}); ${remedy}`);
  }
}

/** `raw` checked against `schema`; otherwise an error naming the file, the field and `remedy`. */
export function parseOrExplain<T>(schema: z.ZodType<T>, raw: unknown, path: string, remedy = LEDGER_SCHEMA_REMEDY): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new Error(`${path}: ${first.path.join(".")}: ${first.message}; ${remedy}`);
  }
  return parsed.data;
}

export async function writeAtomically(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, content);
  await rename(temp, path);
}
