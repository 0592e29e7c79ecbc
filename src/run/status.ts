/**
 * The tenant's run-status record (state/<tenant>/status.json, ledger/run-status.ts): how this run
 * ended, written by the run frame under the tenant's lock, through the run's committer, and only
 * when it changed. Dry runs and skipped runs say nothing about the tenant's health and are not
 * recorded. A failure here is logged and never fails the run: the record is a report, not the books.
 */
import type { DateTime } from "luxon";
import { nextRunStatus, readRunStatus, type RunReport, sameRunStatus, writeRunStatus } from "../ledger/run-status.ts";
import type { RunContext } from "./context.ts";
import type { TenantRunResult } from "./result.ts";

/** What the record needs of the run: its state folder, committer, log and link, and the real time. */
export type StatusRecorder = Pick<RunContext, "stateDir" | "committer" | "log" | "runUrl"> & {
  /** The real time of the run (the record says when it ran, whatever --now said). */
  clock: () => DateTime;
};

export async function recordRunStatus(
  rec: StatusRecorder,
  result: TenantRunResult,
  reported: { failureIssueUrl?: string },
  secrets: string[],
): Promise<void> {
  if (result.status !== "ok" && result.status !== "nothing-to-do" && result.status !== "failed") return;
  const run: RunReport = {
    command: result.command,
    status: result.status,
    businessDate: result.businessDate,
    at: rec.clock().toISO()!,
    says: result.says,
    issueUrl: reported.failureIssueUrl,
    runUrl: rec.runUrl,
    secrets,
  };
  try {
    const current = await readRunStatus(rec.stateDir, result.tenant).catch(() => undefined);
    if (sameRunStatus(current, nextRunStatus(current, result.tenant, run))) return;
    await rec.committer.record(
      {
        tenant: result.tenant,
        businessDate: result.businessDate,
        action: `run-status ${result.command} ${result.status}`,
        counts: {},
        runUrl: rec.runUrl,
      },
      // Re-read: in Actions the committer may apply this on a newer tip.
      async () => {
        const again = await readRunStatus(rec.stateDir, result.tenant).catch(() => undefined);
        return writeRunStatus(rec.stateDir, nextRunStatus(again, result.tenant, run));
      },
    );
  } catch (error) {
    rec.log.warn(`${result.tenant}: the run status was not recorded: ${(error as Error).message}`);
  }
}
