/** Command-line options of `npm run bench`. */
import { parseArgs } from "node:util";
import type { Settings } from "./figures.ts";

export const BENCH_USAGE = `npm run bench -- [--documents 5000] [--customers 500] [--latency 20] [--concurrency 4] [--seed 1]
                  [--page-size 100] [--rate-limit 15000]
  --documents    documents in the company, all eligible for one transfer
  --customers    customers they are spread over
  --latency      milliseconds the sandbox adds to every request
  --concurrency  the tenant's visma.concurrency (parallel API requests at most, 1–16)
  --seed         generator seed (same seed, same company)
  --page-size    the API's forced maximum page size (Visma.net's maxPageSize)
  --rate-limit   requests per hour the sandbox allows per client (fixed window)`;

/**
 * ASSUMPTION: 15,000 requests/hour per company and client, the production limit Visma
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

export function parseBenchArgs(argv: string[]): Settings | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      documents: { type: "string" },
      customers: { type: "string" },
      latency: { type: "string" },
      concurrency: { type: "string" },
      seed: { type: "string" },
      "page-size": { type: "string" },
      "rate-limit": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) return "help";
  const int = wholeNumber;
  const d = DEFAULT_SETTINGS;
  const settings: Settings = {
    documents: int("documents", values.documents, d.documents, 1, 200_000),
    customers: int("customers", values.customers, d.customers, 1, 100_000),
    latencyMs: int("latency", values.latency, d.latencyMs, 0, 5_000),
    concurrency: int("concurrency", values.concurrency, d.concurrency, 1, 16),
    seed: int("seed", values.seed, d.seed, 0, 2 ** 31),
    maxPageSize: int("page-size", values["page-size"], d.maxPageSize, 1, 1000),
    rateLimit: { limit: int("rate-limit", values["rate-limit"], d.rateLimit.limit, 1, 10_000_000), windowSeconds: d.rateLimit.windowSeconds },
  };
  return settings;
}

/** A whole-number option within [min, max], or `fallback` when not given; the error names the option. */
export function wholeNumber(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
  return n;
}
