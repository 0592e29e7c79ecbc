/**
 * Runs in a process of its own: one 5,000-document transfer in a fresh world, measured from
 * after start (modules loaded, company generated, sandbox up) to its end, and reported to the
 * benchmark over IPC. The benchmark's own transfer runs in a process that has already run code
 * (setting the world up warms the JIT for some of it); a tenant job starts cold, so this is the
 * figure issue 16 sets a target for: CPU after start, V8's compiler and GC threads included.
 * Main-thread CPU comes from /proc (Linux), where there is one.
 */
import { readFileSync } from "node:fs";
import { tuneForShortRuns } from "../../run/short-run.ts";
import type { Settings } from "./figures.ts";
import { BUSINESS_DATE, benchmarkCompany, TRANSFER_AT } from "./run.ts";
import { startBenchWorld } from "./world.ts";

export interface ColdTransfer {
  cpuMs: number;
  /** CPU of the process's main thread alone, when /proc says it; the rest is V8's background threads. */
  mainThreadMs: number | null;
  documents: number;
}

// As main() does for every command (src/commands/command.ts): the child stands for a tenant job.
tuneForShortRuns();
const settings = await new Promise<Settings>((resolve) =>
  process.once("message", (m: { settings: Settings }) => resolve(m.settings)),
);
const world = await startBenchWorld({
  data: benchmarkCompany(settings),
  grouping: "perDocument",
  latencyMs: settings.latencyMs,
  concurrency: settings.concurrency,
  maxPageSize: settings.maxPageSize,
  rateLimit: settings.rateLimit,
  start: `${BUSINESS_DATE}T${TRANSFER_AT}`,
});
try {
  const mainBefore = mainThreadMs();
  const before = process.cpuUsage();
  const outcome = await world.transfer();
  const cpu = process.cpuUsage(before);
  const mainAfter = mainThreadMs();
  const result = outcome.results[0];
  if (result?.status !== "ok") throw new Error(`cold transfer ended ${result?.status ?? "without a result"}`);
  const reply: ColdTransfer = {
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    mainThreadMs: mainBefore === null || mainAfter === null ? null : mainAfter - mainBefore,
    documents: result.totals.reduce((n, r) => n + r.count, 0),
  };
  process.send!({ result: reply });
} catch (error) {
  process.send!({ error: error instanceof Error ? error.message : String(error) });
} finally {
  await world.stop();
  process.disconnect();
}

/** User + system time of the main thread in ms (clock ticks of 10 ms), or null without /proc. */
function mainThreadMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
