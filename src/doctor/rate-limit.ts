/**
 * The rate limit (reference §6: X requests per hour per company and client, the number not
 * published): what the X-RateLimit-* headers said, against the calls a day of this tenant needs.
 * The estimate is built from what the doctor's own reads cost, because they are the runs' reads:
 * the transfer reads what `nextRun` read; the closing reads the documents of up to 30 days twice
 * (before posting and to read back), the payments twice (plan and reconciliation), and posts 2
 * calls (create, release) per payment or refund.
 */
import type { Tenant } from "../config/schema.ts";
import { type Catalogue, messages } from "../report/messages/index.ts";
import type { ArDocument, RateLimitSeen } from "../visma/index.ts";
import { fail, pass, unknown, type Check } from "./types.ts";
import { SAMPLE_DAYS } from "./visma-facts.ts";

export interface DayVolume {
  /** Calls of the doctor's reads that a transfer makes too (documents modified since, customers). */
  transferReads: number;
  /** Calls of one read of the sample's documents (30 days). */
  documentReads: number;
  /** Calls of one read of the payments of the closing's look-back. */
  paymentReads: number;
  /** The documents the sample would factor. */
  factored: readonly ArDocument[];
}

export interface DayEstimate {
  /** Payments and refunds the closing posts on an average day and on the sample's busiest date. */
  paymentsPerDay: number;
  busiest: { date: string; payments: number } | null;
  normal: number;
  busy: number;
  /** The busiest single run: the closing of the busiest day. */
  busiestRun: number;
}

/** Calls of a day: one transfer and one working closing (the other slots find nothing due and call nothing). */
export function estimateDay(v: DayVolume, grouping: Tenant["closing"]["grouping"]): DayEstimate {
  const byDate = new Map<string, ArDocument[]>();
  for (const d of v.factored) byDate.set(d.documentDate, [...(byDate.get(d.documentDate) ?? []), d]);
  let busiest: DayEstimate["busiest"] = null;
  for (const [date, docs] of byDate) {
    const payments = paymentCount(docs, grouping);
    if (!busiest || payments > busiest.payments) busiest = { date, payments };
  }
  const paymentsPerDay = Math.ceil(paymentCount(v.factored, grouping) / SAMPLE_DAYS);
  const transfer = 1 + v.transferReads;
  const closing = (payments: number) => 1 + 2 * v.documentReads + 2 * v.paymentReads + 2 * payments;
  const busyPayments = Math.max(paymentsPerDay, busiest?.payments ?? 0);
  return {
    paymentsPerDay,
    busiest,
    normal: transfer + closing(paymentsPerDay),
    busy: transfer + closing(busyPayments),
    busiestRun: closing(busyPayments),
  };
}

/** As the closing groups them (close/plan.ts): one per document, or per customer and currency for invoices. */
function paymentCount(docs: readonly ArDocument[], grouping: Tenant["closing"]["grouping"]): number {
  if (grouping === "perDocument") return docs.length;
  const invoiceGroups = new Set(
    docs.filter((d) => d.type === "Invoice").map((d) => `${d.documentDate}|${d.customer.number}|${d.currency}`),
  );
  return invoiceGroups.size + docs.filter((d) => d.type === "CreditNote").length;
}

export function rateLimitCheck(
  seen: RateLimitSeen | null,
  estimate: DayEstimate | null,
  t: Catalogue = messages(),
): Check {
  const d = t.doctor;
  const name = d.name.rateLimit;
  const need = estimate
    ? d.rateNeed({
        normal: estimate.normal,
        perDay: estimate.paymentsPerDay,
        busiest: estimate.busiest,
        busy: estimate.busy,
        busiestRun: estimate.busiestRun,
      })
    : d.rateNeedUnknown;
  // ASSUMPTION(A24): the limit is not published; the headers say what this company gets.
  if (!seen || seen.limit === null) return unknown(name, d.rateUnpublished({ need }));
  const figures = d.rateFigures({
    policy: seen.policy,
    limit: seen.limit,
    remaining: seen.remaining,
    reset: seen.resetSeconds,
  });
  if (estimate && estimate.busiestRun > seen.limit) return fail(name, d.rateExceeded({ figures, need }));
  if (estimate && estimate.busy > seen.limit * 0.8) return unknown(name, d.rateClose({ figures, need }));
  return pass(name, d.rateOk({ figures, need }));
}
