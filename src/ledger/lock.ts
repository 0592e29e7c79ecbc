/**
 * One run per tenant at a time on one machine. In GitHub Actions the concurrency group does
 * this; locally (and in the fault suite's "two runs at once") this lock does. A lock left
 * by a process that no longer exists is taken over; a live one stops the second run.
 */
import { mkdir, open, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";

export class TenantBusyError extends Error {}

export interface TenantLock {
  release(): Promise<void>;
}

export async function lockTenant(stateDir: string, tenant: string): Promise<TenantLock> {
  const dir = join(stateDir, tenant);
  await mkdir(dir, { recursive: true });
  const path = join(dir, ".lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = await readHolder(path);
      if (!holder && (await isFresh(path))) {
        // Another process created the lock a moment ago and is still writing its pid.
        throw new TenantBusyError(`another run for tenant ${tenant} is starting; this run stops without doing anything`);
      }
      if (holder && isAlive(holder.pid)) {
        throw new TenantBusyError(
          `another run for tenant ${tenant} is in progress (pid ${holder.pid}, since ${holder.since}); this run stops without doing anything`,
        );
      }
      await rm(path, { force: true }); // stale: its process is gone
    }
  }
  throw new TenantBusyError(`could not lock tenant ${tenant} (${path})`);
}

async function readHolder(path: string): Promise<{ pid: number; since: string } | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, "utf8")) as { pid: number; since: string };
    return typeof parsed.pid === "number" ? parsed : undefined;
  } catch {
    return undefined; // half-written by a crashed process: treat as stale
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
