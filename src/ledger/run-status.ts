/**
 * The tenant's run status: how the last transfer and the last closing ended, and the last
 * failure with its issue link (state/<tenant>/status.json). The ledger says what was sent and
 * closed; this small record says whether the runs work, so the status site can show a failing
 * tenant without reading the Actions tab. Written by the shared run frame (commands/runner.ts)
 * through the run's committer, and only when it changes: a second run of the day with the same
 * outcome writes nothing, so the record adds at most a commit or two a day per tenant.
 *
 * It never holds a secret: the message is the run's one-line headline, with the tenant's own
 * secret values masked (belt and braces: the clients already mask them) and cut to one line.
 * Versioned (`version`), so a later format can read or migrate it.
 */
import { join } from "node:path";
import { z } from "zod";
import { forLog } from "../report/untrusted.ts";
import { Redactor } from "../shared/redact.ts";
import { stableStringify } from "./json.ts";
import { parseOrExplain, readStateJson, writeAtomically } from "./store.ts";

export const RUN_STATUS_VERSION = 1;
/** A headline longer than this is cut: the record is a status line, the issue holds the details. */
export const MAX_MESSAGE_CHARS = 300;

export type RunCommand = "transfer" | "close";
/** Outcomes worth recording: dry runs and runs skipped (outside the window, already done) say nothing about health. */
export type RecordedStatus = "ok" | "nothing-to-do" | "failed";

export interface LastRun {
  status: RecordedStatus;
  businessDate: string;
  /** ISO instant of the run that first reported this outcome for this business date. */
  at: string;
  /** One line: what the run did, or why it failed. */
  message: string;
  /** The failure issue opened or commented on by that run (failed runs only). */
  issueUrl?: string;
  /** The Actions run (inside Actions only). */
  runUrl?: string;
}

export interface RunStatus {
  version: typeof RUN_STATUS_VERSION;
  tenant: string;
  /** The last recorded run of each command. */
  runs: Partial<Record<RunCommand, LastRun>>;
  /** The last failed run of any command; kept after recovery, so the site can say when it last failed. */
  lastFailure?: LastRun & { command: RunCommand };
}

const url = z.string().regex(/^https:\/\/[^\s"<>]+$/);
const LastRunSchema = z.object({
  status: z.enum(["ok", "nothing-to-do", "failed"]),
  businessDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  at: z.string(),
  message: z.string().max(MAX_MESSAGE_CHARS),
  issueUrl: url.optional(),
  runUrl: url.optional(),
});
const RunStatusSchema = z.object({
  version: z.literal(RUN_STATUS_VERSION),
  tenant: z.string(),
  runs: z.object({ transfer: LastRunSchema.optional(), close: LastRunSchema.optional() }),
  lastFailure: LastRunSchema.extend({ command: z.enum(["transfer", "close"]) }).optional(),
});

export function runStatusPath(stateDir: string, tenant: string): string {
  return join(stateDir, tenant, "status.json");
}

/** The tenant's run status; undefined when no run has recorded one yet. */
export async function readRunStatus(stateDir: string, tenant: string): Promise<RunStatus | undefined> {
  const path = runStatusPath(stateDir, tenant);
  const remedy = "delete it (the next run writes it again)";
  const raw = await readStateJson(path, remedy);
  if (raw === undefined) return undefined;
  const status = parseOrExplain(RunStatusSchema, raw, path, remedy) as RunStatus;
  if (status.tenant !== tenant) throw new Error(`${path} belongs to tenant ${status.tenant}, not ${tenant}; ${remedy}`);
  return status;
}

export async function writeRunStatus(stateDir: string, status: RunStatus): Promise<string[]> {
  const path = runStatusPath(stateDir, status.tenant);
  await writeAtomically(path, stableStringify(status));
  return [path];
}

/** How a run ended, as the run frame reports it (the message as the run wrote it). */
export interface RunReport extends LastRun {
  command: RunCommand;
  /** Values to mask in the message (the tenant's secrets), whatever produced it. */
  secrets?: Iterable<string | undefined>;
}

/**
 * The record after `run`: a pure function of the stored record and the run. The same outcome
 * (status, business date, message, issue) as stored keeps the stored record as it is, so an
 * unchanged status is never rewritten (`sameRunStatus` tells the caller).
 */
export function nextRunStatus(current: RunStatus | undefined, tenant: string, run: RunReport): RunStatus {
  const redactor = new Redactor(run.secrets ?? []);
  const last: LastRun = {
    status: run.status,
    businessDate: run.businessDate,
    at: run.at,
    message: headline(redactor.redact(run.message)),
    ...(run.issueUrl && url.safeParse(run.issueUrl).success ? { issueUrl: run.issueUrl } : {}),
    ...(run.runUrl && url.safeParse(run.runUrl).success ? { runUrl: run.runUrl } : {}),
  };
  const base: RunStatus = current ?? { version: RUN_STATUS_VERSION, tenant, runs: {} };
  const before = base.runs[run.command];
  if (before && sameOutcome(before, last)) return base;
  const next: RunStatus = { ...base, runs: { ...base.runs, [run.command]: last } };
  if (last.status === "failed") next.lastFailure = { command: run.command, ...last };
  return next;
}

export function sameRunStatus(a: RunStatus | undefined, b: RunStatus): boolean {
  return a !== undefined && stableStringify(a) === stableStringify(b);
}

function sameOutcome(a: LastRun, b: LastRun): boolean {
  return a.status === b.status && a.businessDate === b.businessDate && a.message === b.message && a.issueUrl === b.issueUrl;
}

/** One line of plain text (no controls, no bidi overrides), at most MAX_MESSAGE_CHARS. */
function headline(text: string): string {
  const line = forLog(text).replace(/\s+/g, " ").trim();
  return line.length <= MAX_MESSAGE_CHARS ? line : `${line.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}
