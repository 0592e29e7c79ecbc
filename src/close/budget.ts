/**
 * The closing's rate budget, as a plan: before writing anything, the calls the plan's payments
 * need are compared with what the Visma.net application may still call before the job's deadline
 * (X-RateLimit-* of the last answer, run/deadline.ts). Payments that do not fit are not posted:
 * nothing is written for them, and the next slot plans them again from the ledger, as it would
 * after a throttle. So a large closing never makes the client's pacer sleep past the job's time.
 */
import { timeLeftMs } from "../run/context.ts";
import { pacedCalls, type RateLimitSeen, secondsToReset } from "../visma/index.ts";
import type { ClosingPlan, PlannedPayment } from "./plan.ts";
import type { ClosingRun } from "./run.ts";

/** Documents of a list page the read-back is counted with (the API's page size is 100 at most). */
const READ_BACK_PAGE = 100;
/** The day's reconciliation's own list of the day's payments (a page, counted after the read-back). */
const RECONCILIATION = 1;

export interface Budgeted {
  /** The plan with only the payments that fit (skips, holds and waiting as planned). */
  plan: ClosingPlan;
  /** Planned payments left for the next slot, in the plan's order. */
  deferred: PlannedPayment[];
  /** The calls the budget allowed (null: no rate-limit figures seen, or no deadline to plan within). */
  calls: number | null;
}

/** The calls posting `payment` makes: create + release, only the release of our unreleased one, nothing for a released one. */
export function callsFor(payment: Pick<PlannedPayment, "existing">): number {
  if (!payment.existing) return 2;
  return payment.existing.status === "Open" || payment.existing.status === "Closed" ? 0 : 1;
}

/**
 * The calls the run may still make without waiting past its deadline: those left in the current
 * window above what the pacer spreads out (pacedCalls), and the next window's as well when it
 * begins before the deadline. Null when nothing bounds it: no X-RateLimit-* figures, or no deadline.
 */
export function callsAvailable(seen: RateLimitSeen | null, timeLeft: number): number | null {
  if (!Number.isFinite(timeLeft) || seen?.remaining == null) return null;
  const reserve = pacedCalls(seen.limit);
  let calls = Math.max(0, seen.remaining - reserve);
  const reset = seen.resetSeconds === null ? null : secondsToReset(seen.resetSeconds, seen.at);
  if (reset !== null && seen.limit !== null && reset * 1000 < timeLeft) calls += Math.max(0, seen.limit - reserve);
  return calls;
}

/**
 * The plan's payments that fit `calls` (in the plan's order: the oldest batches first), counting
 * what follows the posting too: the read-back of the released documents (a page per
 * READ_BACK_PAGE documents of a type) and the day's reconciliation's payment list. A payment that
 * needs no call always fits; after the first that does not, none that needs a call is taken.
 */
export function fitBudget(plan: ClosingPlan, calls: number | null): Budgeted {
  if (calls === null) return { plan, deferred: [], calls };
  const fits: PlannedPayment[] = [];
  const deferred: PlannedPayment[] = [];
  const released = new Map<string, number>(); // documents by type
  const pagesOf = (counts: ReadonlyMap<string, number>) =>
    [...counts.values()].reduce((n, count) => n + Math.ceil(count / READ_BACK_PAGE), 0);
  let posting = 0;
  for (const payment of plan.payments) {
    const cost = callsFor(payment);
    const after = new Map(released);
    for (const d of payment.documents) after.set(d.type, (after.get(d.type) ?? 0) + 1);
    if (cost === 0 || (deferred.length === 0 && posting + cost + pagesOf(after) + RECONCILIATION <= calls)) {
      fits.push(payment);
      posting += cost;
      for (const [type, count] of after) released.set(type, count);
    } else deferred.push(payment);
  }
  return { plan: { ...plan, payments: fits }, deferred, calls };
}

/** The closing's budget from what the plan's reads saw and the time left before the job's deadline. */
export function budget({ tenant, ctx }: ClosingRun, plan: ClosingPlan): Budgeted {
  const budgeted = fitBudget(plan, callsAvailable(ctx.visma.stats.rateLimit, timeLeftMs(ctx)));
  if (budgeted.calls !== null)
    ctx.log.info(
      `${tenant.id}: rate budget: ${budgeted.calls} call(s) before the job's deadline; ${budgeted.plan.payments.length} payment(s)/refund(s) posted now, ${budgeted.deferred.length} left for the next slot`,
    );
  return budgeted;
}
