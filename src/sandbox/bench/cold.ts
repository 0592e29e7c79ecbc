/**
 * The transfer's CPU as a tenant job spends it: the same transfer, each run in a fresh process
 * (cold-transfer.ts), several times. On a shared machine a run's CPU time varies with its
 * neighbours (caches, memory bandwidth), never downwards, so the least of the runs is the
 * closest to the product's own cost; every run is printed beside it.
 */
import { fork } from "node:child_process";
import type { ColdTransfer } from "./cold-transfer.ts";
import type { Settings } from "./figures.ts";

export interface ColdTransferFigures {
  phase: "transfer-cold";
  runs: ColdTransfer[];
  minCpuMs: number;
  medianCpuMs: number;
  pass: { underOneSecond: boolean };
}

export async function measureColdTransfers(settings: Settings, count: number): Promise<ColdTransferFigures> {
  const runs: ColdTransfer[] = [];
  for (let i = 0; i < count; i++) runs.push(await coldTransfer(settings));
  const cpu = runs.map((r) => r.cpuMs).sort((a, b) => a - b);
  return {
    phase: "transfer-cold",
    runs,
    minCpuMs: cpu[0]!,
    medianCpuMs: cpu[Math.floor(cpu.length / 2)]!,
    pass: { underOneSecond: cpu[0]! < 1000 },
  };
}

function coldTransfer(settings: Settings): Promise<ColdTransfer> {
  const child = fork(new URL("./cold-transfer-entry.mjs", import.meta.url), {
    serialization: "advanced",
    stdio: "inherit",
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    child.once("message", (m: { result?: ColdTransfer; error?: string }) => {
      settled = true;
      if (m.result) resolve(m.result);
      else reject(new Error(`benchmark: the cold transfer failed: ${m.error}`));
    });
    child.once("exit", (code) => {
      if (!settled) reject(new Error(`benchmark: the cold transfer's process ended (${code}) without a result`));
    });
    child.send({ settings });
  });
}
