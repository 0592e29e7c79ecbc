/**
 * `npm run report`: per tenant, the reconciliation of a period (ledger against Visma.net, per
 * business day and in total) and the current attention list, as Markdown, JSON or CSV.
 * Any mismatch, or a tenant that cannot be reconciled, makes the exit code 1; open attention
 * items do not (they are work, not a disagreement of the books).
 */
import { parseArgs } from "node:util";
import { formatProblem } from "../config/problems.ts";
import type { Tenant } from "../config/schema.ts";
import { bridgeSecrets, SECRET_NAMES_VAR } from "../config/secret-bridge.ts";
import { loadTenants } from "../config/validate.ts";
import { entryLine } from "../report/render.ts";
import { describeMismatch, describeRows, reconcileTenant, type Reconciliation } from "../reconcile/reconcile.ts";
import type { AttentionEntry, TotalRow } from "../run/result.ts";
import { readAttention } from "../watch/attention.ts";
import { oreToDecimalString } from "../shared/money.ts";
import { addDays, businessDate, parseNow } from "../shared/time.ts";
import type { VismaApi } from "../visma/api.ts";
import { createVismaClient } from "../visma/client.ts";

export type ReportFormat = "md" | "json" | "csv";

/** The period `npm run report` covers when --from is not given: this many days up to --to. */
const DEFAULT_REPORT_DAYS = 31;

export const REPORT_USAGE = "[--tenant ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format md|json|csv] [--now ISO] [--tenants-dir DIR] [--state-dir DIR]";

export interface ReportOptions {
  tenant?: string;
  from?: string;
  to?: string;
  format: ReportFormat;
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

export interface ReportOutcome {
  reports: TenantReport[];
  text: string;
  exitCode: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseReportArgs(argv: string[]): ReportOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      tenant: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      format: { type: "string", default: "md" },
      now: { type: "string" },
      "tenants-dir": { type: "string", default: "tenants" },
      "state-dir": { type: "string", default: "state" },
    },
  });
  const format = values.format!;
  if (format !== "md" && format !== "json" && format !== "csv") throw new Error(`--format must be md, json or csv, got "${format}"`);
  for (const name of ["from", "to"] as const) {
    const v = values[name];
    if (v !== undefined && !DATE.test(v)) throw new Error(`--${name} must be a date YYYY-MM-DD, got "${v}"`);
  }
  return {
    tenant: values.tenant || undefined,
    from: values.from,
    to: values.to,
    format,
    now: values.now || undefined,
    tenantsDir: values["tenants-dir"]!,
    stateDir: values["state-dir"]!,
  };
}

export async function runReport(options: ReportOptions): Promise<ReportOutcome> {
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
      const visma = (options.openVisma ?? ((t: Tenant) => createVismaClient(t, env)))(tenant);
      report.reconciliation = await reconcileTenant({ tenant, stateDir: options.stateDir, visma, from, to });
    } catch (error) {
      report.error = (error as Error).message;
    }
    reports.push(report);
  }
  const bad = reports.some((r) => r.error || (r.reconciliation?.mismatches.length ?? 0) > 0);
  return { reports, text: render(reports, options.format), exitCode: bad ? 1 : 0 };
}

function render(reports: TenantReport[], format: ReportFormat): string {
  if (format === "json") return JSON.stringify({ tenants: reports.map(jsonOf) }, null, 2) + "\n";
  if (format === "csv") return renderCsv(reports);
  return reports.map(renderMarkdownReport).join("\n");
}

// ---- Markdown ------------------------------------------------------------------------------

function renderMarkdownReport(r: TenantReport): string {
  const out = [`## ${r.name} (\`${r.tenant}\`)`, ""];
  if (r.error) out.push(`**Could not be reconciled:** ${r.error}`, "");
  const rec = r.reconciliation;
  if (rec) {
    out.push(`Reconciliation ${rec.from} – ${rec.to} (ledger against Visma.net)`, "");
    out.push("| Day | Transferred | Closed | Skipped | Still open |", "|---|---|---|---|---|");
    for (const d of [...rec.days, rec.total]) out.push(`| ${d.date === "total" ? "**Total**" : d.date} | ${cell(d.transferred)} | ${cell(d.closed)} | ${cell(d.skipped)} | ${cell(d.open)} |`);
    out.push("");
    if (rec.mismatches.length === 0) {
      out.push(`**Balanced**: ${rec.checked.closedDocuments} closed document(s) and ${rec.checked.payments} payment(s)/refund(s) of ours agree with Visma.net.`, "");
    } else {
      out.push(`**${rec.mismatches.length} mismatch(es)** between the ledger and Visma.net:`, "");
      for (const m of rec.mismatches) out.push(`- ${describeMismatch(m)}`);
      out.push("");
    }
  }
  out.push(`Attention list: ${r.attention.length === 0 ? "empty" : `${r.attention.length} open item(s)`}`, "");
  for (const e of r.attention) out.push(`- ${entryLine(e)}`);
  if (r.attention.length > 0) out.push("");
  return out.join("\n");
}

function cell(rows: readonly TotalRow[]): string {
  return rows.length === 0 ? "–" : describeRows(rows).replaceAll(" + ", "<br>");
}

// ---- JSON ----------------------------------------------------------------------------------

function jsonOf(r: TenantReport): unknown {
  const rec = r.reconciliation;
  return {
    tenant: r.tenant,
    name: r.name,
    ...(r.error ? { error: r.error } : {}),
    ...(rec
      ? {
          from: rec.from,
          to: rec.to,
          balanced: rec.mismatches.length === 0,
          checked: rec.checked,
          days: rec.days,
          total: rec.total,
          mismatches: rec.mismatches.map((m) => ({ ...m, text: describeMismatch(m) })),
        }
      : {}),
    attention: r.attention,
  };
}

// ---- CSV -----------------------------------------------------------------------------------

const CSV_HEADER = ["tenant", "date", "measure", "document_type", "currency", "count", "amount_ore", "amount", "document", "detail"];

/** One row per tenant, day (or "total"), measure, type and currency; then mismatches and attention items. */
function renderCsv(reports: TenantReport[]): string {
  const rows: string[][] = [CSV_HEADER];
  for (const r of reports) {
    if (r.error) rows.push([r.tenant, "", "error", "", "", "", "", "", "", r.error]);
    const rec = r.reconciliation;
    if (rec) {
      for (const d of [...rec.days, rec.total]) {
        for (const measure of ["transferred", "closed", "skipped", "open"] as const) {
          for (const t of d[measure]) {
            rows.push([r.tenant, d.date, measure, t.type, t.currency, String(t.count), String(t.amountOre), oreToDecimalString(t.amountOre), "", ""]);
          }
        }
      }
      for (const m of rec.mismatches) {
        const doc = m.document;
        rows.push([r.tenant, rec.to, "mismatch", doc?.type ?? "", doc?.currency ?? "", "", doc ? String(doc.amountOre) : "", doc ? oreToDecimalString(doc.amountOre) : "", doc?.number ?? "", m.problem]);
      }
    }
    for (const e of r.attention) {
      const doc = e.document;
      rows.push([r.tenant, e.firstSeen, `attention:${e.kind}`, doc?.type ?? "", doc?.currency ?? "", "", doc ? String(doc.amountOre) : "", doc ? oreToDecimalString(doc.amountOre) : "", doc?.number ?? "", e.message]);
    }
  }
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

