import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { isDue, paymentRefFor, planClosing, type PlanInput } from "../../src/close/plan.ts";
import type { Payment } from "../../src/visma/types.ts";
import { invoice, ledgerDocument, transferredBatch } from "../helpers/documents.ts";
import { textOf } from "../helpers/notices.ts";

const doc = ledgerDocument;
const batch = transferredBatch;

const current = (...docs: ReturnType<typeof invoice>[]) => new Map(docs.map((d) => [`${d.type}:${d.number}`, d]));
const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Oslo" });

const CLOSING: PlanInput["settings"]["closing"] = {
  enabled: true,
  delayHours: 24,
  cashAccount: "1510",
  paymentMethod: "FACTORING",
  grouping: "perDocument",
};

function plan(patch: Partial<PlanInput> & Pick<PlanInput, "batches">) {
  return planClosing({
    settings: { closing: CLOSING },
    now: at("2026-11-27T15:45:00"),
    current: new Map(),
    payments: [],
    ...patch,
  });
}

describe("closing plan", () => {
  it("waits until exactly the delay has passed", () => {
    const b = batch([doc("1")]);
    expect(isDue(b, at("2026-11-27T15:44:59"), 24)).toBe(false);
    expect(isDue(b, at("2026-11-27T15:45:00"), 24)).toBe(true);
    expect(plan({ batches: [b], now: at("2026-11-27T15:44:59") }).waiting.map((d) => d.number)).toEqual(["1"]);
    expect(
      plan({ batches: [b], current: current(invoice("1", { amountOre: 100_000, balanceOre: 100_000 })) }).payments,
    ).toHaveLength(1);
  });

  it("plans a payment per invoice and a refund per credit note with deterministic references", () => {
    const b = batch([doc("1"), doc("2", { type: "CreditNote", amountOre: 25_000 })]);
    const p = plan({
      batches: [b],
      current: current(
        invoice("1", { amountOre: 100_000, balanceOre: 100_000 }),
        invoice("2", { type: "CreditNote", amountOre: 25_000, balanceOre: 25_000 }),
      ),
    });
    expect(p.payments.map((x) => [x.type, x.paymentRef, x.amountOre])).toEqual([
      ["Payment", "VF-20261126-01-1", 100_000],
      ["Refund", "VF-20261126-01-2", 25_000],
    ]);
    expect(paymentRefFor("acme-bygg-20261126-03", "000123")).toBe("VF-20261126-03-000123");
  });

  it("groups a customer's invoices per currency, each group with its own reference", () => {
    const other = { number: "10002", name: "Østfold Bølgeblikk AS" };
    const b = batch([doc("1"), doc("2"), doc("3", { currency: "EUR" }), doc("4", { customer: other.number })]);
    const p = plan({
      batches: [b],
      settings: { closing: { ...CLOSING, grouping: "perCustomer" } },
      current: current(
        invoice("1", { amountOre: 100_000, balanceOre: 100_000 }),
        invoice("2", { amountOre: 100_000, balanceOre: 100_000 }),
        invoice("3", { currency: "EUR", amountOre: 100_000, balanceOre: 100_000 }),
        invoice("4", { customer: other, amountOre: 100_000, balanceOre: 100_000 }),
      ),
    });
    // Another customer's invoice in the same currency is a payment of its own.
    expect(
      p.payments.map((x) => [x.paymentRef, x.customer, x.currency, x.documents.map((d) => d.number), x.amountOre]),
    ).toEqual([
      ["VF-20261126-01-C10001-NOK", "10001", "NOK", ["1", "2"], 200_000],
      ["VF-20261126-01-C10001-EUR", "10001", "EUR", ["3"], 100_000],
      ["VF-20261126-01-C10002-NOK", "10002", "NOK", ["4"], 100_000],
    ]);
  });

  it("skips documents that changed since the transfer, each with its reason", () => {
    const docs = ["gone", "void", "closed", "amount", "part"].map((n) => doc(n));
    const p = plan({
      batches: [batch(docs)],
      current: current(
        invoice("void", { status: "Voided", amountOre: 100_000, balanceOre: 0 }),
        invoice("closed", { status: "Closed", amountOre: 100_000, balanceOre: 0 }),
        invoice("amount", { amountOre: 90_000, balanceOre: 90_000 }),
        invoice("part", { amountOre: 100_000, balanceOre: 60_000 }),
      ),
    });
    expect(p.payments).toEqual([]);
    expect(p.skips.map((s) => [s.document.number, s.code])).toEqual([
      ["gone", "not-found"],
      ["void", "voided"],
      ["closed", "closed-elsewhere"],
      ["amount", "amount-changed"],
      ["part", "partly-paid"],
    ]);
  });

  it("resumes our own payment found by reference instead of judging the (already closed) document", () => {
    const ours: Payment = {
      type: "Payment",
      number: "000045",
      status: "Balanced",
      hold: false,
      customerNumber: "10001",
      paymentRef: "VF-20261126-01-1",
      applicationDate: "2026-11-27",
      amountOre: 100_000,
      currency: "NOK",
      cashAccount: "1510",
      paymentMethodId: "FACTORING",
      lines: [{ documentType: "Invoice", refNbr: "1", amountPaidOre: 100_000 }],
    };
    const closedByUs = current(invoice("1", { status: "Closed", amountOre: 100_000, balanceOre: 0 }));
    const resumed = plan({ batches: [batch([doc("1")])], current: closedByUs, payments: [ours] });
    expect(resumed.payments.map((p) => [p.paymentRef, p.existing?.number])).toEqual([["VF-20261126-01-1", "000045"]]);
    const voided = plan({
      batches: [batch([doc("1")])],
      current: closedByUs,
      payments: [{ ...ours, status: "Voided" }],
    });
    expect(voided.skips.map((s) => s.code)).toEqual(["payment-voided"]);
  });

  it("finds our payment by type and reference, never by a voided one or the void document carrying its reference", () => {
    const ref = "VF-20261126-01-1";
    const base: Payment = {
      type: "Payment",
      number: "000045",
      status: "Voided",
      hold: false,
      customerNumber: "10001",
      paymentRef: ref,
      applicationDate: "2026-11-27",
      amountOre: 100_000,
      currency: "NOK",
      cashAccount: "1510",
      paymentMethodId: "FACTORING",
      lines: [{ documentType: "Invoice", refNbr: "1", amountPaidOre: 100_000 }],
    };
    // A human voided our payment: Visma.net now holds the Voided original and a VoidPayment with the same reference.
    const voidDocument: Payment = {
      ...base,
      type: "VoidPayment",
      number: "000046",
      status: "Closed",
      lines: [{ documentType: "Invoice", refNbr: "1", amountPaidOre: -100_000 }],
    };
    const open = current(invoice("1", { amountOre: 100_000, balanceOre: 100_000 }));
    for (const history of [[base, voidDocument], [voidDocument, base], [voidDocument]]) {
      const p = plan({ batches: [batch([doc("1")])], current: open, payments: history });
      expect(p.payments).toEqual([]);
      expect(p.skips.map((s) => [s.code, textOf(s)])).toEqual([
        ["payment-voided", expect.stringContaining("was voided in Visma.net")],
      ]);
    }
    // A refund or a foreign payment with that reference is not our invoice's payment.
    const refund = plan({
      batches: [batch([doc("1")])],
      current: open,
      payments: [{ ...base, type: "Refund", status: "Closed" }],
    });
    expect(refund.payments.map((p) => [p.paymentRef, p.existing])).toEqual([[ref, undefined]]);
  });
});
