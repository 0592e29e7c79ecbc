/**
 * The tenant's run status: how the last transfer and the last closing ended, and the last
 * failure with its issue link (state/<tenant>/status.json). The ledger says what was sent and
 * closed; this small record says whether the runs work, so the status site can show a failing
 * tenant without reading the Actions tab. Written by the run frame (run/frame.ts, under the tenant's lock)
 * through the run's committer, and only when it changes: a second run of the day with the same
 * outcome writes nothing, so the record adds at most a commit or two a day per tenant.
 *
 * It never holds a secret: the message is the run's one-line headline, with the tenant's own
 * secret values masked (belt and braces: the clients already mask them) and cut to one line.
 * Versioned (`version`), so a later format can read or migrate it.
 */
import { join } from "node:path";
import { z } from "zod";
import { Redactor } from "../shared/redact.ts";
import { forLog } from "../shared/untrusted.ts";
import { readStateFile, stableStringify, writeStateFile } from "./state-file.ts";

export const RUN_STATUS_VERSION = 1;
/** A headline longer than this is cut: the record is a status line, the issue holds the details. */
export const MAX_MESSAGE_CHARS = 300;

const FIX = "delete it (the next run writes it again)";

const RunCommandSchema = z.enum(["transfer", "close"]);
const url = z.string().regex(/^https:\/\/[^\s"<>]+$/);

const LastRunSchema = z.object({
  /** Outcomes worth recording: dry runs and runs skipped (outside the window, already done) say nothing about health. */
  status: z.enum(["ok", "nothing-to-do", "failed"]),
  businessDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** ISO instant of the run that first reported this outcome for this business date. */
  at: z.string(),
  /**
   * What the run did, or why it failed: its sentences as data (code and figures, run/says.ts),
   * rendered in the reader's language. Texts in it (an error's own words) are one line each.
   */
  says: z.array(z.looseObject({ code: z.string() })).optional(),
  /** Records written before the message catalogue (issue 18): the English headline. */
  message: z.string().max(MAX_MESSAGE_CHARS).optional(),
  /** The failure issue opened or commented on by that run (failed runs only). */
  issueUrl: url.optional(),
  /** The Actions run (inside Actions only). */
  runUrl: url.optional(),
});

export const RunStatusSchema = z.object({
  version: z.literal(RUN_STATUS_VERSION),
  tenant: z.string(),
  /** The last recorded run of each command. */
  runs: z.object({ transfer: LastRunSchema.optional(), close: LastRunSchema.optional() }),
  /** The last failed run of any command; kept after recovery, so the site can say when it last failed. */
  lastFailure: LastRunSchema.extend({ command: RunCommandSchema }).optional(),
});

export type RunCommand = z.infer<typeof RunCommandSchema>;
export type LastRun = z.infer<typeof LastRunSchema>;
export type RecordedStatus = LastRun["status"];
export type RunStatus = z.infer<typeof RunStatusSchema>;

export function runStatusPath(stateDir: string, tenant: string): string {
  return join(stateDir, tenant, "status.json");
}

/** The tenant's run status; undefined when no run has recorded one yet. */
export async function readRunStatus(stateDir: string, tenant: string): Promise<RunStatus | undefined> {
  const path = runStatusPath(stateDir, tenant);
  const status = await readStateFile(path, RunStatusSchema, FIX, RUN_STATUS_VERSION);
  if (status !== undefined && status.tenant !== tenant)
    throw new Error(`${path} belongs to tenant ${status.tenant}, not ${tenant}; ${FIX}`);
  return status;
}

/** Writes the record; returns the paths written (for the committer). */
export async function writeRunStatus(stateDir: string, status: RunStatus): Promise<string[]> {
  const path = runStatusPath(stateDir, status.tenant);
  await writeStateFile(path, status);
  return [path];
}

/** How a run ended, as the run frame reports it (its sentences as the run said them). */
export interface RunReport extends Omit<LastRun, "says" | "message"> {
  command: RunCommand;
  says: readonly { code: string }[];
  /** Values to mask in the texts (the tenant's secrets), whatever produced them. */
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
    says: run.says.map((said) => oneLineTexts(said, redactor)),
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
  return (
    a.status === b.status &&
    a.businessDate === b.businessDate &&
    stableStringify(a.says ?? a.message) === stableStringify(b.says ?? b.message) &&
    a.issueUrl === b.issueUrl
  );
}

/** A sentence's data with each text in it masked and cut to one line (an error's own words may quote anything). */
function oneLineTexts(said: { code: string }, redactor: Redactor): { code: string } {
  return Object.fromEntries(
    Object.entries(said).map(([k, v]) => [k, typeof v === "string" ? headline(redactor.redact(v)) : v]),
  ) as { code: string };
}

/** One line of plain text (no controls, no bidi overrides), at most MAX_MESSAGE_CHARS. */
function headline(text: string): string {
  const line = forLog(text).replace(/\s+/g, " ").trim();
  return line.length <= MAX_MESSAGE_CHARS ? line : `${line.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}
