/**
 * The day's reconciliation line of a closing run, for its job summary. A mismatch means the
 * ledger and Visma.net disagree about money already closed (invariant 3): the run fails so the
 * "close failed" issue names the documents. A reconciliation that cannot be made is said, and
 * fails nothing. It reads through the run's reader, so the closing's read-back serves it.
 *
 * A run that posted nothing and closed nothing (an idle slot: nothing due, or everything waits
 * for the delay) has nothing new to check: its line gives the ledger's figures of the day and
 * reads nothing from Visma.net. What was closed earlier that day was checked by the run that
 * closed it, and `npm run report` checks any period again.
 */
import type { Tenant } from "../config/schema.ts";
import type { RunContext } from "../run/context.ts";
import { alsoFailed } from "../run/outcome.ts";
import type { TenantRunResult } from "../run/result.ts";
import { ledgerDayLine, reconcileTenant, reconciliationSummary } from "./reconcile.ts";

export async function reconcileDay(tenant: Tenant, ctx: RunContext, result: TenantRunResult): Promise<TenantRunResult> {
  if (result.status === "skipped" || result.status === "dry-run") return result;
  return ctx.phase("reconcile", async () => {
    const day = result.businessDate;
    if (!ctx.visma.wrote && (result.closing?.closed.length ?? 0) === 0) {
      const line = await ledgerDayLine({ tenant, stateDir: ctx.stateDir, day }).catch(
        (error: Error) => `Reconciliation ${day}: the ledger could not be read: ${error.message}`,
      );
      return { ...result, reconciliation: { date: day, line, mismatches: [] } };
    }
    try {
      const rec = await reconcileTenant({ tenant, stateDir: ctx.stateDir, visma: ctx.visma, from: day, to: day });
      const reconciliation = reconciliationSummary(rec);
      if (rec.mismatches.length === 0) return { ...result, reconciliation };
      const text = `the ledger and Visma.net disagree: ${reconciliation.mismatches.join("; ")}`;
      return { ...alsoFailed(result, `reconciliation: ${rec.mismatches.length} mismatch(es)`, text), reconciliation };
    } catch (error) {
      const text = `the reconciliation could not be made: ${(error as Error).message}`;
      ctx.log.warn(`${tenant.id}: ${text}`);
      return { ...result, reconciliation: { date: day, line: `Reconciliation ${day}: ${text}`, mismatches: [] } };
    }
  });
}
