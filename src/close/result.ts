/** The closing's result and outcome, assembled from the values its phases returned (close.ts). */
import { failed, finish, ok, type Outcome } from "../run/outcome.ts";
import type { Ended } from "../run/phases.ts";
import { addToTotals, baseResult, type TenantRunResult } from "../run/result.ts";
import { says, untilOf } from "../run/says.ts";
import { notice, noticeDocument, type Notice, type NoticeText, type SkipCode } from "../shared/notice.ts";
import { callsFor, type Budgeted } from "./budget.ts";
import type { Due } from "./due.ts";
import type { ClosingPlan, PlannedPayment, PlannedSkip } from "./plan.ts";
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
  { ctx }: ClosingRun,
  { plan, deferred }: Budgeted,
  posted: Posted,
  back: ReadBack,
  verified: Verification,
): Outcome {
  const documents = (kind: string) =>
    posted.payments.filter((p) => p.outcome.kind === kind).reduce((n, p) => n + p.planned.documents.length, 0);
  const uncertain = posted.payments.filter((p) => p.outcome.kind === "uncertain").length;
  const throttle = posted.throttle ?? back.throttle;
  const done = says("closing-done", {
    closed: verified.closed.length,
    refused: documents("refused"),
    skipped: plan.skips.length,
    uncertain,
    held: plan.held.length,
    unconfirmed: verified.unconfirmed.length,
    notReadBack: verified.notReadBack,
    released: posted.payments.filter((p) => p.outcome.kind === "released").length,
    throttled: throttle
      ? { until: untilOf(throttle, ctx.now), documents: documents("throttled") + verified.notReadBack }
      : null,
    deferred: documentsOf(deferred),
  });
  return uncertain + verified.unconfirmed.length + plan.held.length > 0 ? failed(done) : ok(done);
}

function documentsOf(payments: readonly PlannedPayment[]): number {
  return payments.reduce((n, p) => n + p.documents.length, 0);
}

/** What the rate budget left for the next slot, said once in the run's summary. */
function deferredNotice({ deferred, calls }: Budgeted): Notice[] {
  if (deferred.length === 0) return [];
  const needed = deferred.reduce((n, p) => n + callsFor(p), 0);
  return [
    notice("closing-deferred", {
      documents: documentsOf(deferred),
      payments: deferred.length,
      calls: calls ?? 0,
      needed,
    }),
  ];
}

export function closingResult(run: ClosingRun, { values: v, outcome }: Ended<ClosingPhases>): TenantRunResult {
  const result = baseResult(run.tenant, "close", run.today);
  const { post: posted } = v;
  // What the run set out to post: the plan as the rate budget cut it (skips and holds as planned).
  const plan = v.budget?.plan ?? v.plan;
  const verified = v["verify read-back"];
  const notices: Notice[] = (plan?.held ?? []).map((h) =>
    notice("payment-held", h.data, { document: noticeDocument(h.document) }),
  );
  for (const { planned, outcome: o } of posted?.payments ?? []) {
    if (o.kind === "uncertain") notices.push(notice("payment-uncertain", o.data, { key: planned.paymentRef }));
    if (o.kind === "refused")
      notices.push(...planned.documents.map((d) => notice("payment-refused", o.data, { document: noticeDocument(d) })));
    if (o.kind === "released") {
      for (const u of verified?.unconfirmed.filter((u) => u.paymentRef === planned.paymentRef) ?? []) {
        notices.push(notice("not-confirmed-closed", u.data, { document: noticeDocument(u.document) }));
      }
    }
  }
  if (v.budget) notices.push(...deferredNotice(v.budget));
  // Skips are recorded (and so reported) only when the run posted; a dry run only lists them.
  if (posted)
    notices.push(...(plan?.skips ?? []).map((s): Notice => ({ ...skipOf(s), document: noticeDocument(s.document) })));
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
    skipped: (plan?.skips ?? []).map((s) => ({ type: s.document.type, number: s.document.number, skip: skipOf(s) })),
    waiting: v.due?.waiting ?? { count: 0, amountOre: 0 },
  };
  return finish({ ...result, notices, closing }, outcome);
}

/** The skip's code and data alone (what the notice says). */
function skipOf(s: PlannedSkip): NoticeText<SkipCode> {
  return { code: s.code, data: s.data } as NoticeText<SkipCode>;
}
