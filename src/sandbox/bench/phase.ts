/**
 * Measures one command run in a world: wall time, the client's and the sandbox's request
 * counters (as deltas, so setup calls are not counted), requests in flight at the server,
 * peak memory and the ledger left behind.
 */
import { performance } from "node:perf_hooks";
import type { CommandOutcome } from "../../commands/runner.ts";
import type { TenantRunResult } from "../../report/types.ts";
import type { ApiStats } from "../../visma/api.ts";
import { folderBytes, type InFlightMeter, type MemoryPeak, type MemorySampler } from "./meters.ts";
import type { BenchWorld } from "./world.ts";

export interface PhaseMeasurement {
  result: TenantRunResult;
  wallMs: number;
  client: ApiStats;
  sandbox: { requests: number; tokenRequests: number; throttled: number; byPath: Record<string, number> };
  maxInFlight: number;
  memory: MemoryPeak;
  ledger: { bytes: number; files: number };
}

export interface Meters {
  inFlight: InFlightMeter;
  memory: MemorySampler;
}

export async function measurePhase(world: BenchWorld, meters: Meters, run: () => Promise<CommandOutcome>): Promise<PhaseMeasurement> {
  const before = { ...world.sandbox.stats, byPath: { ...world.sandbox.stats.byPath } };
  const clientsBefore = world.clients.length;
  meters.inFlight.resetPeak();
  meters.memory.reset();
  const started = performance.now();
  const outcome = await run();
  const wallMs = performance.now() - started;
  meters.memory.sample();
  const result = outcome.results[0];
  if (!result) throw new Error("benchmark: the command returned no tenant result (was the tenant file rejected?)");
  if (result.status !== "ok") throw new Error(`benchmark: ${result.command} ended ${result.status}: ${result.error ?? result.message}`);

  const client: ApiStats = { requests: 0, tokenRequests: 0, retries: 0, throttled: 0 };
  for (const c of world.clients.slice(clientsBefore)) {
    client.requests += c.stats.requests;
    client.tokenRequests += c.stats.tokenRequests;
    client.retries += c.stats.retries;
    client.throttled += c.stats.throttled;
  }
  const after = world.sandbox.stats;
  const byPath: Record<string, number> = {};
  for (const [path, n] of Object.entries(after.byPath)) {
    const delta = n - (before.byPath[path] ?? 0);
    if (delta > 0) byPath[path] = delta;
  }
  return {
    result,
    wallMs,
    client,
    sandbox: {
      requests: after.requests - before.requests,
      tokenRequests: after.tokenRequests - before.tokenRequests,
      throttled: after.throttled - before.throttled,
      byPath,
    },
    maxInFlight: meters.inFlight.max,
    memory: { ...meters.memory.peak },
    ledger: await folderBytes(world.stateDir),
  };
}
