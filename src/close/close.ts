/**
 * The closing of one tenant, as its phases: for every transferred document whose transfer is
 * older than the delay, a customer payment (invoice) or refund (credit note) on the factoring
 * cash account, released, then read back from Visma.net and recorded in the ledger.
 *
 * API use stays close to the lower bound (create + release per payment): the documents' current
 * state, the existing payments and the read-back are paged list calls, never one GET per document.
 */
import type { Tenant } from "../config/schema.ts";
import type { RunContext } from "../run/context.ts";
import { runPhases } from "../run/phases.ts";
import type { TenantRunResult } from "../run/result.ts";
import { budget } from "./budget.ts";
import { findDue, waitForDelay } from "./due.ts";
import { planDue, wouldPost } from "./plan-due.ts";
import { post } from "./post.ts";
import { recordClosings } from "./record.ts";
import { closingOutcome, closingResult, type ClosingPhases } from "./result.ts";
import { openClosing } from "./run.ts";
import { readBack, verify } from "./verify.ts";

export async function closeTenant(tenant: Tenant, ctx: RunContext): Promise<TenantRunResult> {
  const run = openClosing(tenant, ctx);
  const ended = await runPhases<ClosingPhases>(ctx, async (phase) => {
    const due = await phase("due", () => findDue(run));
    if (due.documents.length === 0) return waitForDelay(run, due);
    const planned = await phase("plan", () => planDue(run, due));
    // Before writing: only what the rate budget allows before the job's deadline is posted.
    const budgeted = await phase("budget", () => budget(run, planned));
    const { plan } = budgeted;
    if (ctx.dryRun) return wouldPost(budgeted);
    const posted = await phase("post", () => post(run, plan));
    const back = await phase("read back", () => readBack(run, posted));
    const verified = await phase("verify read-back", () => verify(run, posted, back));
    await phase("record closings", () => recordClosings(run, due, plan, verified));
    return closingOutcome(run, budgeted, posted, back, verified);
  });
  return closingResult(run, ended);
}
