// The watch list's rules as pure functions: watch notices from observed documents, and the
// attention list's merge (reported once, refreshed, cleared by evidence or retention).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { Batch, LedgerDocument } from "../../src/ledger/types.ts";
import {
  readAttention,
  sameEntries,
  writeAttention,
  type AttentionEntry,
  type AttentionFile,
} from "../../src/ledger/attention-file.ts";
import type { Notice } from "../../src/shared/notice.ts";
import { autoInvoiceNotice } from "../../src/transfer/auto-invoice.ts";
import { noticeKey, openLedgerDocuments, watchNotices } from "../../src/watch/notices.ts";
import { mergeAttention, type MergeInput } from "../../src/watch/attention.ts";
import { recheckSince } from "../../src/watch/update.ts";
import { customer, invoice } from "../helpers/documents.ts";
import { clearedText, textOf } from "../helpers/notices.ts";

const sentDoc = (number: string, patch: Partial<LedgerDocument> = {}): LedgerDocument => ({
  type: "Invoice",
  number,
  customer: "10001",
  customerName: "Ærlig Rørlegger AS",
  currency: "NOK",
  amountOre: 125_000,
  documentDate: "2026-11-27",
  dueDate: "2026-12-11",
  kid: "12344",
  ...patch,
});
const batch = (docs: LedgerDocument[]): Batch => ({
  id: "acme-20261127-01",
  businessDate: "2026-11-27",
  sequence: 1,
  status: "transferred",
  target: "local:/x",
  createdAt: "2026-11-27T15:45:00+01:00",
  transferredAt: "2026-11-27T15:46:00+01:00",
  files: [],
  documents: docs,
  newCustomers: [],
});

describe("watch findings", () => {
  const sent = openLedgerDocuments([
    batch([
      sentDoc("000001"),
      sentDoc("000002"),
      sentDoc("000003", {
        closing: { status: "skipped", reason: "voided", detail: "", at: "2026-11-28T16:00:00+01:00" },
      }),
    ]),
  ]);

  it("names old and new due date of a sent document, and ignores unsent and settled ones", () => {
    const found = watchNotices({
      observed: [
        invoice("000001", { dueDate: "2026-12-24" }),
        invoice("000002"),
        invoice("000003", { dueDate: "2027-01-01" }),
        invoice("000009", { dueDate: "2027-01-01" }),
      ],
      sent,
    });
    expect(found).toEqual([
      expect.objectContaining({
        code: "due-date-changed",
        document: expect.objectContaining({ number: "000001", customerName: "Ærlig Rørlegger AS", amountOre: 125_000 }),
        dueDate: { sent: "2026-12-11", current: "2026-12-24" },
      }),
    ]);
    expect(textOf(found[0]!)).toContain(
      "2026-12-24 in Visma.net, 2026-12-11 sent to the factor in batch acme-20261127-01",
    );
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
    const found = autoInvoiceNotice(b, customers)!;
    expect(found).toMatchObject({ code: "autoinvoice-confirm", key: "acme-20261127-01", batchId: "acme-20261127-01" });
    expect(noticeKey(found)).toBe("autoinvoice-confirm|acme-20261127-01");
    expect(found.document).toBeUndefined();
    expect(textOf(found)).toBe(
      "confirm these reached AutoInvoice before the factor notifies the customer: invoice 000009, 000010 (batch acme-20261127-01, customers who get their invoices through AutoInvoice; the Visma.net API cannot tell whether a document was delivered there)",
    );
  });

  it("says nothing when no customer of the batch uses AutoInvoice", () => {
    expect(
      autoInvoiceNotice(b, new Map([["10001", customer("10001", { acceptAutoInvoices: false })]])),
    ).toBeUndefined();
  });
});

describe("the attention list", () => {
  const doc = (number: string) => ({
    type: "Invoice" as const,
    number,
    customer: "10001",
    customerName: "Ærlig Rørlegger AS",
    amountOre: 50_000,
    currency: "NOK",
  });
  const empty: AttentionFile = { tenant: "acme", entries: [] };
  const base = (over: Partial<MergeInput>): MergeInput => ({
    command: "transfer",
    today: "2026-11-27",
    completed: true,
    notices: [],
    observed: new Map(),
    ledger: new Map(),
    settledBatches: new Set(),
    ...over,
  });
  const kidData = { reason: "check-digit", kid: "12345", rule: "mod10", expected: "12344" } as const;
  const kid: Notice = { code: "kid", document: doc("000302"), data: kidData };

  it("lists a finding once however often it is reported, keeping when it was first seen", () => {
    const first = mergeAttention(empty, base({ notices: [kid, kid] }));
    expect(first.outcome.added).toHaveLength(1);
    const again = mergeAttention(
      first.file,
      base({ today: "2026-11-28", notices: [{ ...kid, data: { reason: "length", kid: "1" } }] }),
    );
    // The data of the latest report, never a sentence: the list renders in whatever language reads it.
    expect(again.file.entries).toEqual([
      {
        key: "kid|Invoice:000302",
        code: "kid",
        source: "transfer",
        document: doc("000302"),
        data: { reason: "length", kid: "1" },
        firstSeen: "2026-11-27",
        lastSeen: "2026-11-28",
      },
    ]);
    expect(again.outcome.added).toEqual([]);
  });

  it("stores only the document's identity, so a re-read list equals the merged one and a repeat writes nothing", async () => {
    // A ledger document carries its dates and KID as well.
    const excluded: Notice = {
      ...kid,
      document: { ...doc("000302"), documentDate: "2026-11-26", dueDate: "2026-12-10" } as Notice["document"],
    };
    const merged = mergeAttention(empty, base({ notices: [excluded] })).file;
    expect(merged.entries[0]!.document).toEqual(doc("000302"));
    const dir = await mkdtemp(join(tmpdir(), "attention-"));
    try {
      await writeAttention(dir, merged);
      const stored = await readAttention(dir, "acme");
      expect(sameEntries(mergeAttention(stored, base({ notices: [excluded] })).file, stored)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("clears by evidence: transferred after all, Closed, due date back", () => {
    const notices: Notice[] = [
      kid,
      { code: "too-old", document: doc("000301"), data: { documentDate: "2026-10-20", ageDays: 37, limitDays: 30 } },
      {
        code: "due-date-changed",
        document: doc("000307"),
        dueDate: { sent: "2026-12-10", current: "2026-12-31" },
        data: { batchId: "acme-20261126-01", sent: "2026-12-10", current: "2026-12-31" },
      },
      { code: "voided", document: doc("000801"), data: {} },
    ];
    const { file } = mergeAttention(empty, base({ notices }));
    const observed = new Map([
      ["Invoice:000301", invoice("000301", { status: "Closed", balanceOre: 0 })],
      ["Invoice:000307", invoice("000307", { dueDate: "2026-12-10" })],
      ["Invoice:000801", invoice("000801", { status: "Voided" })],
    ]);
    const ledger = new Map([["Invoice:000302", sentDoc("000302")]]);
    const next = mergeAttention(file, base({ today: "2026-11-28", observed, ledger }));
    expect(next.outcome.cleared.map((c) => c.entry.key).sort()).toEqual([
      "due-date-changed|Invoice:000307",
      "kid|Invoice:000302",
      "too-old|Invoice:000301",
    ]);
    expect(next.file.entries.map((e) => e.key)).toEqual(["voided|Invoice:000801"]);
  });

  it("keeps the AutoInvoice note of a batch until the closing has settled every document of it", () => {
    const note: Notice = {
      code: "autoinvoice-confirm",
      key: "acme-20261127-01",
      batchId: "acme-20261127-01",
      data: { batchId: "acme-20261127-01", invoices: ["000010"] },
    };
    const { file } = mergeAttention(empty, base({ notices: [note] }));
    expect(file.entries[0]).toMatchObject({ key: "autoinvoice-confirm|acme-20261127-01", batchId: "acme-20261127-01" });
    expect(mergeAttention(file, base({ today: "2026-11-28" })).file.entries).toHaveLength(1); // the next transfer does not repeat it, nor clear it
    const settled = mergeAttention(
      file,
      base({ command: "close", today: "2026-11-28", settledBatches: new Set(["acme-20261127-01"]) }),
    );
    expect(settled.outcome.cleared.map((c) => [c.entry.key, clearedText(c.why)])).toEqual([
      ["autoinvoice-confirm|acme-20261127-01", "every document of batch acme-20261127-01 is closed or skipped"],
    ]);
  });

  it("drops entries of kinds this version no longer reports", () => {
    const old: AttentionEntry = {
      key: "autoinvoice-unverifiable|autoinvoice-unverifiable",
      code: "autoinvoice-unverifiable",
      source: "close",
      message: "cannot check",
      firstSeen: "2026-11-20",
      lastSeen: "2026-11-26",
    };
    const next = mergeAttention({ tenant: "acme", entries: [old] }, base({ completed: false }));
    expect(next.outcome.cleared.map((c) => clearedText(c.why))).toEqual([
      "this version no longer reports autoinvoice-unverifiable notices",
    ]);
  });

  it("clears findings without a document only by a completed run of the command that reported them", () => {
    const note: Notice = {
      code: "pending-batch",
      key: "acme-20261127-01",
      data: { batchId: "acme-20261127-01", documents: 1, target: "sftp://factor/inbox", files: [] },
    };
    const { file } = mergeAttention(empty, base({ command: "close", notices: [note] }));
    expect(mergeAttention(file, base({ command: "transfer" })).file.entries).toHaveLength(1);
    expect(mergeAttention(file, base({ command: "close", completed: false })).file.entries).toHaveLength(1);
    expect(mergeAttention(file, base({ command: "close" })).outcome.cleared.map((c) => c.entry.key)).toEqual([
      noticeKey(note),
    ]);
  });

  it("drops an item no run reported for more than the retention, and only then", () => {
    const entry: AttentionEntry = {
      key: "currency|Invoice:000303",
      code: "currency",
      source: "transfer",
      document: doc("000303"),
      message: "EUR",
      firstSeen: "2026-10-01",
      lastSeen: "2026-11-01",
    };
    const file: AttentionFile = { tenant: "acme", entries: [entry] };
    expect(mergeAttention(file, base({ today: "2026-12-01" })).file.entries).toHaveLength(1); // 30 days
    const dropped = mergeAttention(file, base({ today: "2026-12-02" }));
    expect(dropped.file.entries).toEqual([]);
    expect(clearedText(dropped.outcome.cleared[0]!.why)).toMatch(/^not reported for 31 days/);
  });

  it("takes only what needs a person: routine exclusions and summary notes never enter it", () => {
    const notices: Notice[] = [
      { code: "not-new", document: doc("000201"), data: {} },
      { code: "format-note", document: doc("000201"), data: { note: "F10 cut" } },
      { code: "kid", document: doc("000202"), data: kidData },
    ];
    expect(mergeAttention(empty, base({ notices })).file.entries.map((e) => e.key)).toEqual(["kid|Invoice:000202"]);
  });

  it("reads a list written before the vocabulary (kind instead of code) and drops what it no longer lists, once", async () => {
    const dir = await mkdtemp(join(tmpdir(), "attention-"));
    try {
      const legacy = {
        key: "format|Invoice:000201",
        kind: "format",
        source: "transfer",
        document: doc("000201"),
        message: "sent, but the file differs",
        firstSeen: "2026-11-20",
        lastSeen: "2026-11-26",
      };
      await writeAttention(dir, { tenant: "acme", entries: [legacy as unknown as AttentionEntry] });
      const read = await readAttention(dir, "acme");
      expect(read.entries[0]).toMatchObject({ code: "format", key: "format|Invoice:000201" });
      // A format *problem* (not sent) is still a code; it clears when the document is in the ledger after all.
      const ledger = new Map([["Invoice:000201", sentDoc("000201")]]);
      expect(mergeAttention(read, base({ ledger })).outcome.cleared.map((c) => clearedText(c.why))).toEqual([
        "transferred to the factor after all",
      ]);
      const other = { ...legacy, key: "other|Invoice:000201", kind: "other" };
      await writeAttention(dir, { tenant: "acme", entries: [other as unknown as AttentionEntry] });
      expect(
        mergeAttention(await readAttention(dir, "acme"), base({})).outcome.cleared.map((c) => clearedText(c.why)),
      ).toEqual(["this version no longer reports other notices"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the attention list's re-read", () => {
  const now = DateTime.fromISO("2026-11-28T16:00:00", { zone: "Europe/Oslo" });
  const entry: AttentionEntry = {
    key: "kid|Invoice:1",
    code: "kid",
    source: "transfer",
    message: "m",
    firstSeen: "2026-11-20",
    lastSeen: "2026-11-27",
  };

  it("reaches back from the list's last write by the look-back overlap (4 h in Oslo)", () => {
    const since = recheckSince(
      { tenant: "acme", checkedAt: "2026-11-27T16:00:00.000+01:00", entries: [entry] },
      "Europe/Oslo",
      now,
    );
    expect(since.toISO()).toBe("2026-11-27T12:00:00.000+01:00");
  });

  it("without a last write, from the start of the day the oldest entry was listed, minus the overlap", () => {
    const since = recheckSince({ tenant: "acme", entries: [entry] }, "Europe/Oslo", now);
    expect(since.setZone("Europe/Oslo").toISO()).toBe("2026-11-19T20:00:00.000+01:00");
  });
});
