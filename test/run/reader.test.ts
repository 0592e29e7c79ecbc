// The run's reader (src/run/reader.ts): one Visma.net client per run, opened on first use; a
// repeat or a narrower read is answered from what the run already read, until the run writes.
import { describe, expect, it } from "vitest";
import { RunReader } from "../../src/run/reader.ts";
import type { DocumentQuery, VismaApi } from "../../src/visma/api.ts";
import type { ArDocument } from "../../src/visma/types.ts";
import { invoice } from "../helpers/documents.ts";

/** A client over a fixed list of invoices that counts what it was asked. */
function fakeVisma(docs: ArDocument[]) {
  const calls: string[] = [];
  let opened = 0;
  const byDate = (q: DocumentQuery) => docs.filter((d) => !q.documentDate || d.documentDate >= q.documentDate.value);
  const api = {
    stats: { requests: 0, tokenRequests: 0, retries: 0, throttled: 0, rateLimit: null, shapes: undefined as never },
    listInvoices: async (q: DocumentQuery) => (
      calls.push(`invoices ${q.documentDate?.value ?? "all"}`), { items: byDate(q), malformed: [] }
    ),
    listCreditNotes: async () => (calls.push("credit notes"), { items: [], malformed: [] }),
    listPayments: async () => (calls.push("payments"), { items: [], malformed: [] }),
    createPayment: async () => (calls.push("create"), "000001"),
    releasePayment: async () => void calls.push("release"),
  } as unknown as VismaApi;
  return { calls, open: () => (opened++, api), opened: () => opened };
}

const dated = (value: string): DocumentQuery => ({ documentDate: { value, condition: ">=" } });

describe("the run's reader", () => {
  it("opens the client only when a read needs it, and once", async () => {
    const visma = fakeVisma([]);
    const reader = new RunReader(visma.open);
    expect(reader.opened).toBe(false);
    expect(reader.stats.requests).toBe(0);
    await reader.listInvoices(dated("2026-11-01"));
    await reader.listPayments({});
    expect(visma.opened()).toBe(1);
  });

  it("answers a repeat, and documents dated from a later day, from the earlier read", async () => {
    const visma = fakeVisma([
      invoice("1", { documentDate: "2026-11-20" }),
      invoice("2", { documentDate: "2026-11-26" }),
    ]);
    const reader = new RunReader(visma.open);
    expect((await reader.listInvoices(dated("2026-11-20"))).items.map((d) => d.number)).toEqual(["1", "2"]);
    expect((await reader.listInvoices(dated("2026-11-20"))).items.map((d) => d.number)).toEqual(["1", "2"]);
    expect((await reader.listInvoices(dated("2026-11-25"))).items.map((d) => d.number)).toEqual(["2"]);
    expect(visma.calls).toEqual(["invoices 2026-11-20"]);
    // An earlier day, or another filter, is not in what was read.
    await reader.listInvoices(dated("2026-11-01"));
    await reader.listInvoices({ ...dated("2026-11-20"), status: "Open" });
    expect(visma.calls).toEqual(["invoices 2026-11-20", "invoices 2026-11-01", "invoices 2026-11-20"]);
  });

  it("goes to Visma.net again after a write: what was read before it is old", async () => {
    const visma = fakeVisma([invoice("1")]);
    const reader = new RunReader(visma.open);
    await reader.listInvoices(dated("2026-11-01"));
    await reader.listPayments({ customer: "10001" });
    await reader.createPayment({} as never);
    await reader.listInvoices(dated("2026-11-01"));
    await reader.listPayments({ customer: "10001" });
    // The read after the write serves the next asks again.
    await reader.listInvoices(dated("2026-11-15"));
    expect(visma.calls).toEqual(["invoices 2026-11-01", "payments", "create", "invoices 2026-11-01", "payments"]);
  });

  it("remembers every document it read, the latest read of each", async () => {
    const docs = [invoice("1", { status: "Open" })];
    const visma = fakeVisma(docs);
    const reader = new RunReader(visma.open);
    await reader.listInvoices(dated("2026-11-01"));
    docs[0] = invoice("1", { status: "Closed", balanceOre: 0 });
    await reader.releasePayment("000001", "Payment");
    await reader.listInvoices(dated("2026-11-01"));
    expect([...reader.observed().values()].map((d) => [d.number, d.status])).toEqual([["1", "Closed"]]);
  });
});
