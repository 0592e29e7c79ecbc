// The closing's calls stay bounded by the day's work (issue 16): the payment lookup starts at the
// oldest due batch that still has open documents, an idle slot costs the token and at most one
// page per document type, and bounding the lookup never hides a payment an earlier run made.
import { afterEach, describe, expect, it } from "vitest";
import { addPaymentHistory } from "../../src/sandbox/visma/history.ts";
import { messages, reconciliationText } from "../../src/report/messages/index.ts";
import type { TenantRunResult } from "../../src/run/result.ts";
import { crashingVisma } from "../helpers/crash.ts";
import { startWorld, type World } from "../helpers/world.ts";

/** The run's reconciliation line, in English. */
const line = (r: TenantRunResult) => reconciliationText(messages("en"), r.reconciliation!);

let world: World;
afterEach(async () => world?.stop());

/** GET requests of `path` since `from` (an index into the sandbox's request log), with their params. */
const gets = (w: World, path: string, from: number) =>
  w.sandbox.requests.slice(from).filter((r) => r.method === "GET" && r.path === path);

/** Transfers one new invoice of customer 10001 on `date` at 15:45; returns its number. */
async function transferOn(w: World, date: string): Promise<string> {
  w.at(`${date}T10:00:00`);
  const { referenceNumber } = w.sandbox.store.createInvoice({ customerNumber: "10001", amountOre: 100_000 });
  w.at(`${date}T15:45:00`);
  expect((await w.transfer()).results[0]!.status).toBe("ok");
  return referenceNumber;
}

/** Many payments of the company's own (bank customers), dated `date`: what a lookup from before it pages through. */
function bankPayments(w: World, date: string, count: number): void {
  for (let i = 0; i < count; i += 1) addPaymentHistory(w.sandbox.store, { date, customerNumber: "10002" });
}

describe("the closing's payment lookup", () => {
  it("starts at the oldest due batch with open documents, not at a closed batch of the look-back", async () => {
    world = await startWorld({ start: "2026-11-02T09:00:00" });
    await transferOn(world, "2026-11-02");
    world.at("2026-11-03T16:00:00");
    expect((await world.close()).results[0]!.closing!.closed).toHaveLength(1); // batch of 2 Nov fully closed
    bankPayments(world, "2026-11-04", 40); // ~240 payments of the company between the two batches
    const second = await transferOn(world, "2026-11-10");

    world.at("2026-11-11T16:00:00");
    const from = world.sandbox.requests.length;
    const r = (await world.close()).results[0]!;
    expect(r.closing!.closed.map((c) => c.number)).toEqual([second]);
    const lookups = gets(world, "/v1/customerpayment", from).filter((q) => q.params.get("pageNumber") === "1");
    // The plan's lookup from the open batch (10 Nov), then the day's reconciliation (11 Nov).
    expect(lookups.map((q) => q.params.get("docDate"))).toEqual(["2026-11-10", "2026-11-11"]);
    expect(gets(world, "/v1/customerpayment", from)).toHaveLength(2); // one page each
  });

  it("still finds the payment of a run that crashed before recording it, and posts no second one", async () => {
    world = await startWorld({ start: "2026-11-02T09:00:00" });
    await transferOn(world, "2026-11-02");
    world.at("2026-11-03T16:00:00");
    await world.close();
    const second = await transferOn(world, "2026-11-10");
    bankPayments(world, "2026-11-04", 40);

    // 11 Nov: the payment is created, then the process dies before anything is recorded.
    world.at("2026-11-11T16:00:00");
    expect((await world.close({ openVisma: crashingVisma(world, "createPayment").open })).results[0]!.status).toBe(
      "failed",
    );
    const ours = () => world.sandbox.store.listPayments().filter((p) => p.paymentRef?.startsWith("VF-20261110"));
    expect(ours()).toHaveLength(1);
    expect((await world.ledger.recentBatches("2026-11-11")).at(-1)!.documents[0]!.closing).toBeUndefined();

    // Two days later: the lookup starts at the open batch (10 Nov) and finds the payment of 11 Nov.
    world.at("2026-11-13T07:30:00");
    const from = world.sandbox.requests.length;
    const r = (await world.close()).results[0]!;
    expect(r.status).toBe("ok");
    expect(r.closing!.closed).toMatchObject([{ number: second, paymentNumber: ours()[0]!.refNbr }]);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.status).toBe("Closed");
    expect(gets(world, "/v1/customerpayment", from)[0]!.params.get("docDate")).toBe("2026-11-10");
  });
});

describe("a working closing slot", () => {
  it("lists the documents twice (before posting, read-back), even when an earlier slot of the day closed older ones", async () => {
    world = await startWorld({ start: "2026-11-25T09:00:00" });
    world.sandbox.store.createInvoice({ customerNumber: "10001", documentDate: "2026-11-20", amountOre: 70_000 });
    world.at("2026-11-25T15:45:00");
    await world.transfer();
    await transferOn(world, "2026-11-26");
    world.at("2026-11-27T07:23:00"); // the batch of 25 Nov is due, the one of 26 Nov is not yet
    expect((await world.close()).results[0]!.closing!.closed).toHaveLength(1);

    world.at("2026-11-27T16:00:00");
    const from = world.sandbox.requests.length;
    const r = (await world.close()).results[0]!;
    expect(r.closing!.closed).toHaveLength(1);
    expect(line(r)).toMatch(/closed 2 invoices.*balanced against Visma\.net \(2 closed documents/);
    const lists = gets(world, "/v1/customerinvoice", from).map((q) => q.params.get("documentDate"));
    // The read-back reaches back to what the first slot closed; the reconciliation reads nothing more.
    expect(lists).toEqual(["2026-11-26", "2026-11-20"]);
    expect(gets(world, "/v1/customercreditnote", from)).toEqual([]); // no credit note was due
  });
});

describe("an idle closing slot", () => {
  /** Calls of one closing run by path, and the run's result. */
  async function closeAt(w: World, iso: string) {
    w.at(iso);
    const from = w.sandbox.requests.length;
    const r = (await w.close()).results[0]!;
    const byPath: Record<string, number> = {};
    for (const q of w.sandbox.requests.slice(from)) byPath[q.path] = (byPath[q.path] ?? 0) + 1;
    return { r, byPath, requests: w.sandbox.requests.slice(from) };
  }

  it("with nothing due and nothing to re-check costs nothing, and still gives the day's line from the ledger", async () => {
    world = await startWorld({ start: "2026-11-26T09:00:00" });
    await transferOn(world, "2026-11-26");
    const early = await closeAt(world, "2026-11-27T07:23:00"); // the batch waits for its 24 h
    expect(early.r.status).toBe("nothing-to-do");
    expect(early.byPath).toEqual({});
    expect(line(early.r)).toMatch(
      /^Reconciliation 2026-11-27: transferred none; closed none; skipped none; still open none — nothing posted by this run/,
    );
    expect((await closeAt(world, "2026-11-27T16:00:00")).r.closing!.closed).toHaveLength(1);
    const after = await closeAt(world, "2026-11-28T07:23:00"); // everything closed
    expect(after.r.status).toBe("nothing-to-do");
    expect(after.byPath).toEqual({});
  });

  it("costs the token and one page per type of the attention list's documents, re-read from the last slot on", async () => {
    world = await startWorld({ start: "2026-11-26T09:00:00" });
    // An invoice dated beyond the 30 days: listed for a person, and re-checked by every run after.
    world.sandbox.store.createInvoice({ customerNumber: "10001", documentDate: "2026-10-01", amountOre: 50_000 });
    await transferOn(world, "2026-11-26");
    expect((await closeAt(world, "2026-11-27T16:00:00")).r.closing!.closed).toHaveLength(1);

    const first = await closeAt(world, "2026-11-28T07:23:00");
    expect(first.r.status).toBe("nothing-to-do");
    expect(first.byPath).toEqual({ "/connect/token": 1, "/v1/customerinvoice": 1 });
    const second = await closeAt(world, "2026-11-28T10:23:00");
    expect(second.byPath).toEqual({ "/connect/token": 1, "/v1/customerinvoice": 1 });
    // From the first slot on (07:23 less the 4 h overlap), not from when the list last changed.
    expect(second.requests.at(-1)!.params.get("lastModifiedDateTime")).toBe("2026-11-28T03:23:00");
    expect(second.r.attention!.entries.map((e) => e.code)).toEqual(["too-old"]);
  });
});
