/**
 * `npm run report`'s material: per tenant, the reconciliation of a period (ledger against
 * Visma.net, per business day and in total) and the tenant's open attention list.
 */
import { formatProblem } from "../config/problems.ts";
import type { Tenant } from "../config/schema.ts";
import { bridgeSecrets, SECRET_NAMES_VAR } from "../config/secret-bridge.ts";
import { loadTenants } from "../config/validate.ts";
import { addDays, businessDate, parseNow } from "../shared/time.ts";
import { logLines } from "../shared/untrusted.ts";
import { createVismaClient, type VismaApi } from "../visma/index.ts";
import { readAttention, type AttentionEntry } from "../ledger/attention-file.ts";
import { reconcileTenant, type Reconciliation } from "./reconcile.ts";

/** The period `npm run report` covers when --from is not given: this many days up to --to. */
const DEFAULT_REPORT_DAYS = 31;

export interface PeriodOptions {
  tenant?: string;
  from?: string;
  to?: string;
  now?: string;
  tenantsDir: string;
  stateDir: string;
  env?: NodeJS.ProcessEnv;
  /** Injection point for tests and the demo. */
  openVisma?: (tenant: Tenant) => VismaApi;
}

export interface TenantReport {
  tenant: string;
  name: string;
  reconciliation?: Reconciliation;
  attention: AttentionEntry[];
  error?: string;
}

export async function reconcilePeriod(options: PeriodOptions): Promise<TenantReport[]> {
  const env = options.env ?? process.env;
  if (env[SECRET_NAMES_VAR] !== undefined) bridgeSecrets(env);
  const now = parseNow(options.now);
  const { tenants, failures } = await loadTenants(options.tenantsDir, options.tenant);
  const reports: TenantReport[] = failures.map((f) => ({
    tenant: f.id,
    name: f.id,
    attention: [],
    error: `the tenant file has errors (run npm run validate):\n${f.problems.map(formatProblem).join("\n")}`,
  }));
  for (const tenant of tenants) {
    const report: TenantReport = { tenant: tenant.id, name: tenant.name, attention: [] };
    try {
      report.attention = (await readAttention(options.stateDir, tenant.id)).entries;
      const to = options.to ?? businessDate(now, tenant.timeZone);
      const from = options.from ?? addDays(to, -(DEFAULT_REPORT_DAYS - 1));
      // The client's own lines (retries, new tokens) go to stderr: stdout is the report.
      const log = (m: string) => void process.stderr.write(`${logLines(`${tenant.id}: Visma.net: ${m}`)}\n`);
      const visma = (options.openVisma ?? ((t: Tenant) => createVismaClient(t, env, { log })))(tenant);
      report.reconciliation = await reconcileTenant({ tenant, stateDir: options.stateDir, visma, from, to });
    } catch (error) {
      report.error = (error as Error).message;
    }
    reports.push(report);
  }
  return reports;
}

/** Any mismatch, or a tenant that cannot be reconciled; open attention items are work, not a disagreement of the books. */
export function disagrees(reports: readonly TenantReport[]): boolean {
  return reports.some((r) => r.error || (r.reconciliation?.mismatches.length ?? 0) > 0);
}
