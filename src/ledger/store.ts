/**
 * Reads and writes the ledger of one tenant: its batches by month, the cursor, and which months
 * are settled. The domain API (batches in, batches out) is what transfer, close, watch,
 * reconcile, doctor and the status site use; underneath, a month is an append-only log
 * (ledger/month-log.ts) and the store turns each change into the lines that say it. Mutations
 * re-read the file they change, so they can be re-applied on top of a freshly fetched state
 * (GitCommitter retries that way): appending to the log as it is now is all a retry takes.
 *
 * Layout of state/<tenant>/ (in Actions the checkout of the tenant's state branch,
 * factoring-state/<tenant>: ledger/state-refs.ts):
 *
 *   cursor.json                 where the next transfer starts (versioned JSON)
 *   attention.json, status.json the attention list and the run status (their own modules)
 *   ledger/<yyyy-mm>.jsonl      the month's log
 *   ledger/<yyyy-mm>.settled    written once every batch of an older month is settled: runs no longer read it
 *
 * A run reads the months of its window (the selection's look-back and the closing's delay fit in
 * it) and, before it, only the months that are not settled: the months that can still hold an
 * open document. A settled month is history; the status site and the report read it only when
 * asked for it.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { TENANT_ID } from "../config/tenant-id.ts";
import { groupBy } from "../shared/group.ts";
import { addDays } from "../shared/time.ts";
import { FactoringError } from "../shared/errors.ts";
import {
  byDateAndSequence,
  eventsFor,
  headerLine,
  type LogEvent,
  type MonthLog,
  MonthLogFold,
  toLine,
} from "./month-log.ts";
import { readStateFile, writeStateFile } from "./state-file.ts";
import { copyBatch, CURSOR_VERSION, CursorSchema, type Batch, type Cursor, type LedgerMonth } from "./types.ts";

/** What a damaged ledger file needs. */
const FIX = "the ledger was edited by hand or damaged — restore it from git history before running again";

/** The fewest months a run reads: the selection's default look-back (30 days) and the closing delay fit in it. */
export const DEFAULT_LOOKBACK_MONTHS = 3;

/** The ledger's folder inside the tenant's state. */
export const LEDGER_DIR = "ledger";

/** The ledger holds files of the first format, which this version reads only through the migration. */
export class LegacyLedgerError extends FactoringError {}

export interface LedgerStoreOptions {
  /**
   * Days a run looks back for documents it may select (the tenant's selection.maxInvoiceAgeDays):
   * every batch that may hold such a document is read, so nothing is sent twice.
   */
  lookBackDays?: number;
  /** The migration only: write month logs while the first format's month files are still there. */
  besideLegacy?: boolean;
}

export class LedgerStore {
  private readonly lookBackDays: number;
  private readonly besideLegacy: boolean;

  constructor(
    readonly stateDir: string,
    readonly tenant: string,
    options: LedgerStoreOptions = {},
  ) {
    this.lookBackDays = options.lookBackDays ?? 0;
    this.besideLegacy = options.besideLegacy ?? false;
  }

  get tenantDir(): string {
    return join(this.stateDir, this.tenant);
  }

  monthPath(month: string): string {
    return join(this.tenantDir, LEDGER_DIR, `${month}.jsonl`);
  }

  settledPath(month: string): string {
    return join(this.tenantDir, LEDGER_DIR, `${month}.settled`);
  }

  get cursorPath(): string {
    return join(this.tenantDir, "cursor.json");
  }

  readCursor(): Promise<Cursor | undefined> {
    return readStateFile(this.cursorPath, CursorSchema, FIX, CURSOR_VERSION);
  }

  async readMonth(month: string): Promise<LedgerMonth> {
    return { tenant: this.tenant, month, batches: (await this.readLog(month)).batches };
  }

  /** The months a run reads on `today`: its window (see readWindow) and the older months not settled, oldest first. */
  async monthsToRead(today: string): Promise<string[]> {
    const files = await this.ledgerFiles();
    return monthsToRead(readWindow(today, this.lookBackDays), files.months, files.settled);
  }

  /** The batches a run reads on `today` (monthsToRead), oldest first. */
  async recentBatches(today: string): Promise<Batch[]> {
    return this.batchesOfMonths(await this.monthsToRead(today));
  }

  /** Every month (yyyy-mm) the tenant's ledger holds batches for, oldest first. */
  async listMonths(): Promise<string[]> {
    const files = await this.ledgerFiles();
    return [...new Set([...files.months, ...files.settled])].sort();
  }

  /** Batches of the given months, oldest first (a whole history: listMonths() first). */
  async batchesOfMonths(months: Iterable<string>): Promise<Batch[]> {
    const all = await Promise.all([...new Set(months)].sort().map((m) => this.readMonth(m)));
    return all.flatMap((m) => m.batches);
  }

  /** Records a batch (new, or the stored one with more of its life). Returns the paths written. */
  async putBatch(batch: Batch): Promise<string[]> {
    return this.putBatches([batch]);
  }

  /** Records many batches, one append per month (imports, fixtures). Returns the paths written. */
  async putBatches(batches: readonly Batch[]): Promise<string[]> {
    const written: string[] = [];
    for (const [month, list] of groupBy(batches, (b) => b.businessDate.slice(0, 7))) {
      written.push(
        ...(await this.appendToMonth(month, (stored) => {
          return list.map((batch) => ({ before: stored.find((b) => b.id === batch.id), after: batch }));
        })),
      );
    }
    return written;
  }

  /** Applies `change` to the stored batch (re-read from disk) and appends what changed. Throws when it is not there. */
  async updateBatch(id: string, businessDate: string, change: (batch: Batch) => void): Promise<string[]> {
    return this.appendToMonth(businessDate.slice(0, 7), (stored) => {
      const before = stored.find((b) => b.id === id);
      if (!before) throw new Error(`batch ${id} is not in ${this.monthPath(businessDate.slice(0, 7))}`);
      const after = copyBatch(before);
      change(after);
      return [{ before, after }];
    });
  }

  async updateCursor(change: (cursor: Cursor | undefined) => Cursor): Promise<string[]> {
    const next = change(await this.readCursor());
    await writeStateFile(this.cursorPath, { ...next, version: CURSOR_VERSION });
    return [this.cursorPath];
  }

  /**
   * Marks the months before the window of `today` whose batches are all settled (transferred with
   * every document closed or skipped, or abandoned): later runs no longer read them. Returns the
   * markers written.
   */
  async settleMonths(today: string): Promise<string[]> {
    const first = readWindow(today, this.lookBackDays)[0]!;
    const files = await this.ledgerFiles();
    const written: string[] = [];
    for (const month of files.months.filter((m) => m < first && !files.settled.includes(m))) {
      const { batches } = await this.readLog(month);
      if (!batches.every(isSettled)) continue;
      const path = this.settledPath(month);
      await writeStateFile(path, { version: 1, month, settled: batches.length });
      written.push(path);
    }
    return written;
  }

  private async appendToMonth(
    month: string,
    changes: (stored: Batch[]) => { before: Batch | undefined; after: Batch }[],
  ): Promise<string[]> {
    const path = this.monthPath(month);
    const text = await readText(path);
    const fold = text === undefined ? undefined : this.fold(path, month, text);
    // The fold's own batches: `changes` (putBatches, updateBatch) only reads them.
    const log: MonthLog = fold?.result() ?? { batches: [], names: new Map() };
    const names = new Map(log.names);
    const events: LogEvent[] = [];
    let opens = false;
    for (const { before, after } of changes(log.batches).sort((a, b) => byDateAndSequence(a.after, b.after))) {
      for (const event of eventsFor(this.tenant, before, after, names)) events.push(event);
      if (!before || !isSettled(after)) opens = true;
    }
    if (events.length === 0) return [];
    const header = text === undefined ? `${headerLine(this.tenant, month)}\n` : "";
    const content = `${text ?? header}${events.map(toLine).join("\n")}\n`;
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, content);
    await rename(temp, path);
    this.folded(path, content, fold ?? this.newFold(path, month, header), events);
    // A month that holds something open again is read again (a catch-up run's batch in an old month).
    const settled = this.settledPath(month);
    if (opens && (await readText(settled)) !== undefined) {
      await rm(settled);
      return [path, settled];
    }
    return [path];
  }

  private async readLog(month: string): Promise<MonthLog> {
    const path = this.monthPath(month);
    const text = await readText(path);
    if (text !== undefined) {
      const { batches, names } = this.fold(path, month, text).result();
      return { batches: batches.map(copyBatch), names: new Map(names) };
    }
    if ((await readText(this.settledPath(month))) !== undefined)
      throw new Error(
        `${path} is not in this checkout of the state (the month is settled, so a run's checkout leaves it out); check out the whole state branch to read it`,
      );
    await this.refuseLegacy();
    return { batches: [], names: new Map() };
  }

  /**
   * The fold of the month file whose text is `text`. A run reads the same month several times
   * (settling, recording the batch pending, then sent, the watch), and each time the file is the
   * one read before plus what this run appended: the lines read before are not folded again, only
   * the appended ones (MonthLogFold gives the same batches either way). Any other text, such as a
   * file a fetch replaced, is folded from its first line.
   */
  private fold(path: string, month: string, text: string): MonthLogFold {
    const known = folds.get(path);
    folds.delete(path); // a fold that fails half-way is not kept
    let fold: MonthLogFold;
    if (known && text.startsWith(known.text)) {
      fold = known.fold;
      fold.feed(text.slice(known.text.length));
    } else {
      fold = this.newFold(path, month);
      fold.feed(text);
    }
    keepFold(path, text, fold);
    return fold;
  }

  /** After an append: the fold takes the events written, and stands for the file as it is now. */
  private folded(path: string, content: string, fold: MonthLogFold, written: readonly LogEvent[]): void {
    folds.delete(path);
    fold.feedWritten(written);
    keepFold(path, content, fold);
  }

  /** A fold of a file not read yet: fed `header` (the first line of a new file) when given. */
  private newFold(path: string, month: string, header = ""): MonthLogFold {
    const fold = new MonthLogFold({ path, tenant: this.tenant, month, fix: FIX });
    if (header !== "") fold.feed(header);
    return fold;
  }

  /** The month logs and settled markers in the ledger folder. */
  private async ledgerFiles(): Promise<{ months: string[]; settled: string[] }> {
    await this.refuseLegacy();
    const names = await readdir(join(this.tenantDir, LEDGER_DIR)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [] as string[];
      throw error;
    });
    const pick = (suffix: string) =>
      names
        .flatMap((n) =>
          n.endsWith(suffix) && MONTH.test(n.slice(0, 7)) && n.length === 7 + suffix.length ? [n.slice(0, 7)] : [],
        )
        .sort();
    return { months: pick(".jsonl"), settled: pick(".settled") };
  }

  /** Month files of the first format (state/<tenant>/<yyyy-mm>.json) stop every read until migrated. */
  private async refuseLegacy(): Promise<void> {
    if (this.besideLegacy) return;
    const legacy = await legacyMonthFiles(this.tenantDir);
    if (legacy.length > 0)
      throw new LegacyLedgerError(
        `${this.tenantDir} holds ledger files of the earlier format (${legacy.join(", ")}): run npm run migrate-state once, then run again`,
      );
  }
}

/**
 * Month files folded lately, by path, with the text they were folded from (see LedgerStore.fold):
 * the few a run reads and appends to. Kept for this process only, never trusted over the file.
 */
const folds = new Map<string, { text: string; fold: MonthLogFold }>();
const FOLDS_KEPT = 8;

function keepFold(path: string, text: string, fold: MonthLogFold): void {
  folds.set(path, { text, fold });
  if (folds.size > FOLDS_KEPT) folds.delete(folds.keys().next().value!);
}

/** Transferred with every document closed or skipped, or abandoned: nothing in it can change any more. */
export function isSettled(batch: Batch): boolean {
  return batch.status === "abandoned" || (batch.status === "transferred" && batch.documents.every((d) => d.closing));
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The first format's month files of a tenant folder (yyyy-mm.json), sorted. */
export async function legacyMonthFiles(tenantDir: string): Promise<string[]> {
  const names = await readdir(tenantDir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith(".json") && MONTH.test(n.slice(0, -5))).sort();
}

/**
 * The months every run reads on `today`, oldest first: at least DEFAULT_LOOKBACK_MONTHS, and
 * enough to reach `lookBackDays` back (a document dated that far back may still be selected, and
 * the batch that sent it must be seen).
 */
export function readWindow(today: string, lookBackDays = 0): string[] {
  const index = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
  const reach = index(today) - index(addDays(today, -lookBackDays)) + 1;
  return monthsEnding(today, Math.max(DEFAULT_LOOKBACK_MONTHS, reach));
}

/** Pure: the window and the months before it that are not settled, oldest first (the state checkout uses it too). */
export function monthsToRead(
  window: readonly string[],
  months: readonly string[],
  settled: readonly string[],
): string[] {
  const before = months.filter((m) => m < window[0]! && !settled.includes(m));
  return [...before, ...window];
}

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

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
