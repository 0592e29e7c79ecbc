/** Flags of `npm run bench`. */
import { UsageError, type FlagValues } from "../../commands/command.ts";
import type { Settings } from "./figures.ts";

/**
 * ASSUMPTION(A24): 15,000 requests/hour per company and client, the production limit Visma
 * published for the old API; the new host's number is not published (reference §6).
 */
export const DEFAULT_SETTINGS: Settings = {
  documents: 5000,
  customers: 500,
  latencyMs: 20,
  concurrency: 4,
  seed: 1,
  maxPageSize: 100,
  rateLimit: { limit: 15_000, windowSeconds: 3600 },
};

const d = DEFAULT_SETTINGS;
export const BENCH_FLAGS = {
  documents: {
    type: "string",
    value: "N",
    default: String(d.documents),
    help: "documents in the company, all eligible for one transfer",
  },
  customers: { type: "string", value: "N", default: String(d.customers), help: "customers they are spread over" },
  latency: {
    type: "string",
    value: "MS",
    default: String(d.latencyMs),
    help: "milliseconds the sandbox adds to every request",
  },
  concurrency: {
    type: "string",
    value: "N",
    default: String(d.concurrency),
    help: "the tenant's visma.concurrency (parallel API requests at most, 1–16)",
  },
  seed: { type: "string", value: "N", default: String(d.seed), help: "generator seed (same seed, same company)" },
  "page-size": {
    type: "string",
    value: "N",
    default: String(d.maxPageSize),
    help: "the API's forced maximum page size (Visma.net's maxPageSize)",
  },
  "rate-limit": {
    type: "string",
    value: "N",
    default: String(d.rateLimit.limit),
    help: "requests per hour the sandbox allows per client (fixed window)",
  },
} as const;

export function benchSettings(values: FlagValues<typeof BENCH_FLAGS>): Settings {
  const int = (name: keyof typeof BENCH_FLAGS, min: number, max: number): number => {
    const value = values[name]!;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
    return n;
  };
  return {
    documents: int("documents", 1, 200_000),
    customers: int("customers", 1, 100_000),
    latencyMs: int("latency", 0, 5_000),
    concurrency: int("concurrency", 1, 16),
    seed: int("seed", 0, 2 ** 31),
    maxPageSize: int("page-size", 1, 1000),
    rateLimit: { limit: int("rate-limit", 1, 10_000_000), windowSeconds: d.rateLimit.windowSeconds },
  };
}
