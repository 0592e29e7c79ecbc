// The reconciliation's checks as a pure function of ledger batches and what Visma.net returned.
import { describe, expect, it } from "vitest";
import type { Batch, LedgerDocument } from "../../src/ledger/types.ts";
import { batchDateOfRef } from "../../src/close/plan.ts";
import { reconcile, reconciliationSummary, type ReconcileData } from "../../src/reconcile/reconcile.ts";
import { messages, reconciliationText } from "../../src/report/messages/index.ts";
import type { Mismatch } from "../../src/run/says.ts";
import type { Payment } from "../../src/visma/types.ts";
import { invoice } from "../helpers/documents.ts";

const en = messages("en");
/** What a mismatch says in English (without the document it names). */
const problem = (m: Mismatch) => (en.mismatch[m.problem.code] as (p: unknown) => string)(m.problem);

const closed = (number: string, paymentNumber: string, amountOre = 125_000): LedgerDocument => ({
  type: "Invoice",
  number,
  customer: "10001",
  customerName: "Ærlig Rørlegger AS",
  currency: "NOK",
  amountOre,
  documentDate: "2026-11-26",
  dueDate: "2026-12-10",
  kid: "12344",
  closing: {
    status: "closed",
    paymentType: "Payment",
    paymentNumber,
    paymentRef: `VF-20261126-01-${number}`,
    amountOre,
    applicationDate: "2026-11-27",
    releasedAt: "2026-11-27T16:00:00+01:00",
  },
});
const batch = (docs: LedgerDocument[]): Batch => ({
  id: "acme-20261126-01",
  businessDate: "2026-11-26",
  sequence: 1,
  status: "transferred",
  target: "local:/x",
  createdAt: "2026-11-26T15:45:00+01:00",
  transferredAt: "2026-11-26T15:46:00+01:00",
  files: [],
  documents: docs,
  newCustomers: [],
});
const payment = (number: string, doc: string, amountOre = 125_000, patch: Partial<Payment> = {}): Payment => ({
  type: "Payment",
  number,
  status: "Closed",
  hold: false,
  customerNumber: "10001",
  paymentRef: `VF-20261126-01-${doc}`,
  applicationDate: "2026-11-27",
  amountOre,
  currency: "NOK",
  cashAccount: "1510",
  paymentMethodId: "FACTORING",
  lines: [{ documentType: "Invoice", refNbr: doc, amountPaidOre: amountOre }],
  ...patch,
});
const data = (over: Partial<ReconcileData> = {}): ReconcileData => ({
  tenant: { id: "acme", name: "Acme Bygg AS", timeZone: "Europe/Oslo" },
  from: "2026-11-01",
  to: "2026-11-30",
  batches: [batch([closed("000701", "000001"), { ...closed("000702", "x"), closing: undefined, amountOre: 80_000 }])],
  payments: [payment("000001", "000701")],
  documents: [
    invoice("000701", { status: "Closed", balanceOre: 0 }),
    invoice("000702", { amountOre: 80_000, balanceOre: 80_000 }),
  ],
  ...over,
});

describe("reconcile", () => {
  it("balances and counts per day: transferred on the batch date, closed on the payment date, open now", () => {
    const rec = reconcile(data());
    expect(rec.mismatches).toEqual([]);
    expect(
      rec.days.map((d) => [
        d.date,
        d.transferred.map((r) => r.count),
        d.closed.map((r) => r.amountOre),
        d.open.map((r) => r.amountOre),
      ]),
    ).toEqual([
      ["2026-11-26", [2], [], [80_000]],
      ["2026-11-27", [], [125_000], []],
    ]);
    expect(reconciliationText(en, reconciliationSummary(rec))).toMatch(
      /transferred 2 invoices 2 050,00 NOK; closed 1 invoice 1 250,00 NOK; skipped none; still open 1 invoice 800,00 NOK — balanced/,
    );
  });

  it("names the document when its payment is missing, unreleased, for another amount, or the document is not Closed", () => {
    expect(reconcile(data({ payments: [] })).mismatches.map(problem)).toEqual([
      "the ledger records it closed by Payment 000001 (VF-20261126-01-000701) on 2026-11-27, but Visma.net has no such payment; check the ledger entry and the payment",
    ]);
    expect(
      problem(
        reconcile(data({ payments: [payment("000001", "000701", 125_000, { status: "Balanced" })] })).mismatches[0]!,
      ),
    ).toContain("is Balanced in Visma.net, not released");
    const short = reconcile(data({ payments: [payment("000001", "000701", 100_000)] })).mismatches;
    expect(short.map((m) => [m.document?.number, problem(m)])).toEqual([
      [
        "000701",
        "Payment 000001 (VF-20261126-01-000701) applies 1 000,00 NOK to it in Visma.net, the ledger records 1 250,00 NOK",
      ],
    ]);
    const open = reconcile(data({ documents: [invoice("000701", { balanceOre: 125_000 })] })).mismatches;
    expect(problem(open[0]!)).toContain("Visma.net shows it Open with balance 1 250,00 NOK");
  });

  it("names what one of our payments applies that the ledger does not record, and ignores other payments", () => {
    const rec = reconcile(
      data({
        payments: [
          payment("000001", "000701"),
          payment("000002", "000702", 80_000),
          payment("000003", "000702", 80_000, { paymentRef: "BANK-1" }),
        ],
      }),
    );
    expect(rec.mismatches.map((m) => [m.document?.number, m.paymentNumber])).toEqual([["000702", "000002"]]);
    expect(rec.checked).toEqual({ closedDocuments: 1, payments: 2 });
  });

  it("reads the batch date from our payment reference", () => {
    expect(batchDateOfRef("VF-20261126-01-C10001")).toBe("2026-11-26");
    expect(batchDateOfRef("BANK-1")).toBeUndefined();
  });
});
