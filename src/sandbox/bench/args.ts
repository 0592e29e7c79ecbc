/** Flags of `npm run bench`. */
import { UsageError, type FlagValues } from "../../commands/command.ts";
import { DAYS_DEFAULTS, type DaysSettings } from "./days.ts";
import type { Settings } from "./figures.ts";
import type { SiteBenchSettings } from "./site.ts";

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

/** The status site's benchmark (`--site`): a fleet of 500 tenants with a year of ledger each. */
export const SITE_DEFAULTS: SiteBenchSettings = { tenants: 500, days: 365, seed: 17 };

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
  seed: {
    type: "string",
    value: "N",
    help: `generator seed, same seed same data (default ${d.seed}; ${SITE_DEFAULTS.seed} with --site)`,
  },
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
  site: {
    type: "boolean",
    help: "benchmark the status site of a large fleet instead (npm run site; --tenants, --days, --seed)",
  },
  tenants: {
    type: "string",
    value: "N",
    help: `with --site: tenants in the fleet, each with its tenant file and ledger (default ${SITE_DEFAULTS.tenants}); with --fleet: tenants run (default 200)`,
  },
  fleet: {
    type: "boolean",
    help: "run a fleet through the bundle, every tenant job a separate process with its own sandbox company and state branch (--tenants, --parallel, --seed)",
  },
  parallel: { type: "string", value: "N", help: "with --fleet: tenant jobs at a time (default 8)" },
  days: {
    type: "string",
    value: "N",
    help: `the 120-day case instead: N days of a company's life through the real commands, each run's calls next to the floor of its work (--seed); with --site: days of ledger per tenant (default ${SITE_DEFAULTS.days})`,
  },
} as const;

export type BenchValues = FlagValues<typeof BENCH_FLAGS>;

export function benchSettings(values: BenchValues): Settings {
  for (const name of ["tenants", "parallel"] as const)
    if (values[name] !== undefined)
      throw new UsageError(`--${name} applies to the status site's (--site) or the fleet's (--fleet) benchmark`);
  const int = (name: keyof typeof BENCH_FLAGS, min: number, max: number, fallback?: number): number =>
    wholeNumber(name, values[name] as string | undefined, min, max, fallback);
  return {
    documents: int("documents", 1, 200_000),
    customers: int("customers", 1, 100_000),
    latencyMs: int("latency", 0, 5_000),
    concurrency: int("concurrency", 1, 16),
    seed: int("seed", 0, 2 ** 31, d.seed),
    maxPageSize: int("page-size", 1, 1000),
    rateLimit: { limit: int("rate-limit", 1, 10_000_000), windowSeconds: d.rateLimit.windowSeconds },
  };
}

export function siteBenchSettings(values: BenchValues): SiteBenchSettings {
  const s = SITE_DEFAULTS;
  return {
    tenants: wholeNumber("tenants", values.tenants, 1, 5000, s.tenants),
    days: wholeNumber("days", values.days, 1, 3 * 366, s.days),
    seed: wholeNumber("seed", values.seed, 0, 2 ** 31, s.seed),
  };
}

/** The 120-day case (`--days N` without --site): the company of DAYS_DEFAULTS, its seed from --seed. */
export function daysBenchSettings(values: BenchValues): DaysSettings {
  return {
    ...DAYS_DEFAULTS,
    days: wholeNumber("days", values.days, 1, 366),
    seed: wholeNumber("seed", values.seed, 0, 2 ** 31, DAYS_DEFAULTS.seed),
  };
}

/** A whole-number flag within [min, max] (`fallback` when not given); the error names the flag. */
export function wholeNumber(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
  fallback?: number,
): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
  return n;
}
