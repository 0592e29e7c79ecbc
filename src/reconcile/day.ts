/**
 * The day's reconciliation line of a closing run, for its job summary. A mismatch means the
 * ledger and Visma.net disagree about money already closed (invariant 3): the run fails so the
 * "close failed" issue names the documents. A reconciliation that cannot be made is said, and
 * fails nothing. It reads through the run's reader, so the closing's read-back serves it.
 */
import type { Tenant } from "../config/schema.ts";
import type { RunContext } from "../run/context.ts";
import { alsoFailed } from "../run/outcome.ts";
import { says } from "../run/says.ts";
import type { TenantRunResult } from "../run/result.ts";
import { reconcileTenant, reconciliationSummary } from "./reconcile.ts";

export async function reconcileDay(tenant: Tenant, ctx: RunContext, result: TenantRunResult): Promise<TenantRunResult> {
  if (result.status === "skipped" || result.status === "dry-run") return result;
  return ctx.phase("reconcile", async () => {
    const day = result.businessDate;
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
