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
import { says } from "../run/says.ts";
import type { TenantRunResult } from "../run/result.ts";
import { ledgerDaySummary, reconcileTenant, reconciliationSummary } from "./reconcile.ts";

export async function reconcileDay(tenant: Tenant, ctx: RunContext, result: TenantRunResult): Promise<TenantRunResult> {
  if (result.status === "skipped" || result.status === "dry-run") return result;
  return ctx.phase("reconcile", async () => {
    const day = result.businessDate;
    if (!ctx.visma.wrote && (result.closing?.closed.length ?? 0) === 0) {
      const reconciliation = await ledgerDaySummary({ tenant, stateDir: ctx.stateDir, day }).catch((error: Error) => ({
        from: day,
        to: day,
        mismatches: [],
        error: `the ledger could not be read: ${error.message}`,
      }));
      return { ...result, reconciliation };
    }
    try {
      const rec = await reconcileTenant({ tenant, stateDir: ctx.stateDir, visma: ctx.visma, from: day, to: day });
      const reconciliation = reconciliationSummary(rec);
      if (rec.mismatches.length === 0) return { ...result, reconciliation };
      // The failure issue's body lists the mismatches (the reconciliation section of the summary).
      const mismatch = says("reconciliation-mismatch", { count: rec.mismatches.length });
      return { ...alsoFailed(result, mismatch), reconciliation };
    } catch (error) {
      const text = (error as Error).message;
      ctx.log.warn(`${tenant.id}: the reconciliation could not be made: ${text}`);
      return { ...result, reconciliation: { from: day, to: day, mismatches: [], error: text } };
    }
  });
}
