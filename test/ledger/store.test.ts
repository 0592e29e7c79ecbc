import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lockTenant, TenantBusyError } from "../../src/ledger/lock.ts";
import { LedgerStore, monthsEnding } from "../../src/ledger/store.ts";
import type { Batch } from "../../src/ledger/types.ts";

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

describe("ledger store", () => {
  it("partitions batches by tenant and month and reads the recent months", async () => {
    const dir = await mkdtemp(join(tmpdir(), "state-"));
    const store = new LedgerStore(dir, "acme");
    await store.putBatch(batch("acme-20260930-01", "2026-09-30"));
    await store.putBatch(batch("acme-20261031-01", "2026-10-31"));
    await store.putBatch(batch("acme-20261127-01", "2026-11-27"));
    await store.putBatch(batch("acme-20261127-02", "2026-11-27", 2));
    expect((await store.recentBatches("2026-11-27", 2)).map((b) => b.id)).toEqual([
      "acme-20261031-01",
      "acme-20261127-01",
      "acme-20261127-02",
    ]);
    expect(JSON.parse(await readFile(join(dir, "acme", "2026-11.json"), "utf8")).batches).toHaveLength(2);
  });

  it("writes stable, sorted, human-readable JSON (same content → same bytes)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "state-"));
    const store = new LedgerStore(dir, "acme");
    await store.putBatch(batch("acme-20261127-01", "2026-11-27"));
    const first = await readFile(store.monthPath("2026-11"), "utf8");
    await store.updateBatch("acme-20261127-01", "2026-11-27", () => {});
    expect(await readFile(store.monthPath("2026-11"), "utf8")).toBe(first);
    expect(first).toContain('"customerName": "Ærlig Rørlegger AS"');
    expect(first.indexOf('"batches"')).toBeLessThan(first.indexOf('"month"'));
    expect(first.endsWith("}\n")).toBe(true);
  });

  it("updates a batch by re-reading it from disk", async () => {
    const dir = await mkdtemp(join(tmpdir(), "state-"));
    const a = new LedgerStore(dir, "acme");
    const b = new LedgerStore(dir, "acme");
    await a.putBatch(batch("acme-20261127-01", "2026-11-27"));
    await b.updateBatch("acme-20261127-01", "2026-11-27", (x) => {
      x.status = "transferred";
    });
    expect((await a.recentBatches("2026-11-27"))[0]!.status).toBe("transferred");
    await expect(a.updateBatch("nope", "2026-11-27", () => {})).rejects.toThrow(/batch nope is not in/);
  });

  it("refuses a hand-edited ledger with a message naming the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "state-"));
    const store = new LedgerStore(dir, "acme");
    await store.putBatch(batch("acme-20261127-01", "2026-11-27"));
    const text = await readFile(store.monthPath("2026-11"), "utf8");
    await writeFile(store.monthPath("2026-11"), text.replace('"amountOre": 125050', '"amountOre": 1250.5'));
    await expect(store.recentBatches("2026-11-27")).rejects.toThrow(
      /2026-11\.json: batches\.0\.documents\.0\.amountOre/,
    );
    await writeFile(store.monthPath("2026-11"), "{ broken");
    await expect(store.recentBatches("2026-11-27")).rejects.toThrow(/is not valid JSON/);
  });

  it("lists months across a year boundary", () => {
    expect(monthsEnding("2027-01-31", 3)).toEqual(["2026-11", "2026-12", "2027-01"]);
    expect(monthsEnding("2026-03-01", 2)).toEqual(["2026-02", "2026-03"]);
  });
});

describe("tenant lock", () => {
  it("lets one run in and stops a second; a lock of a dead process is taken over", async () => {
    const dir = await mkdtemp(join(tmpdir(), "state-"));
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
