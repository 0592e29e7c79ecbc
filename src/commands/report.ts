/**
 * `npm run report`: per tenant, the reconciliation of a period (ledger against Visma.net, per
 * business day and in total) and the current attention list, as Markdown, JSON or CSV. Any
 * mismatch, or a tenant that cannot be reconciled, makes the exit code 1; open attention items
 * do not (they are work, not a disagreement of the books).
 */
import { fetchStates, stateRemoteFromEnv } from "../ledger/state-refs.ts";
import { disagrees, reconcilePeriod, type PeriodOptions, type TenantReport } from "../reconcile/period.ts";
import { renderPeriod, type ReportFormat } from "../report/period.ts";
import type { Language } from "../shared/language.ts";
import { defineCommand, UsageError } from "./command.ts";
import * as flag from "./flags.ts";

export interface ReportOptions extends PeriodOptions {
  format: ReportFormat;
  /** The report's language for every tenant; default each tenant's reporting.language. */
  language?: Language;
  /** Check out the state branches first (of --tenant, or of every tenant with one). */
  fetchState?: boolean;
}

export interface ReportOutcome {
  reports: TenantReport[];
  text: string;
  exitCode: number;
}

export async function runReport(options: ReportOptions): Promise<ReportOutcome> {
  if (options.fetchState)
    await fetchStates(
      options.stateDir,
      stateRemoteFromEnv(options.env ?? process.env),
      options.tenant ? [options.tenant] : undefined,
    );
  const reports = await reconcilePeriod(options);
  return {
    reports,
    text: renderPeriod(reports, options.format, options.language),
    exitCode: disagrees(reports) ? 1 : 0,
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const report = defineCommand({
  name: "report",
  summary: "Reconciliation of the ledger against Visma.net per day and in total, and the open attention list.",
  flags: {
    tenant: flag.tenant,
    from: { type: "string", value: "YYYY-MM-DD", help: "first business date (default: 30 days before --to)" },
    to: { type: "string", value: "YYYY-MM-DD", help: "last business date (default: today in the tenant's zone)" },
    format: { type: "string", value: "md|json|csv", default: "md", help: "output format" },
    language: flag.language,
    now: flag.now,
    "tenants-dir": flag.tenantsDir,
    "state-dir": flag.stateDir,
    "fetch-state": flag.fetchState,
  },
  parse(values, _positionals, env): ReportOptions {
    const format = values.format!;
    if (format !== "md" && format !== "json" && format !== "csv")
      throw new UsageError(`--format must be md, json or csv, got "${format}"`);
    for (const name of ["from", "to"] as const) {
      const v = values[name];
      if (v !== undefined && !DATE.test(v)) throw new UsageError(`--${name} must be a date YYYY-MM-DD, got "${v}"`);
    }
    return {
      tenant: flag.given(values.tenant),
      from: values.from,
      to: values.to,
      format,
      language: flag.languageOf(values.language),
      now: flag.given(values.now),
      tenantsDir: values["tenants-dir"]!,
      stateDir: values["state-dir"]!,
      fetchState: values["fetch-state"] ?? false,
      env,
    };
  },
  async run(options) {
    const outcome = await runReport(options);
    process.stdout.write(outcome.text);
    return outcome.exitCode;
  },
});
