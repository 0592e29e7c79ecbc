/**
 * What the status site is built from: the tenant files (name, time zone, on or off) and, per
 * tenant, what the state folder holds — read only through the ledger's store API (the batches of
 * the months a run still reads, the list of earlier months, cursor, attention list, run status),
 * never by parsing its files here, so the site keeps working when the ledger's on-disk format
 * changes behind that API. Reading only the recent months keeps a build of hundreds of tenants
 * with years of ledger within seconds; nothing in an earlier month can still change.
 *
 * The site shows every tenant with a tenant file and every tenant with a ledger folder: a
 * tenant whose file was removed still has money in the books. A tenant whose ledger cannot be
 * read is shown as failing with the reason; it never stops the others.
 */
import pLimit from "p-limit";
import type { DateTime } from "luxon";
import { businessDate, DEFAULT_TIME_ZONE, isValidTimeZone } from "../shared/time.ts";
import { listTenantFiles, validateTenantFiles } from "../config/validate.ts";
import { readRunStatus, type RunStatus } from "../ledger/run-status.ts";
import { DEFAULT_LOOKBACK_MONTHS, LedgerStore, listLedgerTenants, monthsEnding } from "../ledger/store.ts";
import type { Batch, Cursor } from "../ledger/types.ts";
import type { AttentionEntry } from "../ledger/attention-file.ts";
import { readAttention } from "../ledger/attention-file.ts";

export interface TenantSettingsForSite {
  id: string;
  name: string;
  timeZone: string;
  /** false: out of the scheduled runs (tenant file says so, or there is no tenant file). */
  enabled: boolean;
  /** Why the tenant file cannot be used: it has errors, or there is none. */
  fileProblem?: "errors" | "missing";
  closing: { enabled: boolean; delayHours: number };
  factor?: string;
}

export interface TenantState {
  tenant: TenantSettingsForSite;
  /** The batches of the months a run still reads (the store's look-back) and any later ones. */
  batches: Batch[];
  /** Earlier months the ledger holds, not read: nothing in them can still be closed by a run. */
  earlierMonths: string[];
  cursor?: Cursor;
  attention: AttentionEntry[];
  runStatus?: RunStatus;
  /** The ledger (or a record beside it) could not be read: the message says which file and why. */
  readError?: string;
}

/** Tenants read at once: enough to overlap file reads, few enough to keep memory flat. */
const READ_CONCURRENCY = 16;
const DEFAULT_CLOSING = { enabled: true, delayHours: 24 };

export async function loadFleet(stateDir: string, tenantsDir: string, now: DateTime): Promise<TenantState[]> {
  const settings = await tenantSettings(tenantsDir);
  for (const id of await listLedgerTenants(stateDir)) {
    if (!settings.has(id)) {
      settings.set(id, {
        id,
        name: id,
        timeZone: DEFAULT_TIME_ZONE,
        enabled: false,
        fileProblem: "missing",
        closing: DEFAULT_CLOSING,
      });
    }
  }
  const limit = pLimit(READ_CONCURRENCY);
  const ids = [...settings.keys()].sort();
  return Promise.all(ids.map((id) => limit(() => loadTenantState(stateDir, settings.get(id)!, now))));
}

export async function loadTenantState(
  stateDir: string,
  tenant: TenantSettingsForSite,
  now: DateTime,
): Promise<TenantState> {
  const store = new LedgerStore(stateDir, tenant.id);
  const state: TenantState = { tenant, batches: [], earlierMonths: [], attention: [] };
  const errors: string[] = [];
  const read = async <T>(what: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await what();
    } catch (error) {
      errors.push((error as Error).message);
      return undefined;
    }
  };
  // The months a run reads (closing and selection look back this far); older ones are history.
  const first = monthsEnding(businessDate(now, tenant.timeZone), DEFAULT_LOOKBACK_MONTHS)[0]!;
  const months = (await read(() => store.listMonths())) ?? [];
  state.earlierMonths = months.filter((m) => m < first);
  const [batches, cursor, attention, runStatus] = await Promise.all([
    read(() => store.batchesOfMonths(months.filter((m) => m >= first))),
    read(() => store.readCursor()),
    read(() => readAttention(stateDir, tenant.id)),
    read(() => readRunStatus(stateDir, tenant.id)),
  ]);
  state.batches = batches ?? [];
  state.cursor = cursor;
  state.attention = attention?.entries ?? [];
  state.runStatus = runStatus;
  if (errors.length > 0) state.readError = errors.join("; ");
  return state;
}

/**
 * Name, zone and switches of each tenant file. A file with errors still names its tenant: its
 * name and zone are taken from the file when they are usable, the defaults otherwise.
 */
async function tenantSettings(tenantsDir: string): Promise<Map<string, TenantSettingsForSite>> {
  const result = await validateTenantFiles(await listTenantFiles(tenantsDir));
  // Errors across files (two tenants on one delivery target) stop those tenants' runs too.
  const withErrors = new Set(result.problems.filter((p) => p.severity === "error").map((p) => p.file));
  const out = new Map<string, TenantSettingsForSite>();
  for (const loaded of result.tenants) {
    const t = loaded.tenant;
    if (t && !withErrors.has(loaded.file)) {
      out.set(loaded.id, {
        id: loaded.id,
        name: t.name,
        timeZone: t.timeZone,
        enabled: t.enabled,
        closing: { enabled: t.closing.enabled, delayHours: t.closing.delayHours },
        factor: t.factor.name ?? t.factor.preset,
      });
      continue;
    }
    const data = (loaded.data ?? {}) as Record<string, unknown>;
    const zone =
      typeof data.timeZone === "string" && isValidTimeZone(data.timeZone) ? data.timeZone : DEFAULT_TIME_ZONE;
    out.set(loaded.id, {
      id: loaded.id,
      name: typeof data.name === "string" && data.name.trim() !== "" ? data.name : loaded.id,
      timeZone: zone,
      enabled: data.enabled !== false,
      fileProblem: "errors",
      closing: DEFAULT_CLOSING,
    });
  }
  return out;
}
