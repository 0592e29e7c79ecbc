/**
 * Posting one planned payment or refund, idempotently. The paymentRef is the key: an
 * existing payment with it is finished (released) rather than created again; a create whose
 * outcome is unknown (timeout, dropped connection, 5xx after sending) is looked up by it and
 * never retried blindly. "Uncertain" results are reported and left for the next run, which
 * finds the payment by its reference if it exists.
 *
 * A definite "no" is not uncertain: a 4xx validation answer to the create means nothing was
 * created, and a release answered Failed (or 4xx) leaves the payment known and unreleased. Both
 * are "refused", with Visma.net's own message; the next run tries again (finding the unreleased
 * payment by its reference), so a person can fix the cause in Visma.net meanwhile.
 */
import pLimit from "p-limit";
import { cashAccountFor } from "../config/cash-account.ts";
import type { TenantSettings } from "../config/schema.ts";
import { failpoint } from "../shared/failpoint.ts";
import type { NoticeData } from "../shared/notice.ts";
import {
  type NewPayment,
  type Payment,
  UncertainOutcomeError,
  VismaActionFailedError,
  type VismaApi,
  VismaApiError,
  VismaThrottledError,
} from "../visma/index.ts";
import { ourPaymentKey, ourPayments, type ClosingPlan, type PlannedPayment } from "./plan.ts";
import type { ClosingRun } from "./run.ts";

export type PostOutcome =
  | { kind: "released"; paymentNumber: string; created: boolean }
  | { kind: "refused"; data: NoticeData["payment-refused"] }
  /** Visma.net throttled beyond what the run waits; nothing happened (or the payment waits unreleased). */
  | { kind: "throttled"; retryAfterMs: number | null }
  | { kind: "uncertain"; data: NoticeData["payment-uncertain"] };

/** Payment statuses after release (a fully applied payment is Closed; partly applied, Open). */
const RELEASED = new Set(["Open", "Closed"]);

export interface PostedPayment {
  planned: PlannedPayment;
  outcome: PostOutcome;
}

export interface Posted {
  /** Every planned payment with its outcome, in the plan's order. */
  payments: PostedPayment[];
  /** The first throttle that stopped a payment: the rest was not even tried. */
  throttle?: { retryAfterMs: number | null };
}

/**
 * Posts the plan's payments and refunds, `visma.concurrency` at a time. Once Visma.net throttles
 * beyond what the run waits, the rest is not even tried: it would be throttled too, and the next
 * slot posts it. An unexpected error is an uncertain outcome for that payment, never a retry.
 */
export async function post({ tenant, ctx, today }: ClosingRun, plan: ClosingPlan): Promise<Posted> {
  let throttle: Posted["throttle"];
  const limit = pLimit(tenant.visma.concurrency);
  const payments = await Promise.all(
    plan.payments.map((planned) =>
      limit(async (): Promise<PostedPayment> => {
        const outcome: PostOutcome = throttle
          ? { kind: "throttled", retryAfterMs: throttle.retryAfterMs }
          : await postPayment(ctx.visma, planned, tenant, today).catch(
              (error: unknown): PostOutcome => ({
                kind: "uncertain",
                data: { step: "post", ...named(planned), reason: (error as Error).message },
              }),
            );
        if (outcome.kind === "throttled") throttle ??= outcome;
        return { planned, outcome };
      }),
    ),
  );
  return { payments, ...(throttle ? { throttle } : {}) };
}

export async function postPayment(
  visma: VismaApi,
  planned: PlannedPayment,
  settings: Pick<TenantSettings, "closing">,
  applicationDate: string,
): Promise<PostOutcome> {
  let payment: Pick<Payment, "number" | "status"> | undefined = planned.existing;
  let created = false;
  if (!payment) {
    const body: NewPayment = {
      type: planned.type,
      customerNumber: planned.customer,
      applicationDate,
      paymentRef: planned.paymentRef,
      paymentMethodId: settings.closing.paymentMethod,
      cashAccount: cashAccountFor(settings.closing, planned.currency),
      currency: planned.currency,
      amountOre: planned.amountOre,
      description: `Factoring ${planned.batchId}`.slice(0, 50),
      lines: planned.documents.map((d) => ({ documentType: d.type, refNbr: d.number, amountPaidOre: d.amountOre })),
    };
    try {
      payment = { number: await visma.createPayment(body), status: "Balanced" };
      created = true;
    } catch (error) {
      if (error instanceof VismaThrottledError) return { kind: "throttled", retryAfterMs: error.retryAfterMs };
      if (isRefusal(error)) {
        return { kind: "refused", data: { step: "create", ...named(planned), reason: error.detail } };
      }
      if (!(error instanceof UncertainOutcomeError)) throw error;
      const found = await findByRef(visma, planned, applicationDate);
      if (!found) {
        return { kind: "uncertain", data: { step: "create", ...named(planned), reason: error.message } };
      }
      payment = found;
    }
    failpoint("close:after-create");
  }
  if (!RELEASED.has(payment.status)) {
    try {
      await visma.releasePayment(payment.number, planned.type);
    } catch (error) {
      // The payment exists unreleased: the next run finds it by its reference and releases it.
      if (error instanceof VismaThrottledError) return { kind: "throttled", retryAfterMs: error.retryAfterMs };
      if (error instanceof VismaActionFailedError || isRefusal(error)) {
        return {
          kind: "refused",
          data: { step: "release", ...named(planned, payment.number), reason: error.detail },
        };
      }
      // A release that timed out may have gone through: read the payment before judging.
      const now = await visma.getPayment(payment.number).catch(() => undefined);
      if (!now || !RELEASED.has(now.status)) {
        return {
          kind: "uncertain",
          data: { step: "release", ...named(planned, payment.number), reason: (error as Error).message },
        };
      }
    }
    failpoint("close:after-release");
  }
  return { kind: "released", paymentNumber: payment.number, created };
}

/**
 * A definite answer that nothing happened: a 4xx other than the ones about who we are (401, 403:
 * the whole run is wrong, not this payment) and throttling (429: nothing happened, but nothing is
 * wrong with the payment either; see VismaThrottledError).
 */
function isRefusal(error: unknown): error is VismaApiError {
  return (
    error instanceof VismaApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    ![401, 403, 407, 429].includes(error.status)
  );
}

/** How a notice names the planned payment (and its number, once Visma.net gave it one). */
function named(planned: PlannedPayment, paymentNumber?: string) {
  return { paymentType: planned.type, paymentRef: planned.paymentRef, ...(paymentNumber ? { paymentNumber } : {}) };
}

/** Our payment by type + reference, never a voided one (ourPayments). */
async function findByRef(
  visma: VismaApi,
  planned: PlannedPayment,
  applicationDate: string,
): Promise<Payment | undefined> {
  const list = await visma.listPayments({
    customer: planned.customer,
    docDate: { value: applicationDate, condition: ">=" },
  });
  return ourPayments(list.items).live.get(ourPaymentKey(planned.type, planned.paymentRef));
}
