// Issue 13 §6, the takeover race played in the worst order on purpose: two runs both judge the
// same lock stale; the first replaces it; only then does the second act on its (now outdated)
// judgement. A takeover that deletes "the stale lock" by name deletes the first run's fresh lock
// here, and both runs go on holding it. The file system is wrapped only to force that order.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

const gate = vi.hoisted(() => {
  let readsOfLock = 0;
  let acquire!: () => void;
  const acquired = new Promise<void>((resolve) => (acquire = resolve));
  let deletes = 0;
  const until = (ready: () => boolean) =>
    new Promise<void>((resolve) => {
      const started = Date.now();
      const poll = () => (ready() || Date.now() - started > 2000 ? resolve() : setTimeout(poll, 5));
      poll();
    });
  return {
    active: false,
    readLock: () => void readsOfLock++,
    acquired: () => acquire(),
    /** The first delete of the lock waits until both runs have read it; the second until a run holds the lock. */
    async beforeDelete(): Promise<void> {
      deletes++;
      if (deletes === 1) await until(() => readsOfLock >= 2);
      else await Promise.race([acquired, until(() => false)]);
    },
  };
});

vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  const isLock = (path: unknown) => gate.active && String(path).endsWith("/.lock");
  const wrapped = {
    ...real,
    readFile: (async (path: Parameters<typeof real.readFile>[0], ...rest: unknown[]) => {
      const out = await (real.readFile as (...a: unknown[]) => Promise<unknown>)(path, ...rest);
      if (isLock(path)) gate.readLock();
      return out;
    }) as typeof real.readFile,
    rm: (async (path: Parameters<typeof real.rm>[0], options?: Parameters<typeof real.rm>[1]) => {
      if (isLock(path)) await gate.beforeDelete();
      return real.rm(path, options);
    }) as typeof real.rm,
    open: (async (path: Parameters<typeof real.open>[0], ...rest: unknown[]) => {
      const handle = await (real.open as (...a: unknown[]) => Promise<Awaited<ReturnType<typeof real.open>>>)(
        path,
        ...rest,
      );
      if (isLock(path)) gate.acquired();
      return handle;
    }) as typeof real.open,
    link: (async (from: Parameters<typeof real.link>[0], to: Parameters<typeof real.link>[1]) => {
      await real.link(from, to);
      if (isLock(to)) gate.acquired();
    }) as typeof real.link,
    rename: (async (from: Parameters<typeof real.rename>[0], to: Parameters<typeof real.rename>[1]) => {
      await real.rename(from, to);
      if (isLock(to)) gate.acquired();
    }) as typeof real.rename,
  };
  return { ...wrapped, default: wrapped };
});

const { lockTenant } = await import("../../src/ledger/lock.ts");

describe("stale lock takeover in the worst order", () => {
  it("leaves exactly one run holding the lock", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lock-race-"));
    await (await lockTenant(dir, "acme")).release(); // creates state/acme
    await writeFile(
      join(dir, "acme", ".lock"),
      JSON.stringify({ pid: 2 ** 22 + 12345, since: "2026-11-27T15:40:00Z" }),
    );
    gate.active = true;
    const attempts = await Promise.allSettled([lockTenant(dir, "acme"), lockTenant(dir, "acme")]);
    gate.active = false;
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
  });
});
