/** Messages between the benchmark (main thread) and the sandbox host (worker thread). */
import type { SandboxStats } from "../visma/server.ts";
import type { SandboxData } from "../visma/types.ts";

export interface HostStart {
  data: SandboxData;
  latencyMs: number;
  rateLimit: { limit: number; windowSeconds: number };
  maxPageSize: number;
  /** ISO instant with zone: the sandbox's business clock. */
  clock: string;
}

export type HostRequest =
  | { id: number; op: "clock"; iso: string }
  | { id: number; op: "stats" }
  | { id: number; op: "resetPeak" }
  | { id: number; op: "ledgerOfServer" }
  | { id: number; op: "close" };

export type HostReply = { id: number; result?: unknown; error?: string };

export interface HostStats {
  stats: SandboxStats;
  /** Most requests the server was serving at once since the last resetPeak. */
  maxInFlight: number;
}

export interface ServerState {
  payments: number;
  releasedPayments: number;
  closedDocuments: number;
}
