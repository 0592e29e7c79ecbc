import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  MAX_MESSAGE_CHARS,
  nextRunStatus,
  readRunStatus,
  sameRunStatus,
  writeRunStatus,
  type RunReport,
} from "../../src/ledger/run-status.ts";
import { LedgerStore, listLedgerTenants } from "../../src/ledger/store.ts";
import { headerLine } from "../../src/ledger/month-log.ts";

const run = (extra: Partial<RunReport> = {}): RunReport => ({
  command: "close",
  status: "ok",
  businessDate: "2026-11-27",
  at: "2026-11-27T07:23:10.000+01:00",
  says: [said("closed 12 documents")],
  ...extra,
});

/** A sentence of how a run ended (an error's own text: the one kind that carries free text). */
function said(text: string) {
  return { code: "error", text };
}

describe("run status record", () => {
  it("keeps the last run per command and the last failure, and is unchanged by a repeat of the same outcome", () => {
    const first = nextRunStatus(undefined, "acme", run());
    expect(first).toEqual({
      version: 1,
      tenant: "acme",
      runs: {
        close: {
          status: "ok",
          businessDate: "2026-11-27",
          at: "2026-11-27T07:23:10.000+01:00",
          says: [said("closed 12 documents")],
        },
      },
    });
    const repeat = nextRunStatus(first, "acme", run({ at: "2026-11-27T10:23:00.000+01:00" }));
    expect(sameRunStatus(first, repeat)).toBe(true);

    const failed = nextRunStatus(
      repeat,
      "acme",
      run({
        status: "failed",
        at: "2026-11-27T13:23:00.000+01:00",
        says: [said("Visma.net answered 503")],
        issueUrl: "https://github.com/p/f/issues/7",
      }),
    );
    expect(sameRunStatus(repeat, failed)).toBe(false);
    expect(failed.lastFailure).toMatchObject({
      command: "close",
      status: "failed",
      issueUrl: "https://github.com/p/f/issues/7",
    });

    const transfer = nextRunStatus(failed, "acme", run({ command: "transfer", says: [said("1 batch")] }));
    const recovered = nextRunStatus(transfer, "acme", run({ businessDate: "2026-11-28" }));
    expect(recovered.runs.close).toMatchObject({ status: "ok", businessDate: "2026-11-28" });
    expect(recovered.runs.transfer).toMatchObject({ status: "ok", says: [said("1 batch")] });
    expect(recovered.lastFailure).toEqual(failed.lastFailure);
  });

  it("never holds a secret, a second line or an unsafe link", () => {
    const status = nextRunStatus(
      undefined,
      "acme",
      run({
        status: "failed",
        says: [said(`token s3cr3t-value rejected\n::error::injected\u202e ${"x".repeat(2 * MAX_MESSAGE_CHARS)}`)],
        issueUrl: "javascript:alert(1)",
        runUrl: "https://github.com/p/f/actions/runs/1",
        secrets: ["s3cr3t-value", undefined],
      }),
    );
    const last = status.runs.close!;
    const text = String(last.says![0]!.text);
    expect(JSON.stringify(last)).not.toContain("s3cr3t-value");
    expect(text).toContain("token *** rejected");
    expect(text).not.toMatch(/[\n\u202e]/);
    expect(text.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(last.issueUrl).toBeUndefined();
    expect(last.runUrl).toBe("https://github.com/p/f/actions/runs/1");
  });

  it("round-trips through state/<tenant>/status.json and explains a broken file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "status-"));
    expect(await readRunStatus(dir, "acme")).toBeUndefined();
    const status = nextRunStatus(undefined, "acme", run());
    await writeRunStatus(dir, status);
    expect(await readRunStatus(dir, "acme")).toEqual(status);
    await writeFile(join(dir, "acme", "status.json"), JSON.stringify({ ...status, version: 99 }));
    // A newer format is refused as such, never read (and later rewritten) without its new fields.
    await expect(readRunStatus(dir, "acme")).rejects.toThrow(
      /status\.json was written by a newer version of visma-factoring \(format 99/,
    );
    await writeFile(
      join(dir, "acme", "status.json"),
      JSON.stringify({ ...status, runs: { transfer: { status: "?" } } }),
    );
    await expect(readRunStatus(dir, "acme")).rejects.toThrow(/status\.json: runs\.transfer\.status: .*delete it/);
  });

  it("reads a record written before the message catalogue (an English message, no sentences as data)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "status-"));
    const old = {
      version: 1,
      tenant: "acme",
      runs: {
        close: { status: "ok", businessDate: "2026-11-27", at: "2026-11-27T07:23:10.000+01:00", message: "7 closed" },
      },
    };
    await mkdir(join(dir, "acme"), { recursive: true });
    await writeFile(join(dir, "acme", "status.json"), JSON.stringify(old));
    const read = await readRunStatus(dir, "acme");
    expect(read!.runs.close).toMatchObject({ message: "7 closed" });
    // The next run's outcome differs from an English sentence: the record is rewritten with data.
    const next = nextRunStatus(read, "acme", run());
    expect(next.runs.close).toEqual({
      status: "ok",
      businessDate: "2026-11-27",
      at: "2026-11-27T07:23:10.000+01:00",
      says: [said("closed 12 documents")],
    });
  });
});

describe("ledger store: whole history and the tenants of a state folder", () => {
  it("lists the months of a tenant and the tenant folders, ignoring what is not theirs", async () => {
    const dir = await mkdtemp(join(tmpdir(), "state-"));
    const store = new LedgerStore(dir, "acme");
    await mkdir(join(store.tenantDir, "ledger"), { recursive: true });
    for (const name of [
      "2026-01.jsonl",
      "2025-12.jsonl",
      "2025-11.settled",
      "2026-13.jsonl",
      "notes.txt",
      "2026-02.jsonl.tmp",
    ])
      await writeFile(join(store.tenantDir, "ledger", name), `${headerLine("acme", name.slice(0, 7))}\n`);
    for (const name of ["cursor.json", "attention.json"]) await writeFile(join(store.tenantDir, name), "{}");
    expect(await store.listMonths()).toEqual(["2025-11", "2025-12", "2026-01"]);
    expect(await store.batchesOfMonths(["2025-12", "2026-01"])).toEqual([]);
    expect(await new LedgerStore(dir, "nobody").listMonths()).toEqual([]);
    await mkdir(join(dir, "beta"));
    await mkdir(join(dir, "Backup Copy"));
    await writeFile(join(dir, "README"), "");
    expect(await listLedgerTenants(dir)).toEqual(["acme", "beta"]);
    await expect(listLedgerTenants(join(dir, "missing"))).rejects.toThrow(/does not exist/);
  });
});
