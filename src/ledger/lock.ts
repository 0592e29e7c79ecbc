/**
 * One run per tenant at a time on one machine. In GitHub Actions the concurrency group does
 * this; locally (and in the fault suite's "two runs at once") this lock does. A lock left
 * by a process that no longer exists is taken over; a live one stops the second run.
 *
 * Every step that changes the lock file is atomic and checked against what the run saw:
 * - a lock is created complete or not at all: written to a private file, then link()ed to
 *   `.lock`, which fails if a lock exists;
 * - a stale lock is taken over by one run only: the run first creates a claim file named after the
 *   stale lock's content (exclusive create), checks the lock still holds that content, then
 *   rename()s its own lock over it. Deleting the stale lock by name instead would let a second run,
 *   still acting on the same stale judgement, delete the first run's fresh lock;
 * - a release removes the lock only while it still holds this run's token.
 */
import { createHash, randomUUID } from "node:crypto";
import { link, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { FactoringError } from "../shared/errors.ts";

export class TenantBusyError extends FactoringError {}

export interface TenantLock {
  release(): Promise<void>;
}

/** The lock file's content: who holds the tenant, since when. */
const HolderSchema = z.object({
  pid: z.int(),
  since: z.string(),
  host: z.string().optional(),
  token: z.string().optional(),
});
type Holder = z.infer<typeof HolderSchema>;

export async function lockTenant(stateDir: string, tenant: string): Promise<TenantLock> {
  const dir = join(stateDir, tenant);
  await mkdir(dir, { recursive: true });
  const path = join(dir, ".lock");
  const token = randomUUID();
  const mine = JSON.stringify({
    pid: process.pid,
    since: new Date().toISOString(),
    host: hostname(),
    token,
  } satisfies Holder);
  const held = (): TenantLock => ({ release: () => releaseIfMine(path, mine) });
  const draft = `${path}.${token}`;
  await writeFile(draft, mine, { flag: "wx" });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(draft, path);
        return held();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const seen = await readOrUndefined(path);
      if (seen === undefined) continue; // released in the meantime: try again
      await refuseIfHeld(path, seen, tenant);
      if (await takeOver(path, seen, draft)) return held();
    }
    throw new TenantBusyError(
      `could not lock tenant ${tenant} (${path}): the lock keeps changing; another run is starting`,
    );
  } finally {
    await rm(draft, { force: true });
  }
}

/** Throws when `seen` names a live process (or a lock being written a moment ago). */
async function refuseIfHeld(path: string, seen: string, tenant: string): Promise<void> {
  const holder = parseHolder(seen);
  if (!holder && (await isFresh(path))) {
    // Written by an older version of this lock, which created the file before writing it.
    throw new TenantBusyError(`another run for tenant ${tenant} is starting; this run stops without doing anything`);
  }
  if (holder && isAlive(holder.pid)) {
    throw new TenantBusyError(
      `another run for tenant ${tenant} is in progress (pid ${holder.pid}, since ${holder.since}); this run stops without doing anything`,
    );
  }
}

/**
 * Replaces the stale lock whose content is `seen` with ours; false when another run got there
 * first (or the lock changed), so the caller looks again.
 */
async function takeOver(path: string, seen: string, draft: string): Promise<boolean> {
  const claim = `${path}.takeover-${createHash("sha256").update(seen).digest("hex").slice(0, 16)}`;
  try {
    await writeFile(claim, "", { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    throw new TenantBusyError(
      `another run is taking over the stale lock ${path}; this run stops without doing anything`,
    );
  }
  try {
    // Holding the claim, only we may replace this stale content; it may have been replaced already.
    if ((await readOrUndefined(path)) !== seen) return false;
    await rename(draft, path);
    return true;
  } finally {
    await rm(claim, { force: true });
  }
}

async function releaseIfMine(path: string, mine: string): Promise<void> {
  // Nobody replaces a live run's lock, so between this read and the removal it stays ours.
  if ((await readOrUndefined(path)) === mine) await rm(path, { force: true });
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function parseHolder(text: string): Holder | undefined {
  try {
    const parsed = HolderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // not written by this code, or damaged: treated as stale once it is old
  }
}

async function isFresh(path: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs < 10_000;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
