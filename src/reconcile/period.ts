/**
 * `npm run report`'s material: per tenant, the reconciliation of a period (ledger against
 * Visma.net, per business day and in total) and the tenant's open attention list.
 */
import { formatProblem } from "../config/problems.ts";
import type { Tenant } from "../config/schema.ts";
import { bridgeSecrets, SECRET_NAMES_VAR } from "../config/secret-bridge.ts";
import { loadTenants } from "../config/validate.ts";
import { DEFAULT_LANGUAGE, type Language } from "../shared/language.ts";
import { addDays, businessDate, DEFAULT_TIME_ZONE, parseNow } from "../shared/time.ts";
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
  /** The tenant's reporting.language and time zone: the report speaks them (unless --language says otherwise). */
  language: Language;
  timeZone: string;
  reconciliation?: Reconciliation;
  attention: AttentionEntry[];
  /** Why it could not be reconciled: the error's own text. */
  error?: string;
  /** The tenant file has errors: the located problems (npm run validate). */
  fileProblems?: string[];
}

export async function reconcilePeriod(options: PeriodOptions): Promise<TenantReport[]> {
  const env = options.env ?? process.env;
  if (env[SECRET_NAMES_VAR] !== undefined) bridgeSecrets(env);
  const now = parseNow(options.now);
  const { tenants, failures } = await loadTenants(options.tenantsDir, options.tenant);
  const reports: TenantReport[] = failures.map((f) => ({
    tenant: f.id,
    name: f.id,
    language: DEFAULT_LANGUAGE,
    timeZone: DEFAULT_TIME_ZONE,
    attention: [],
    fileProblems: f.problems.map(formatProblem),
  }));
  for (const tenant of tenants) {
    const report: TenantReport = {
      tenant: tenant.id,
      name: tenant.name,
      language: tenant.reporting.language,
      timeZone: tenant.timeZone,
      attention: [],
    };
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
  return reports.some((r) => r.error || r.fileProblems || (r.reconciliation?.mismatches.length ?? 0) > 0);
}
