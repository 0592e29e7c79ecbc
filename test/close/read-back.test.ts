// The closing's two pure rules that guard invariant 3 ("the ledger tells the truth"): a released
// payment is recorded closed only when its document reads back Closed with balance 0, and an
// earlier run's closing record is never overwritten.
import { describe, expect, it } from "vitest";
import type { PlannedPayment } from "../../src/close/plan.ts";
import { withClosings } from "../../src/close/record.ts";
import { verifyReadBack } from "../../src/close/verify.ts";
import { documentKey, type ClosingEntry, type LedgerDocument } from "../../src/ledger/types.ts";
import type { ArDocument } from "../../src/visma/types.ts";
import { invoice, ledgerDocument, transferredBatch } from "../helpers/documents.ts";
import { textOf } from "../helpers/notices.ts";

const doc = (number: string, closing?: ClosingEntry) => ledgerDocument(number, closing ? { closing } : {});
const planned = (...documents: LedgerDocument[]): PlannedPayment => ({
  paymentRef: `VF-20261126-01-${documents[0]!.number}`,
  type: "Payment",
  customer: "10001",
  currency: "NOK",
  batchId: "acme-20261126-01",
  documents,
  amountOre: documents.reduce((n, d) => n + d.amountOre, 0),
});
const readBack = (...docs: ArDocument[]) => new Map(docs.map((d) => [documentKey(d), d]));
const when = { today: "2026-11-27", at: "2026-11-27T16:00:00.000+01:00" };

describe("verifyReadBack", () => {
  it("records a document closed when it reads back Closed with balance 0", () => {
    const v = verifyReadBack(
      [{ planned: planned(doc("1")), paymentNumber: "000045" }],
      readBack(invoice("1", { status: "Closed", balanceOre: 0, amountOre: 100_000 })),
      when,
    );
    expect(v.unconfirmed).toEqual([]);
    expect(v.closed.map((c) => [c.document.number, c.entry])).toEqual([
      [
        "1",
        {
          status: "closed",
          paymentType: "Payment",
          paymentNumber: "000045",
          paymentRef: "VF-20261126-01-1",
          amountOre: 100_000,
          applicationDate: "2026-11-27",
          releasedAt: when.at,
        },
      ],
    ]);
  });

  it("does not take Closed for closed while a balance is left", () => {
    const v = verifyReadBack(
      [{ planned: planned(doc("1")), paymentNumber: "000045" }],
      readBack(invoice("1", { status: "Closed", balanceOre: 100 })),
      when,
    );
    expect(v.closed).toEqual([]);
    expect(v.unconfirmed.map((u) => textOf({ code: "not-confirmed-closed", data: u.data }))).toEqual([
      "Payment 000045 was released but the document reads back as Closed, balance 1,00 NOK; check it in Visma.net",
    ]);
  });

  it("does not take a zero balance for closed while the document is not Closed, nor a document that is missing", () => {
    const v = verifyReadBack(
      [{ planned: planned(doc("1"), doc("2")), paymentNumber: "000045" }],
      readBack(invoice("1", { status: "Open", balanceOre: 0 })),
      when,
    );
    expect(v.closed).toEqual([]);
    expect(
      v.unconfirmed.map((u) => [u.document.number, textOf({ code: "not-confirmed-closed", data: u.data })]),
    ).toEqual([
      ["1", "Payment 000045 was released but the document reads back as Open, balance 0,00 NOK; check it in Visma.net"],
      ["2", "Payment 000045 was released but the document reads back as missing; check it in Visma.net"],
    ]);
  });

  it("without a read-back records nothing and counts the documents for a later run", () => {
    const v = verifyReadBack([{ planned: planned(doc("1"), doc("2")), paymentNumber: "000045" }], undefined, when);
    expect(v).toEqual({ closed: [], unconfirmed: [], notReadBack: 2 });
  });

  it("keeps the application date of a payment an earlier run created", () => {
    const resumed: PlannedPayment = {
      ...planned(doc("1")),
      existing: { applicationDate: "2026-11-26" } as PlannedPayment["existing"],
    };
    const v = verifyReadBack(
      [{ planned: resumed, paymentNumber: "000045" }],
      readBack(invoice("1", { status: "Closed", balanceOre: 0 })),
      when,
    );
    expect(v.closed[0]!.entry.applicationDate).toBe("2026-11-26");
  });
});

describe("withClosings: the ledger's closing records", () => {
  const batch = (...documents: LedgerDocument[]) => transferredBatch(documents);
  const closedBy = (paymentNumber: string): ClosingEntry => ({
    status: "closed",
    paymentType: "Payment",
    paymentNumber,
    paymentRef: "VF-20261126-01-1",
    amountOre: 100_000,
    applicationDate: "2026-11-27",
    releasedAt: when.at,
  });
  const skipped: ClosingEntry = {
    status: "skipped",
    reason: "closed-elsewhere",
    detail: "closed by something else",
    at: when.at,
  };

  it("writes this run's entries into the documents that have none", () => {
    const out = withClosings(
      batch(doc("1"), doc("2"), doc("3")),
      new Map([
        ["Invoice:1", closedBy("000045")],
        ["Invoice:2", skipped],
      ]),
    );
    expect(out.documents.map((d) => d.closing)).toEqual([closedBy("000045"), skipped, undefined]);
  });

  it("never overwrites what an earlier run recorded", () => {
    const earlier = batch(doc("1", closedBy("000045")), doc("2", skipped));
    const out = withClosings(
      earlier,
      new Map([
        ["Invoice:1", skipped],
        ["Invoice:2", closedBy("000099")],
      ]),
    );
    expect(out.documents.map((d) => d.closing)).toEqual([closedBy("000045"), skipped]);
  });

  it("leaves the batch it was given as it was", () => {
    const given = batch(doc("1"));
    withClosings(given, new Map([["Invoice:1", skipped]]));
    expect(given.documents[0]!.closing).toBeUndefined();
  });
});
