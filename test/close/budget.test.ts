// The closing's rate budget (close/budget.ts): the calls left before the job's deadline, and the
// payments of the plan that fit them, in the plan's order.
import { describe, expect, it } from "vitest";
import { callsAvailable, callsFor, fitBudget } from "../../src/close/budget.ts";
import type { ClosingPlan, PlannedPayment } from "../../src/close/plan.ts";
import type { Payment } from "../../src/visma/types.ts";
import { ledgerDocument } from "../helpers/documents.ts";

const seen = (remaining: number, resetSeconds: number, limit = 15_000) => ({
  limit,
  remaining,
  resetSeconds,
  policy: null,
  at: 0,
});

function payment(n: number, existing?: Pick<Payment, "status">): PlannedPayment {
  return {
    paymentRef: `VF-20261126-01-${n}`,
    type: "Payment",
    customer: "10001",
    currency: "NOK",
    batchId: "acme-20261126-01",
    documents: [ledgerDocument(String(n))],
    amountOre: 100_000,
    ...(existing ? { existing: existing as Payment } : {}),
  };
}

const planOf = (payments: PlannedPayment[]): ClosingPlan => ({ payments, skips: [], waiting: [], held: [] });

describe("the calls the closing may make before the job's deadline", () => {
  it("are those left above the paced reserve (5 % of the limit), with the next window when it starts in time", () => {
    const hour = 3_600_000;
    expect(callsAvailable(seen(9_000, 1_800), 30 * 60_000 - 1)).toBe(9_000 - 750);
    expect(callsAvailable(seen(9_000, 1_800), hour)).toBe(9_000 - 750 + 15_000 - 750);
    expect(callsAvailable(seen(500, 1_800), hour / 4)).toBe(0);
    expect(callsAvailable(seen(10, 60, 40), hour)).toBe(7 + 37); // at least 3 are paced
  });

  it("are not bounded without a deadline or without X-RateLimit-* figures", () => {
    expect(callsAvailable(seen(10, 60), Infinity)).toBeNull();
    expect(callsAvailable(null, 60_000)).toBeNull();
    expect(callsAvailable({ ...seen(0, 60), remaining: null }, 60_000)).toBeNull();
  });

  it("take an epoch X-RateLimit-Reset as the instant it names", () => {
    const at = 1_800_000_000_000;
    expect(callsAvailable({ ...seen(9_000, at / 1000 + 60), at }, 120_000)).toBe(9_000 - 750 + 15_000 - 750);
  });
});

describe("the payments that fit", () => {
  it("cost create + release, only the release for our unreleased payment, nothing for a released one", () => {
    expect(callsFor(payment(1))).toBe(2);
    expect(callsFor(payment(1, { status: "Balanced" }))).toBe(1);
    expect(callsFor(payment(1, { status: "Open" }))).toBe(0);
  });

  it("are taken in the plan's order while they and the read-back fit; the rest is deferred, released ones always fit", () => {
    const plan = planOf([payment(1), payment(2), payment(3, { status: "Open" }), payment(4), payment(5)]);
    // 2 + 2 for the first two, a page of read-back and the reconciliation's list: 6 calls.
    const { plan: fitted, deferred } = fitBudget(plan, 7);
    expect(fitted.payments.map((p) => p.paymentRef.slice(-1))).toEqual(["1", "2", "3"]);
    expect(deferred.map((p) => p.paymentRef.slice(-1))).toEqual(["4", "5"]);
    expect(fitBudget(plan, null).deferred).toEqual([]);
    expect(fitBudget(plan, 1_000).deferred).toEqual([]);
  });
});
