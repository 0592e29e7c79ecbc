import { afterEach, describe, expect, it } from "vitest";
import type { StateCommitter } from "../../src/ledger/git.ts";
import { addPaymentHistory } from "../../src/sandbox/visma/history.ts";
import { crashingVisma } from "../helpers/crash.ts";
import { addEurCustomer, EUR_CSV, startWorld, type World } from "../helpers/world.ts";
import { needsHuman, saysOf, textOf } from "../helpers/notices.ts";

let world: World;
afterEach(async () => world?.stop());

/** Transfers two invoices and a credit note on 26 Nov at 15:45. */
async function transferred(grouping?: "perDocument" | "perCustomer"): Promise<World> {
  world = await startWorld({ grouping });
  const s = world.sandbox.store;
  s.createInvoice({ customerNumber: "10001", referenceNumber: "000701", amountOre: 125_050 });
  s.createInvoice({ customerNumber: "10001", referenceNumber: "000702", amountOre: 80_000 });
  s.createCreditNote({ customerNumber: "10003", referenceNumber: "000703", amountOre: 25_000 });
  world.at("2026-11-26T15:45:00");
  expect((await world.transfer()).results[0]!.status).toBe("ok");
  return world;
}

const byRef = <T extends { paymentRef: string | null }>(list: T[]) =>
  [...list].sort((a, b) => (a.paymentRef ?? "").localeCompare(b.paymentRef ?? ""));
const doc = (w: World, type: "Invoice" | "CreditNote", n: string) => w.sandbox.store.getDocument(type, n)!;

describe("closing against the sandbox", () => {
  it("posts nothing before the delay, then a released payment per invoice and a refund per credit note", async () => {
    await transferred();
    world.at("2026-11-27T15:00:00"); // 23 h 15 min after the transfer
    const early = (await world.close()).results[0]!;
    expect(early.status).toBe("nothing-to-do");
    expect(early.closing!.waiting.count).toBe(3);
    expect(world.sandbox.store.listPayments()).toEqual([]);

    world.at("2026-11-27T16:00:00");
    const invoiceReadsBefore = world.sandbox.stats.byPath["/v1/customerinvoice"] ?? 0;
    const r = (await world.close()).results[0]!;
    expect(r.status).toBe("ok");
    // Invoices are read twice (state before posting, read-back after); the reconciliation of
    // the day reuses the read-back instead of listing them a third time.
    expect((world.sandbox.stats.byPath["/v1/customerinvoice"] ?? 0) - invoiceReadsBefore).toBe(2);
    expect(r.reconciliation?.mismatches).toEqual([]);
    // Payments are posted in parallel: compare them in paymentRef order.
    const payments = byRef(world.sandbox.store.listPayments());
    expect(payments.map((p) => [p.type, p.customerNumber, p.cashAccount, p.paymentRef, p.status])).toEqual([
      ["Payment", "10001", "1510", "VF-20261126-01-000701", "Closed"],
      ["Payment", "10001", "1510", "VF-20261126-01-000702", "Closed"],
      ["Refund", "10003", "1510", "VF-20261126-01-000703", "Closed"],
    ]);
    for (const [type, n] of [
      ["Invoice", "000701"],
      ["Invoice", "000702"],
      ["CreditNote", "000703"],
    ] as const) {
      expect(doc(world, type, n)).toMatchObject({ status: "Closed", balanceOre: 0 });
    }
    const [batch] = await world.ledger.recentBatches("2026-11-27");
    expect(
      batch!.documents.map((d) => [
        d.number,
        d.closing?.status,
        d.closing && "paymentType" in d.closing ? d.closing.paymentType : null,
      ]),
    ).toEqual([
      ["000703", "closed", "Refund"],
      ["000701", "closed", "Payment"],
      ["000702", "closed", "Payment"],
    ]);
    expect(batch!.documents.find((d) => d.number === "000701")!.closing).toMatchObject({
      amountOre: 125_050,
      applicationDate: "2026-11-27",
    });

    // A second run has nothing left to do and posts nothing.
    expect((await world.close()).results[0]!.status).toBe("nothing-to-do");
    expect(world.sandbox.store.listPayments()).toHaveLength(3);
  });

  it("a crash right after creating a payment is finished by the next run without a second payment", async () => {
    await transferred();
    world.at("2026-11-27T16:00:00");
    const crash = crashingVisma(world, "createPayment");
    const first = (await world.close({ openVisma: crash.open })).results[0]!;
    expect(first.status).toBe("failed");
    expect(world.sandbox.store.listPayments().filter((p) => p.status === "Balanced")).toHaveLength(1);

    const second = (await world.close()).results[0]!;
    expect(second.status).toBe("ok");
    expect(world.sandbox.store.listPayments()).toHaveLength(3);
    expect(world.sandbox.store.listPayments().every((p) => p.status === "Closed")).toBe(true);
    const [batch] = await world.ledger.recentBatches("2026-11-27");
    expect(batch!.documents.every((d) => d.closing?.status === "closed")).toBe(true);
  });

  it("a crash after release, before the ledger write, is recorded by the next run without reposting", async () => {
    await transferred();
    world.at("2026-11-27T16:00:00");
    const lost: StateCommitter = {
      record: async () => Promise.reject(new Error("process killed before the ledger write")),
    };
    expect((await world.close({ committer: lost })).results[0]!.status).toBe("failed");
    expect(world.sandbox.store.listPayments()).toHaveLength(3);
    expect((await world.ledger.recentBatches("2026-11-27"))[0]!.documents.some((d) => d.closing)).toBe(false);

    const second = (await world.close()).results[0]!;
    expect(second.status).toBe("ok");
    expect(second.closing!.closed).toHaveLength(3);
    expect(world.sandbox.store.listPayments()).toHaveLength(3);
  });

  it("a crash right after release is finished by reading the payment back", async () => {
    await transferred();
    world.at("2026-11-27T16:00:00");
    const crash = crashingVisma(world, "releasePayment");
    // The failed release call is followed by reading the payment: it was released, so the
    // same run records the document as closed and nothing is left for the next run.
    const first = (await world.close({ openVisma: crash.open })).results[0]!;
    expect(first.status).toBe("ok");
    expect(first.closing!.closed).toHaveLength(3);
    expect((await world.close()).results[0]!.status).toBe("nothing-to-do");
    expect(world.sandbox.store.listPayments()).toHaveLength(3);
    const [batch] = await world.ledger.recentBatches("2026-11-27");
    expect(batch!.documents.every((d) => d.closing?.status === "closed")).toBe(true);
  });

  it("documents changed since the transfer are skipped, recorded with the reason and listed", async () => {
    world = await startWorld();
    const s = world.sandbox.store;
    for (const n of ["000801", "000802", "000803", "000804", "000805"])
      s.createInvoice({ customerNumber: "10001", referenceNumber: n, amountOre: 100_000 });
    world.at("2026-11-26T15:45:00");
    await world.transfer();
    world.at("2026-11-27T09:00:00");
    s.updateInvoice("000801", { status: "Closed", balanceOre: 0 }); // customer paid the company
    s.updateInvoice("000802", { balanceOre: 40_000 }); // partly paid
    s.updateInvoice("000803", { status: "Voided", balanceOre: 0 });
    s.updateInvoice("000804", { amountOre: 90_000, balanceOre: 90_000 }); // amount changed

    world.at("2026-11-27T16:00:00");
    const r = (await world.close()).results[0]!;
    expect(r.closing!.skipped.map((x) => [x.number, x.skip.code])).toEqual([
      ["000801", "closed-elsewhere"],
      ["000802", "partly-paid"],
      ["000803", "voided"],
      ["000804", "amount-changed"],
    ]);
    expect(r.closing!.closed.map((c) => c.number)).toEqual(["000805"]);
    expect(needsHuman(r).map((n) => n.code)).toEqual(["closed-elsewhere", "partly-paid", "voided", "amount-changed"]);
    expect(s.listPayments()).toHaveLength(1);
    const [batch] = await world.ledger.recentBatches("2026-11-27");
    expect(batch!.documents.find((d) => d.number === "000802")!.closing).toMatchObject({
      status: "skipped",
      reason: "partly-paid",
    });
  });

  it("grouping per customer posts one payment for several invoices", async () => {
    await transferred("perCustomer");
    world.at("2026-11-27T16:00:00");
    const r = (await world.close()).results[0]!;
    expect(r.status).toBe("ok");
    const payments = byRef(world.sandbox.store.listPayments());
    expect(payments.map((p) => [p.type, p.paymentRef, p.lines.map((l) => l.refNbr)])).toEqual([
      ["Refund", "VF-20261126-01-000703", ["000703"]],
      ["Payment", "VF-20261126-01-C10001-NOK", ["000701", "000702"]],
    ]);
    expect(payments[1]!.amountOre).toBe(205_050);
    expect(doc(world, "Invoice", "000702")).toMatchObject({ status: "Closed", balanceOre: 0 });
  });

  it("dry run plans without posting", async () => {
    await transferred();
    world.at("2026-11-27T16:00:00");
    const r = (await world.close({ dryRun: true })).results[0]!;
    expect(r.status).toBe("dry-run");
    expect(saysOf(r)).toBe("would post 3 payments/refunds and skip 0; nothing written");
    expect(world.sandbox.store.listPayments()).toEqual([]);
  });

  it("a company's payment history does not stop the closing: other document types, void payments, an unreadable foreign payment", async () => {
    await transferred();
    const s = world.sandbox.store;
    world.at("2026-11-27T09:00:00");
    // The company's own bookkeeping of the last days, within the closing's look-back.
    const history = addPaymentHistory(s, { date: "2026-11-26" });
    expect(new Set(history.map((p) => p.type))).toEqual(
      new Set(["Payment", "Prepayment", "VoidPayment", "Refund", "VoidRefund", "SmallBalanceWo"]),
    );
    expect(history.flatMap((p) => p.lines.map((l) => l.documentType))).toEqual(
      expect.arrayContaining(["DebitNote", "FinCharge", "CreditNote"]),
    );
    const foreign = history.find((p) => p.type === "Payment" && p.status === "Closed")!;
    world.sandbox.faults.add({
      kind: "malformed",
      match: { method: "GET", path: "/v1/customerPayment" },
      malformedId: foreign.refNbr,
      times: Infinity,
    });

    world.at("2026-11-27T16:00:00");
    const r = (await world.close()).results[0]!;
    expect(r.status).toBe("ok");
    expect(r.closing!.closed.map((c) => c.number).sort()).toEqual(["000701", "000702", "000703"]);
    expect(needsHuman(r)).toEqual([]); // a payment that cannot be ours is not reported
  });

  it("a payment of ours that cannot be read holds back only what it could close, and says so", async () => {
    await transferred();
    world.at("2026-11-27T16:00:00");
    const crash = crashingVisma(world, "createPayment");
    // One payment is created but its run "dies" before releasing it; the other two close.
    expect((await world.close({ openVisma: crash.open })).results[0]!.closing!.closed).toHaveLength(2);
    const ours = world.sandbox.store.listPayments().find((p) => p.status === "Balanced")!;
    world.sandbox.faults.add({
      kind: "malformed",
      match: { method: "GET", path: "/v1/customerPayment" },
      malformedId: ours.refNbr,
      times: Infinity,
    });

    world.at("2026-11-27T16:20:00");
    const r = (await world.close()).results[0]!;
    expect(r.status).toBe("failed"); // uncertain: a person looks
    expect(r.closing!.closed).toEqual([]);
    expect(needsHuman(r).map((n) => [n.code, textOf(n)])).toEqual([
      [
        "payment-held",
        expect.stringContaining(`our ${ours.type} ${ours.refNbr} (${ours.paymentRef}) could not be read`),
      ],
    ]);
    expect(world.sandbox.store.listPayments().filter((p) => p.paymentRef === ours.paymentRef)).toHaveLength(1); // never posted twice
  });

  it("our payment voided by a person in Visma.net is never taken for the live one: the document is skipped for a human", async () => {
    await transferred();
    world.at("2026-11-27T16:00:00");
    // Payments created and released, then the run dies before the ledger write ...
    const lost: StateCommitter = {
      record: async () => Promise.reject(new Error("process killed before the ledger write")),
    };
    await world.close({ committer: lost });
    // ... and a person voids one of them in Visma.net.
    world.at("2026-11-27T16:10:00");
    const ours = world.sandbox.store.listPayments().find((p) => p.lines[0]!.refNbr === "000701")!;
    const voidDocument = world.sandbox.store.voidPayment(ours.refNbr);
    expect(voidDocument).toMatchObject({ type: "VoidPayment", paymentRef: ours.paymentRef, status: "Closed" });
    expect(world.sandbox.store.getPayment(ours.refNbr)!.status).toBe("Voided");
    expect(doc(world, "Invoice", "000701")).toMatchObject({ status: "Open", balanceOre: 125_050 });

    world.at("2026-11-27T16:20:00");
    const r = (await world.close()).results[0]!;
    expect(r.closing!.skipped.map((x) => [x.number, x.skip.code])).toEqual([["000701", "payment-voided"]]);
    expect(r.closing!.closed.map((c) => c.number).sort()).toEqual(["000702", "000703"]);
    expect(
      world.sandbox.store.listPayments().filter((p) => p.paymentRef === ours.paymentRef && p.type === "Payment"),
    ).toHaveLength(1);
  });

  it("a foreign-currency invoice travels with its own figures: file, ledger and closing payment in EUR, never the NOK ones", async () => {
    world = await startWorld({ currencies: ["NOK", "EUR"], format: EUR_CSV });
    const s = world.sandbox.store;
    s.addCashAccount({ number: "1510", description: "Factoringfordring EUR", currency: "EUR" }); // this company factors in EUR only
    addEurCustomer(world);
    s.createInvoice({ customerNumber: "10004", referenceNumber: "000901", amountOre: 10_050, exchangeRate: 11.4852 });
    world.at("2026-11-26T15:45:00");
    const t = (await world.transfer()).results[0]!;
    expect(t.totals).toEqual([{ type: "Invoice", currency: "EUR", count: 1, amountOre: 10_050 }]);
    const [batch] = await world.ledger.recentBatches("2026-11-26");
    expect(batch!.documents.map((d) => [d.number, d.currency, d.amountOre])).toEqual([["000901", "EUR", 10_050]]);

    world.at("2026-11-27T16:00:00");
    const c = (await world.close()).results[0]!;
    expect(c.status).toBe("ok");
    const [payment] = s.listPayments();
    expect([payment!.currency, payment!.amountOre, payment!.lines[0]!.amountPaidOre]).toEqual(["EUR", 10_050, 10_050]);
    expect(doc(world, "Invoice", "000901")).toMatchObject({ status: "Closed", balanceOre: 0 });
  });

  it("a definite refusal by Visma.net is reported as refused with its message, not as a failed or uncertain run", async () => {
    world = await startWorld({ currencies: ["NOK", "EUR"], format: EUR_CSV });
    const s = world.sandbox.store;
    addEurCustomer(world);
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000701", amountOre: 125_050 });
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000702", amountOre: 80_000 });
    s.createInvoice({ customerNumber: "10004", referenceNumber: "000704", amountOre: 10_050 }); // EUR; the factoring account 1510 is in NOK
    world.at("2026-11-26T15:45:00");
    await world.transfer();

    world.at("2026-11-27T16:00:00");
    const r = (await world.close()).results[0]!;
    expect(r.status).toBe("ok");
    expect(saysOf(r)).toMatch(/^2 closed, 1 refused/);
    expect(r.closing!.closed.map((c) => c.number).sort()).toEqual(["000701", "000702"]);
    expect(needsHuman(r).map((n) => [n.code, n.document?.number])).toEqual([["payment-refused", "000704"]]);
    expect(textOf(needsHuman(r)[0]!)).toContain(
      "Currency 'EUR' differs from the currency 'NOK' of cash account '1510'",
    );
    expect(r.attention!.entries.map((e) => e.key)).toEqual(["payment-refused|Invoice:000704"]);
    const [batch] = await world.ledger.recentBatches("2026-11-27");
    expect(batch!.documents.find((d) => d.number === "000704")!.closing).toBeUndefined(); // nothing happened: the next run tries again
    expect(s.listPayments()).toHaveLength(2);
  });

  it("throttled beyond what the run waits: what was posted is recorded, the rest waits for the next slot", async () => {
    await transferred();
    world.at("2026-11-27T16:00:00");
    world.sandbox.faults.add({
      kind: "status429",
      retryAfterSeconds: 3600,
      match: { method: "POST", path: "/v1/customerPayment" },
      times: Infinity,
    });
    const first = await world.close();
    expect(first.exitCode).toBe(0);
    expect(first.results[0]).toMatchObject({ status: "ok" });
    expect(saysOf(first.results[0]!)).toMatch(
      /^0 closed.*throttled by Visma.net until 17:00, the next slot catches up/,
    );
    expect(world.sandbox.store.listPayments()).toEqual([]);

    world.sandbox.faults.clear();
    world.at("2026-11-27T17:05:00");
    const second = (await world.close()).results[0]!;
    expect(saysOf(second)).toMatch(/^3 closed/);
    expect(world.sandbox.store.listPayments()).toHaveLength(3);
  });
});
