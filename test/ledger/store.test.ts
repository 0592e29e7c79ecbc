import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { paymentRefFor } from "../../src/close/plan.ts";
import { lockTenant, TenantBusyError } from "../../src/ledger/lock.ts";
import { AppendOnlyError, defaultPaymentRef, parseMonthLog } from "../../src/ledger/month-log.ts";
import { LedgerStore, LegacyLedgerError, monthsEnding, readWindow } from "../../src/ledger/store.ts";
import { NewerStateError } from "../../src/ledger/state-file.ts";
import { copyBatch, type Batch, type ClosingEntry } from "../../src/ledger/types.ts";

function batch(id: string, businessDate: string, sequence = 1): Batch {
  return {
    id,
    businessDate,
    sequence,
    status: "pending",
    target: "file:///tmp/out",
    createdAt: `${businessDate}T15:40:00.000+01:00`,
    files: [{ name: `${id}.SGF`, bytes: 130, sha256: "ab".repeat(32) }],
    documents: [
      {
        type: "Invoice",
        number: "000123",
        customer: "10001",
        customerName: "Ærlig Rørlegger AS",
        currency: "NOK",
        amountOre: 125_050,
        documentDate: businessDate,
        dueDate: null,
        kid: "12344",
      },
    ],
    newCustomers: ["10001"],
  };
}

/** `b` transferred at 15:45 and every document closed by a payment of its own the next day at 16:00. */
function closed(b: Batch, nextDay: string): Batch {
  const releasedAt = `${nextDay}T16:00:00.000+01:00`;
  return {
    ...b,
    status: "transferred",
    transferredAt: `${b.businessDate}T15:45:00.000+01:00`,
    documents: b.documents.map((d, i) => ({
      ...d,
      closing: {
        status: "closed",
        paymentType: d.type === "Invoice" ? "Payment" : "Refund",
        paymentNumber: String(900 + i),
        paymentRef: paymentRefFor(b.id, d.number),
        amountOre: d.amountOre,
        applicationDate: nextDay,
        releasedAt,
      },
    })),
  };
}

const tempState = () => mkdtemp(join(tmpdir(), "state-"));

describe("ledger store", () => {
  it("partitions batches by tenant and month and reads the recent months", async () => {
    const dir = await tempState();
    const store = new LedgerStore(dir, "acme");
    await store.putBatch(batch("acme-20260830-01", "2026-08-30"));
    await store.putBatch(batch("acme-20260930-01", "2026-09-30"));
    await store.putBatch(batch("acme-20261031-01", "2026-10-31"));
    await store.putBatch(batch("acme-20261127-01", "2026-11-27"));
    await store.putBatch(batch("acme-20261127-02", "2026-11-27", 2));
    // The window is three months; August is older but still holds a pending batch: it is read too.
    expect((await store.recentBatches("2026-11-27")).map((b) => b.id)).toEqual([
      "acme-20260830-01",
      "acme-20260930-01",
      "acme-20261031-01",
      "acme-20261127-01",
      "acme-20261127-02",
    ]);
    expect(await store.listMonths()).toEqual(["2026-08", "2026-09", "2026-10", "2026-11"]);
    const lines = (await readFile(join(dir, "acme", "ledger", "2026-11.jsonl"), "utf8")).split("\n");
    expect(JSON.parse(lines[0]!)).toEqual({
      format: "visma-factoring-ledger",
      version: 2,
      tenant: "acme",
      month: "2026-11",
    });
    expect(lines.filter((l) => l.startsWith('{"e":"batch"'))).toHaveLength(2);
  });

  it("reads as far back as the tenant's look-back reaches", async () => {
    expect(readWindow("2026-11-27")).toEqual(["2026-09", "2026-10", "2026-11"]);
    expect(readWindow("2026-11-27", 30)).toEqual(["2026-09", "2026-10", "2026-11"]);
    expect(readWindow("2026-11-27", 120)).toEqual(["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]);
    const dir = await tempState();
    await new LedgerStore(dir, "acme").putBatch(closed(batch("acme-20260702-01", "2026-07-02"), "2026-07-03"));
    expect(await new LedgerStore(dir, "acme", { lookBackDays: 120 }).recentBatches("2026-11-27")).toHaveLength(1);
  });

  it("costs at most 200 bytes per transferred and closed document, and says it in lines a person can read", async () => {
    const dir = await tempState();
    const store = new LedgerStore(dir, "acme");
    const b = batch("acme-20261126-01", "2026-11-26");
    b.documents = Array.from({ length: 40 }, (_, i) => ({
      type: i % 10 === 9 ? ("CreditNote" as const) : ("Invoice" as const),
      number: String(1101 + i).padStart(6, "0"),
      customer: String(10001 + (i % 8)),
      customerName: `Kunde ${i % 8} Bygg og Anlegg AS`,
      currency: "NOK",
      amountOre: 125_050 + i * 1_013,
      documentDate: "2026-11-25",
      dueDate: "2026-12-09",
      kid: `${String(10001 + (i % 8))}${String(1101 + i).padStart(6, "0")}7`,
    }));
    b.files = [
      { name: "acme_20261126_01.SGF", bytes: 5_120, sha256: "ab".repeat(32) },
      { name: "acme_20261126_01.SGK", bytes: 1_024, sha256: "cd".repeat(32) },
    ];
    await store.putBatch(b);
    await store.updateBatch(b.id, b.businessDate, (x) => {
      x.status = "transferred";
      x.transferredAt = "2026-11-26T15:45:00.000+01:00";
    });
    const after = closed(b, "2026-11-27");
    await store.updateBatch(b.id, b.businessDate, (x) => {
      x.documents = after.documents;
    });
    const text = await readFile(store.monthPath("2026-11"), "utf8");
    expect(text.length / 40).toBeLessThanOrEqual(200);
    const lines = text.trimEnd().split("\n");
    expect(lines.find((l) => l.includes('"n":"001101"') && l.startsWith('{"e":"doc"'))).toBe(
      '{"e":"doc","t":"I","n":"001101","c":"10001","a":125050,"d":"2026-11-25","days":14,"kid":"100010011017"}',
    );
    expect(lines.find((l) => l.includes('"n":"001101"') && l.startsWith('{"e":"closed"'))).toBe(
      '{"e":"closed","t":"I","n":"001101","pay":"900"}',
    );
    expect(lines).toContain('{"e":"closing","b":"20261126-01","at":"2026-11-27T16:00:00.000+01:00"}');
    expect((await store.readMonth("2026-11")).batches).toEqual([after]);
  });

  it("appends and never rewrites: the file grows by lines, a repeated change adds nothing, a changed record is refused", async () => {
    const dir = await tempState();
    const store = new LedgerStore(dir, "acme");
    const b = batch("acme-20261127-01", "2026-11-27");
    await store.putBatch(b);
    const first = await readFile(store.monthPath("2026-11"), "utf8");
    expect(await store.putBatch(b)).toEqual([]); // re-applied by a retry: nothing to add
    await store.updateBatch(b.id, b.businessDate, (x) => {
      x.status = "transferred";
      x.transferredAt = "2026-11-27T15:45:00.000+01:00";
    });
    const second = await readFile(store.monthPath("2026-11"), "utf8");
    expect(second.startsWith(first)).toBe(true);
    expect(second.slice(first.length)).toBe('{"e":"sent","b":"20261127-01","at":"2026-11-27T15:45:00.000+01:00"}\n');
    await expect(
      store.updateBatch(b.id, b.businessDate, (x) => {
        x.documents[0]!.amountOre = 1;
      }),
    ).rejects.toBeInstanceOf(AppendOnlyError);
    await expect(
      store.updateBatch(b.id, b.businessDate, (x) => {
        x.status = "pending";
      }),
    ).rejects.toThrow(/is transferred; it cannot become pending/);
    const closing: ClosingEntry = {
      status: "skipped",
      reason: "partly-paid",
      detail: "paid 100,00",
      at: "2026-11-28T10:00:00.000+01:00",
    };
    await store.updateBatch(b.id, b.businessDate, (x) => {
      x.documents[0]!.closing = closing;
    });
    await expect(
      store.updateBatch(b.id, b.businessDate, (x) => {
        x.documents[0]!.closing = { ...closing, reason: "voided" };
      }),
    ).rejects.toThrow(/its closing is recorded already/);
    expect((await readFile(store.monthPath("2026-11"), "utf8")).startsWith(second)).toBe(true);
    await expect(store.updateBatch("nope", "2026-11-27", () => {})).rejects.toThrow(/batch nope is not in/);
  });

  it("reads back every field it writes, defaults and their exceptions alike", async () => {
    const dir = await tempState();
    const store = new LedgerStore(dir, "acme");
    const b = batch("acme-20261126-02", "2026-11-26", 2);
    b.documents.push(
      {
        ...b.documents[0]!,
        type: "CreditNote",
        number: "000124",
        currency: "EUR",
        amountOre: 5_000,
        dueDate: "2026-12-10",
        kid: null,
      },
      { ...b.documents[0]!, number: "000125", customerName: "Ærlig Rørlegger AS (ny)", customer: "10001" },
    );
    b.newCustomers = [];
    const grouped = {
      status: "closed" as const,
      paymentType: "Payment" as const,
      paymentNumber: "000777",
      paymentRef: "VF-20261126-02-C10001-NOK",
      amountOre: 250_100,
      applicationDate: "2026-11-26",
      releasedAt: "2026-11-27T00:10:00.000+01:00",
    };
    const done: Batch = {
      ...b,
      status: "transferred",
      transferredAt: "2026-11-26T15:50:00.000+01:00",
      resolvedBy: "human:sent",
      documents: [
        { ...b.documents[0]!, closing: grouped },
        {
          ...b.documents[1]!,
          closing: {
            status: "skipped",
            reason: "amount-changed",
            detail: "was 50,00 EUR",
            at: "2026-11-28T09:00:00.000+01:00",
          },
        },
        { ...b.documents[2]!, closing: { ...grouped, paymentType: "Refund" } },
      ],
    };
    const abandoned: Batch = {
      ...batch("acme-20261127-01", "2026-11-27"),
      status: "abandoned",
      resolvedBy: "human:not-sent",
    };
    done.documents[1]!.closing = {
      ...(done.documents[1]!.closing as ClosingEntry),
      data: { paidOre: 100, note: ["a"] },
    } as ClosingEntry;
    await store.putBatches([done, abandoned]);
    const read = (await store.readMonth("2026-11")).batches;
    expect(read).toEqual([done, abandoned]);
    // What this process appended is folded from its events; a fresh reader folds the lines: the same.
    const text = await readFile(store.monthPath("2026-11"), "utf8");
    expect(parseMonthLog(text, { path: "x", tenant: "acme", month: "2026-11", fix: "" }).batches).toStrictEqual(read);
    // The fold keeps its own copies: changing the batch written changes nothing read.
    const note: string[] = ["a"];
    (done.documents[1]!.closing as unknown as { data: { note: string[] } }).data.note = note;
    note.push("b");
    done.newCustomers.push("99999");
    expect((await store.readMonth("2026-11")).batches).toStrictEqual(read);
  });

  it("reads a month again as a fresh read would: after its own appends, another writer's, a file replaced, a result changed", async () => {
    const dir = await tempState();
    const store = new LedgerStore(dir, "acme");
    const fresh = async () =>
      parseMonthLog(await readFile(store.monthPath("2026-11"), "utf8"), {
        path: "x",
        tenant: "acme",
        month: "2026-11",
        fix: "",
      }).batches;
    const b = batch("acme-20261127-01", "2026-11-27");
    await store.putBatch(b);
    await store.updateBatch(b.id, b.businessDate, (x) => {
      x.status = "transferred";
      x.transferredAt = "2026-11-27T15:45:00.000+01:00";
    });
    expect((await store.readMonth("2026-11")).batches).toEqual(await fresh());
    // Another writer (a second store, as the watch makes one) appends: read by this one too.
    await new LedgerStore(dir, "acme").putBatch(closed(batch("acme-20261126-01", "2026-11-26"), "2026-11-27"));
    const both = await store.readMonth("2026-11");
    expect(both.batches.map((x) => x.id)).toEqual(["acme-20261126-01", "acme-20261127-01"]);
    expect(both.batches).toEqual(await fresh());
    // What a caller does with a result is its own: the next read is the file's.
    both.batches[1]!.documents[0]!.amountOre = 1;
    both.batches.pop();
    expect((await store.readMonth("2026-11")).batches).toEqual(await fresh());
    // The file as a fetch left it (an older text, then one that went another way): read from its first line.
    const path = store.monthPath("2026-11");
    const text = await readFile(path, "utf8");
    const firstBatchOnly = text.split("\n").slice(0, 4).join("\n") + "\n";
    await writeFile(path, firstBatchOnly);
    expect((await store.readMonth("2026-11")).batches).toEqual(await fresh());
    expect((await store.readMonth("2026-11")).batches[0]!.status).toBe("pending");
    const otherWay = firstBatchOnly.replace('"a":125050', '"a":125051');
    await writeFile(path, otherWay);
    expect((await store.readMonth("2026-11")).batches[0]!.documents[0]!.amountOre).toBe(125_051);
    // A line appended by hand to the text read before is checked like every other.
    await writeFile(path, `${otherWay}{"e":"sent","b":"20261127-01"}\n`);
    await expect(store.readMonth("2026-11")).rejects.toThrow(/2026-11\.jsonl:5: at: /);
  });

  it("copies a batch deeply, as structuredClone would, sharing no object with it", () => {
    const b = closed(batch("acme-20261126-01", "2026-11-26"), "2026-11-27");
    b.resolvedBy = "human:sent";
    b.documents.push({
      ...b.documents[0]!,
      number: "000124",
      closing: { status: "skipped", reason: "partly-paid", data: { paidOre: 5, parts: [{ a: 1 }] }, at: "x" },
    });
    const copy = copyBatch(b);
    expect(copy).toStrictEqual(structuredClone(b));
    const objects = (value: unknown, out = new Set<object>()): Set<object> => {
      if (value && typeof value === "object") {
        out.add(value);
        for (const v of Object.values(value)) objects(v, out);
      }
      return out;
    };
    const shared = [...objects(copy)].filter((o) => objects(b).has(o));
    expect(shared).toEqual([]);
  });

  it("uses the closing's own reference as the default, so a closing line names it only when grouped", () => {
    expect(defaultPaymentRef("acme-20261126-01", "001101")).toBe(paymentRefFor("acme-20261126-01", "001101"));
    expect(defaultPaymentRef("beta-bygg-20270102-12", "9")).toBe(paymentRefFor("beta-bygg-20270102-12", "9"));
  });

  it("refuses a hand-edited, cut-off or newer ledger with a message naming the file and line", async () => {
    const dir = await tempState();
    const store = new LedgerStore(dir, "acme");
    await store.putBatch(batch("acme-20261127-01", "2026-11-27"));
    const path = store.monthPath("2026-11");
    const text = await readFile(path, "utf8");
    await writeFile(path, text.replace('"a":125050', '"a":1250.5'));
    await expect(store.recentBatches("2026-11-27")).rejects.toThrow(/2026-11\.jsonl:4: a: /);
    await writeFile(path, text.slice(0, -3));
    await expect(store.recentBatches("2026-11-27")).rejects.toThrow(/the last line is incomplete/);
    await writeFile(path, text.replace('"version":2', '"version":3'));
    const newer = await store.recentBatches("2026-11-27").catch((e: unknown) => e);
    expect(newer).toBeInstanceOf(NewerStateError);
    expect((newer as Error).message).toMatch(
      /2026-11\.jsonl was written by a newer version of visma-factoring \(format 3/,
    );
    await writeFile(path, text);
    await writeFile(
      store.cursorPath,
      JSON.stringify({ version: 2, tenant: "acme", integrationStart: "x", customersSent: [] }),
    );
    await expect(store.readCursor()).rejects.toThrow(/cursor\.json was written by a newer version/);
  });

  it("stops at ledger files of the first format until they are migrated", async () => {
    const dir = await tempState();
    await mkdir(join(dir, "acme"));
    await writeFile(
      join(dir, "acme", "2026-11.json"),
      JSON.stringify({ tenant: "acme", month: "2026-11", batches: [] }),
    );
    await expect(new LedgerStore(dir, "acme").recentBatches("2026-11-27")).rejects.toBeInstanceOf(LegacyLedgerError);
    await expect(new LedgerStore(dir, "acme").recentBatches("2026-11-27")).rejects.toThrow(/npm run migrate-state/);
  });

  it("marks older months settled once nothing in them can change, reads them no more, and opens one again when it gets a batch", async () => {
    const dir = await tempState();
    const store = new LedgerStore(dir, "acme");
    await store.putBatches([
      closed(batch("acme-20260701-01", "2026-07-01"), "2026-07-02"),
      { ...batch("acme-20260801-01", "2026-08-01"), status: "abandoned", resolvedBy: "human:not-sent" },
      batch("acme-20260802-01", "2026-08-02"), // still pending: August stays open
      closed(batch("acme-20261101-01", "2026-11-01"), "2026-11-02"), // in the window: never marked
    ]);
    expect(await store.settleMonths("2026-11-27")).toEqual([store.settledPath("2026-07")]);
    expect(await store.settleMonths("2026-11-27")).toEqual([]);
    expect(await store.monthsToRead("2026-11-27")).toEqual(["2026-08", "2026-09", "2026-10", "2026-11"]);
    expect(await store.listMonths()).toEqual(["2026-07", "2026-08", "2026-11"]);
    // A run's checkout leaves a settled month's log out: reading it anyway says so instead of reading nothing.
    await rm(store.monthPath("2026-07"));
    await expect(store.readMonth("2026-07")).rejects.toThrow(/not in this checkout/);
    // A catch-up run's batch in a settled month opens it again.
    const again = await tempState();
    const other = new LedgerStore(again, "acme");
    await other.putBatch(closed(batch("acme-20260701-01", "2026-07-01"), "2026-07-02"));
    await other.settleMonths("2026-11-27");
    expect(await other.putBatch(batch("acme-20260715-01", "2026-07-15"))).toEqual([
      other.monthPath("2026-07"),
      other.settledPath("2026-07"),
    ]);
    expect(await other.monthsToRead("2026-11-27")).toEqual(["2026-07", "2026-09", "2026-10", "2026-11"]);
  });

  it("lists months across a year boundary", () => {
    expect(monthsEnding("2027-01-31", 3)).toEqual(["2026-11", "2026-12", "2027-01"]);
    expect(monthsEnding("2026-03-01", 2)).toEqual(["2026-02", "2026-03"]);
  });
});

describe("tenant lock", () => {
  it("lets one run in and stops a second; a lock of a dead process is taken over", async () => {
    const dir = await tempState();
    const lock = await lockTenant(dir, "acme");
    await expect(lockTenant(dir, "acme")).rejects.toBeInstanceOf(TenantBusyError);
    await lock.release();
    await writeFile(
      join(dir, "acme", ".lock"),
      JSON.stringify({ pid: 2 ** 22 + 12345, since: "2026-11-27T15:40:00Z" }),
    );
    const again = await lockTenant(dir, "acme");
    await again.release();
  });
});
