/**
 * Measures one command run in a world: wall time, the client's and the sandbox's request
 * counters (as deltas, so setup calls are not counted), requests in flight at the server,
 * peak memory and the ledger left behind.
 */
import { performance } from "node:perf_hooks";
import type { CommandOutcome } from "../../run/frame.ts";
import type { TenantRunResult } from "../../run/result.ts";
import { type ApiStats, emptyStats } from "../../visma/index.ts";
import { folderBytes, type MemoryPeak, type MemorySampler } from "./meters.ts";
import type { BenchWorld } from "./world.ts";

export interface PhaseMeasurement {
  result: TenantRunResult;
  wallMs: number;
  /** CPU time (user + system) of this process while the command ran: the product's alone, the sandbox runs in a process of its own. */
  cpuMs: number;
  client: ApiStats;
  sandbox: { requests: number; tokenRequests: number; throttled: number; byPath: Record<string, number> };
  maxInFlight: number;
  memory: MemoryPeak;
  ledger: { bytes: number; files: number };
}

export async function measurePhase(
  world: BenchWorld,
  memory: MemorySampler,
  run: () => Promise<CommandOutcome>,
): Promise<PhaseMeasurement> {
  const before = (await world.sandbox.stats()).stats;
  const clientsBefore = world.clients.length;
  await world.sandbox.resetPeak();
  memory.reset();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const outcome = await run();
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - started;
  memory.sample();
  const result = outcome.results[0];
  if (!result) throw new Error("benchmark: the command returned no tenant result (was the tenant file rejected?)");
  if (result.status !== "ok")
    throw new Error(
      `benchmark: ${result.command} ended ${result.status}: ${result.error ?? JSON.stringify(result.says)}`,
    );

  const client: ApiStats = emptyStats();
  for (const c of world.clients.slice(clientsBefore)) {
    client.requests += c.stats.requests;
    client.tokenRequests += c.stats.tokenRequests;
    client.retries += c.stats.retries;
    client.throttled += c.stats.throttled;
  }
  const { stats: after, maxInFlight } = await world.sandbox.stats();
  const byPath: Record<string, number> = {};
  for (const [path, n] of Object.entries(after.byPath)) {
    const delta = n - (before.byPath[path] ?? 0);
    if (delta > 0) byPath[pathPattern(path)] = (byPath[pathPattern(path)] ?? 0) + delta;
  }
  return {
    result,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    client,
    sandbox: {
      requests: after.requests - before.requests,
      tokenRequests: after.tokenRequests - before.tokenRequests,
      throttled: after.throttled - before.throttled,
      byPath,
    },
    maxInFlight,
    memory: { ...memory.peak },
    ledger: await folderBytes(world.stateDir),
  };
}

/** "/v1/customerpayment/000123/action/release" → "/v1/customerpayment/{number}/action/release". */
function pathPattern(path: string): string {
  const parts = path.split("/");
  if (parts[1] === "v1" && parts.length > 3) parts[3] = "{number}";
  return parts.join("/");
}
