// Issue 13 §6: taking over a stale tenant lock is atomic (two runs never both hold it), and a
// release removes only the lock its run holds.
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lockTenant, TenantBusyError } from "../../src/ledger/lock.ts";

/** Above Linux's pid_max: no process has it, so the lock's holder is gone. */
const DEAD_PID = 2 ** 22 + 12345;
const stale = JSON.stringify({ pid: DEAD_PID, since: "2026-11-27T15:40:00Z" });

describe("tenant lock takeover", () => {
  it("two runs that find the same stale lock never both get it", async () => {
    for (let round = 0; round < 25; round++) {
      const dir = await mkdtemp(join(tmpdir(), "lock-"));
      await lockTenant(dir, "acme").then((l) => l.release()); // creates state/acme
      await writeFile(join(dir, "acme", ".lock"), stale);
      const attempts = await Promise.allSettled(Array.from({ length: 8 }, () => lockTenant(dir, "acme")));
      const won = attempts.filter((a) => a.status === "fulfilled");
      expect(won, `round ${round}`).toHaveLength(1);
      for (const a of attempts) if (a.status === "rejected") expect(a.reason).toBeInstanceOf(TenantBusyError);
      // Nothing but the lock is left behind.
      expect(await readdir(join(dir, "acme"))).toEqual([".lock"]);
    }
  });

  it("release removes only the lock its own run holds", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lock-"));
    const mine = await lockTenant(dir, "acme");
    // Meanwhile another run judged this one gone and took the lock over.
    const theirs = JSON.stringify({ pid: process.pid, since: new Date().toISOString(), token: "another-run" });
    await writeFile(join(dir, "acme", ".lock"), theirs);
    await mine.release();
    expect(await readFile(join(dir, "acme", ".lock"), "utf8")).toBe(theirs);
  });

  it("a live holder stops the second run; after its release the next one gets in", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lock-"));
    const first = await lockTenant(dir, "acme");
    await expect(lockTenant(dir, "acme")).rejects.toThrow(
      /another run for tenant acme is in progress \(pid \d+, since /,
    );
    await first.release();
    await (await lockTenant(dir, "acme")).release();
    expect(await readdir(join(dir, "acme"))).toEqual([]);
  });
});
