/**
 * `npm run report`'s output: per tenant, the reconciliation of a period and the open attention
 * list, as Markdown, JSON or CSV.
 */
import type { TenantReport } from "../reconcile/period.ts";
import { describeMismatch, describeRows } from "../reconcile/reconcile.ts";
import type { TotalRow } from "../run/result.ts";
import { oreToDecimalString } from "../shared/money.ts";
import { entryLine } from "./render.ts";

export type ReportFormat = "md" | "json" | "csv";

export function renderPeriod(reports: TenantReport[], format: ReportFormat): string {
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
    for (const d of [...rec.days, rec.total])
      out.push(
        `| ${d.date === "total" ? "**Total**" : d.date} | ${cell(d.transferred)} | ${cell(d.closed)} | ${cell(d.skipped)} | ${cell(d.open)} |`,
      );
    out.push("");
    if (rec.mismatches.length === 0) {
      out.push(
        `**Balanced**: ${rec.checked.closedDocuments} closed document(s) and ${rec.checked.payments} payment(s)/refund(s) of ours agree with Visma.net.`,
        "",
      );
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

const CSV_HEADER = [
  "tenant",
  "date",
  "measure",
  "document_type",
  "currency",
  "count",
  "amount_ore",
  "amount",
  "document",
  "detail",
];

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
            rows.push([
              r.tenant,
              d.date,
              measure,
              t.type,
              t.currency,
              String(t.count),
              String(t.amountOre),
              oreToDecimalString(t.amountOre),
              "",
              "",
            ]);
          }
        }
      }
      for (const m of rec.mismatches) {
        const doc = m.document;
        rows.push([
          r.tenant,
          rec.to,
          "mismatch",
          doc?.type ?? "",
          doc?.currency ?? "",
          "",
          doc ? String(doc.amountOre) : "",
          doc ? oreToDecimalString(doc.amountOre) : "",
          doc?.number ?? "",
          m.problem,
        ]);
      }
    }
    for (const e of r.attention) {
      const doc = e.document;
      rows.push([
        r.tenant,
        e.firstSeen,
        `attention:${e.code}`,
        doc?.type ?? "",
        doc?.currency ?? "",
        "",
        doc ? String(doc.amountOre) : "",
        doc ? oreToDecimalString(doc.amountOre) : "",
        doc?.number ?? "",
        e.message,
      ]);
    }
  }
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
