/** The closing's result and outcome, assembled from the values its phases returned (close.ts). */
import { finish, type Outcome } from "../run/outcome.ts";
import type { Ended } from "../run/phases.ts";
import { addToTotals, baseResult, type TenantRunResult } from "../run/result.ts";
import { noticeDocument, type Notice } from "../shared/notice.ts";
import { describeThrottle } from "../visma/index.ts";
import { callsFor, type Budgeted } from "./budget.ts";
import type { Due } from "./due.ts";
import type { ClosingPlan, PlannedPayment } from "./plan.ts";
import type { Posted } from "./post.ts";
import type { ClosingRun } from "./run.ts";
import type { ReadBack, Verification } from "./verify.ts";

/** The closing's phases by name, with the value each returns. */
export interface ClosingPhases {
  due: Due;
  plan: ClosingPlan;
  budget: Budgeted;
  post: Posted;
  "read back": ReadBack;
  "verify read-back": Verification;
  "record closings": void;
}

/** A refusal or a throttle is a definite state, not a failure: only what is unknown fails the run. */
export function closingOutcome(
  { tenant, ctx }: ClosingRun,
  { plan, deferred }: Budgeted,
  posted: Posted,
  back: ReadBack,
  verified: Verification,
): Outcome {
  const documents = (kind: string) =>
    posted.payments.filter((p) => p.outcome.kind === kind).reduce((n, p) => n + p.planned.documents.length, 0);
  const uncertain = posted.payments.filter((p) => p.outcome.kind === "uncertain").length;
  const released = posted.payments.filter((p) => p.outcome.kind === "released").length;
  const refused = documents("refused");
  const unverified = verified.unconfirmed.length;
  const parts = [
    `${verified.closed.length} closed`,
    refused > 0 ? `${refused} refused` : "",
    plan.skips.length > 0 ? `${plan.skips.length} skipped` : "",
    uncertain > 0 ? `${uncertain} payment(s) uncertain (left for the next run)` : "",
    plan.held.length > 0 ? `${plan.held.length} held (could not be read)` : "",
    unverified > 0 ? `${unverified} not confirmed closed` : "",
    verified.notReadBack > 0 ? `${verified.notReadBack} released but not read back yet` : "",
    deferred.length > 0 ? `${documentsOf(deferred)} left for the next slot (rate budget)` : "",
  ].filter(Boolean);
  const throttle = posted.throttle ?? back.throttle;
  const throttled = throttle
    ? `; ${describeThrottle(throttle, ctx.now, tenant.timeZone)} (${documents("throttled") + verified.notReadBack} document(s))`
    : "";
  const message = `${parts.join(", ")} — ${released} payment(s)/refund(s) released${throttled}`;
  return uncertain + unverified + plan.held.length > 0
    ? { status: "failed", message, error: message }
    : { status: "ok", message };
}

function documentsOf(payments: readonly PlannedPayment[]): number {
  return payments.reduce((n, p) => n + p.documents.length, 0);
}

/** What the rate budget left for the next slot, said once in the run's summary. */
function deferredNotice({ deferred, calls }: Budgeted): Notice[] {
  if (deferred.length === 0) return [];
  const needed = deferred.reduce((n, p) => n + callsFor(p), 0);
  return [
    {
      code: "closing-deferred",
      message: `${documentsOf(deferred)} document(s) in ${deferred.length} payment(s)/refund(s) left for the next slot: the rate limit allows ${calls} more call(s) before the job's deadline and they need ${needed} more; nothing was written for them, the next slot posts them`,
    },
  ];
}

export function closingResult(run: ClosingRun, { values: v, outcome }: Ended<ClosingPhases>): TenantRunResult {
  const result = baseResult(run.tenant, "close", run.today);
  const { post: posted } = v;
  // What the run set out to post: the plan as the rate budget cut it (skips and holds as planned).
  const plan = v.budget?.plan ?? v.plan;
  const verified = v["verify read-back"];
  const notices: Notice[] = (plan?.held ?? []).map((h) => ({
    code: "payment-held",
    document: noticeDocument(h.document),
    message: h.message,
  }));
  for (const { planned, outcome: o } of posted?.payments ?? []) {
    if (o.kind === "uncertain") notices.push({ code: "payment-uncertain", message: o.detail });
    if (o.kind === "refused")
      notices.push(
        ...planned.documents.map(
          (d): Notice => ({ code: "payment-refused", document: noticeDocument(d), message: o.detail }),
        ),
      );
    if (o.kind === "released") {
      for (const u of verified?.unconfirmed.filter((u) => u.paymentRef === planned.paymentRef) ?? []) {
        notices.push({ code: "not-confirmed-closed", document: noticeDocument(u.document), message: u.message });
      }
    }
  }
  if (v.budget) notices.push(...deferredNotice(v.budget));
  // Skips are recorded (and so reported) only when the run posted; a dry run only lists them.
  if (posted)
    notices.push(
      ...(plan?.skips ?? []).map(
        (s): Notice => ({ code: s.code, document: noticeDocument(s.document), message: s.message }),
      ),
    );
  const totalled = posted
    ? (verified?.closed.map((c) => c.document) ?? [])
    : (plan?.payments.flatMap((p) => p.documents) ?? []);
  for (const d of totalled) addToTotals(result.totals, d.type, d.currency, d.amountOre);
  const closing: NonNullable<TenantRunResult["closing"]> = {
    closed: (verified?.closed ?? []).map((c) => ({
      type: c.document.type,
      number: c.document.number,
      customer: c.document.customer,
      amountOre: c.document.amountOre,
      currency: c.document.currency,
      paymentType: c.planned.type,
      paymentNumber: c.paymentNumber,
    })),
    skipped: (plan?.skips ?? []).map((s) => ({
      type: s.document.type,
      number: s.document.number,
      reason: s.code,
      detail: s.message,
    })),
    waiting: v.due?.waiting ?? { count: 0, amountOre: 0 },
  };
  return finish({ ...result, notices, closing }, outcome);
}
