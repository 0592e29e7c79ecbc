// The watch list's rules as pure functions: watch findings from observed documents, and the
// attention list's merge (reported once, refreshed, cleared by evidence or retention).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Batch, LedgerDocument } from "../../src/ledger/types.ts";
import { readAttention, sameEntries, writeAttention, type AttentionEntry, type AttentionFile } from "../../src/ledger/attention-file.ts";
import type { Finding } from "../../src/run/result.ts";
import { autoInvoiceFinding, findingKey, openLedgerDocuments, watchFindings } from "../../src/watch/findings.ts";
import { mergeAttention, type MergeInput } from "../../src/watch/attention.ts";
import { customer, invoice } from "../helpers/documents.ts";

const sentDoc = (number: string, patch: Partial<LedgerDocument> = {}): LedgerDocument => ({
  type: "Invoice", number, customer: "10001", customerName: "Ærlig Rørlegger AS", currency: "NOK", amountOre: 125_000,
  documentDate: "2026-11-27", dueDate: "2026-12-11", kid: "12344", ...patch,
});
const batch = (docs: LedgerDocument[]): Batch => ({
  id: "acme-20261127-01", businessDate: "2026-11-27", sequence: 1, status: "transferred", target: "local:/x", createdAt: "2026-11-27T15:45:00+01:00",
  transferredAt: "2026-11-27T15:46:00+01:00", files: [], documents: docs, newCustomers: [],
});

describe("watch findings", () => {
  const sent = openLedgerDocuments([batch([sentDoc("000001"), sentDoc("000002"), sentDoc("000003", { closing: { status: "skipped", reason: "voided", detail: "", at: "2026-11-28T16:00:00+01:00" } })])]);

  it("names old and new due date of a sent document, and ignores unsent and settled ones", () => {
    const found = watchFindings({
      observed: [invoice("000001", { dueDate: "2026-12-24" }), invoice("000002"), invoice("000003", { dueDate: "2027-01-01" }), invoice("000009", { dueDate: "2027-01-01" })],
      sent,
    });
    expect(found).toEqual([
      expect.objectContaining({ kind: "due-date-changed", document: expect.objectContaining({ number: "000001", customerName: "Ærlig Rørlegger AS", amountOre: 125_000 }), dueDate: { sent: "2026-12-11", current: "2026-12-24" } }),
    ]);
    expect(found[0]!.message).toContain("2026-12-24 in Visma.net, 2026-12-11 sent to the factor in batch acme-20261127-01");
  });

});

describe("AutoInvoice: the batch's invoices of customers who get their invoices through AutoInvoice", () => {
  const customers = new Map([
    ["10001", customer("10001", { acceptAutoInvoices: true })],
    ["10002", customer("10002", { acceptAutoInvoices: false })],
  ]);
  const b = {
    ...batch([
      sentDoc("000010", { customer: "10001" }),
      sentDoc("000011", { customer: "10002" }),
      sentDoc("000012", { customer: "10001", type: "CreditNote" }),
      sentDoc("000009", { customer: "10001" }),
    ]),
  };

  it("names them once per batch, by number, with the batch to confirm against", () => {
    const found = autoInvoiceFinding(b, customers)!;
    expect(found).toMatchObject({ kind: "autoinvoice-confirm", key: "acme-20261127-01", batchId: "acme-20261127-01" });
    expect(findingKey(found)).toBe("autoinvoice-confirm|acme-20261127-01");
    expect(found.document).toBeUndefined();
    expect(found.message).toBe(
      "confirm these reached AutoInvoice before the factor notifies the customer: invoice 000009, 000010 (batch acme-20261127-01, customers who get their invoices through AutoInvoice; the Visma.net API cannot tell whether a document was delivered there)",
    );
  });

  it("says nothing when no customer of the batch uses AutoInvoice", () => {
    expect(autoInvoiceFinding(b, new Map([["10001", customer("10001", { acceptAutoInvoices: false })]]))).toBeUndefined();
  });
});

describe("the attention list", () => {
  const doc = (number: string) => ({ type: "Invoice" as const, number, customer: "10001", customerName: "Ærlig Rørlegger AS", amountOre: 50_000, currency: "NOK" });
  const empty: AttentionFile = { tenant: "acme", entries: [] };
  const base = (over: Partial<MergeInput>): MergeInput => ({ command: "transfer", today: "2026-11-27", completed: true, findings: [], observed: new Map(), ledger: new Map(), settledBatches: new Set(), ...over });
  const kid: Finding = { kind: "kid", document: doc("000302"), message: "KID 12345 fails MOD10" };

  it("lists a finding once however often it is reported, keeping when it was first seen", () => {
    const first = mergeAttention(empty, base({ findings: [kid, kid] }));
    expect(first.outcome.added).toHaveLength(1);
    const again = mergeAttention(first.file, base({ today: "2026-11-28", findings: [{ ...kid, message: "KID 12345 fails MOD10 (again)" }] }));
    expect(again.file.entries).toEqual([
      { key: "kid|Invoice:000302", kind: "kid", source: "transfer", document: doc("000302"), message: "KID 12345 fails MOD10 (again)", firstSeen: "2026-11-27", lastSeen: "2026-11-28" },
    ]);
    expect(again.outcome.added).toEqual([]);
  });

  it("stores only the document's identity, so a re-read list equals the merged one and a repeat writes nothing", async () => {
    // An exclusion's document carries its dates as well (select/types.ts DocumentRef).
    const excluded: Finding = { ...kid, document: { ...doc("000302"), documentDate: "2026-11-26", dueDate: "2026-12-10" } as Finding["document"] };
    const merged = mergeAttention(empty, base({ findings: [excluded] })).file;
    expect(merged.entries[0]!.document).toEqual(doc("000302"));
    const dir = await mkdtemp(join(tmpdir(), "attention-"));
    try {
      await writeAttention(dir, merged);
      const stored = await readAttention(dir, "acme");
      expect(sameEntries(mergeAttention(stored, base({ findings: [excluded] })).file, stored)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("clears by evidence: transferred after all, Closed, due date back", () => {
    const findings: Finding[] = [
      kid,
      { kind: "too-old", document: doc("000301"), message: "too old" },
      { kind: "due-date-changed", document: doc("000307"), dueDate: { sent: "2026-12-10", current: "2026-12-31" }, message: "moved" },
      { kind: "changed-after-transfer", document: doc("000801"), message: "voided after the transfer" },
    ];
    const { file } = mergeAttention(empty, base({ findings }));
    const observed = new Map([
      ["Invoice:000301", invoice("000301", { status: "Closed", balanceOre: 0 })],
      ["Invoice:000307", invoice("000307", { dueDate: "2026-12-10" })],
      ["Invoice:000801", invoice("000801", { status: "Voided" })],
    ]);
    const ledger = new Map([["Invoice:000302", sentDoc("000302")]]);
    const next = mergeAttention(file, base({ today: "2026-11-28", observed, ledger }));
    expect(next.outcome.cleared.map((c) => c.entry.key).sort()).toEqual(["due-date-changed|Invoice:000307", "kid|Invoice:000302", "too-old|Invoice:000301"]);
    expect(next.file.entries.map((e) => e.key)).toEqual(["changed-after-transfer|Invoice:000801"]);
  });

  it("keeps the AutoInvoice note of a batch until the closing has settled every document of it", () => {
    const note: Finding = { kind: "autoinvoice-confirm", key: "acme-20261127-01", batchId: "acme-20261127-01", message: "confirm 000010" };
    const { file } = mergeAttention(empty, base({ findings: [note] }));
    expect(file.entries[0]).toMatchObject({ key: "autoinvoice-confirm|acme-20261127-01", batchId: "acme-20261127-01" });
    expect(mergeAttention(file, base({ today: "2026-11-28" })).file.entries).toHaveLength(1); // the next transfer does not repeat it, nor clear it
    const settled = mergeAttention(file, base({ command: "close", today: "2026-11-28", settledBatches: new Set(["acme-20261127-01"]) }));
    expect(settled.outcome.cleared.map((c) => [c.entry.key, c.why])).toEqual([
      ["autoinvoice-confirm|acme-20261127-01", "every document of batch acme-20261127-01 is closed or skipped"],
    ]);
  });

  it("drops entries of kinds this version no longer reports", () => {
    const old: AttentionEntry = { key: "autoinvoice-unverifiable|autoinvoice-unverifiable", kind: "autoinvoice-unverifiable" as AttentionEntry["kind"], source: "close", message: "cannot check", firstSeen: "2026-11-20", lastSeen: "2026-11-26" };
    const next = mergeAttention({ tenant: "acme", entries: [old] }, base({ completed: false }));
    expect(next.outcome.cleared.map((c) => c.why)).toEqual(["this version no longer reports autoinvoice-unverifiable findings"]);
  });

  it("clears findings without a document only by a completed run of the command that reported them", () => {
    const note: Finding = { kind: "pending-batch", message: "batch acme-20261127-01 pending" };
    const { file } = mergeAttention(empty, base({ command: "close", findings: [note] }));
    expect(mergeAttention(file, base({ command: "transfer" })).file.entries).toHaveLength(1);
    expect(mergeAttention(file, base({ command: "close", completed: false })).file.entries).toHaveLength(1);
    expect(mergeAttention(file, base({ command: "close" })).outcome.cleared.map((c) => c.entry.key)).toEqual([findingKey(note)]);
  });

  it("drops an item no run reported for more than the retention, and only then", () => {
    const entry: AttentionEntry = { key: "currency|Invoice:000303", kind: "currency", source: "transfer", document: doc("000303"), message: "EUR", firstSeen: "2026-10-01", lastSeen: "2026-11-01" };
    const file: AttentionFile = { tenant: "acme", entries: [entry] };
    expect(mergeAttention(file, base({ today: "2026-12-01" })).file.entries).toHaveLength(1); // 30 days
    const dropped = mergeAttention(file, base({ today: "2026-12-02" }));
    expect(dropped.file.entries).toEqual([]);
    expect(dropped.outcome.cleared[0]!.why).toMatch(/^not reported for 31 days/);
  });
});
