/**
 * `npm run report`'s output: per tenant, the reconciliation of a period and the open attention
 * list, as Markdown, JSON or CSV, in the tenant's language (or --language). JSON and CSV keep
 * the codes and figures (øre, yyyy-MM-dd) for machines and add the text a person reads.
 */
import type { TenantReport } from "../reconcile/period.ts";
import type { TotalRow } from "../run/result.ts";
import type { Language } from "../shared/language.ts";
import { oreToDecimalString } from "../shared/money.ts";
import { forMarkdown as md } from "../shared/untrusted.ts";
import { type Catalogue, entryText, messages, mismatchText, rowsText } from "./messages/index.ts";
import { entryLine } from "./render.ts";

export type ReportFormat = "md" | "json" | "csv";

export function renderPeriod(reports: TenantReport[], format: ReportFormat, language?: Language): string {
  const speak = (r: TenantReport) => messages(language ?? r.language, r.timeZone);
  if (format === "json") return JSON.stringify({ tenants: reports.map((r) => jsonOf(r, speak(r))) }, null, 2) + "\n";
  if (format === "csv") return renderCsv(reports, speak);
  return reports.map((r) => renderMarkdownReport(r, speak(r))).join("\n");
}

// ---- Markdown ------------------------------------------------------------------------------

function renderMarkdownReport(r: TenantReport, t: Catalogue): string {
  const out = [`## ${md(r.name)} (\`${r.tenant}\`)`, ""];
  const error = errorText(r, t);
  if (error) out.push(`**${t.report.couldNotReconcile}:** ${md(error)}`, "");
  const rec = r.reconciliation;
  if (rec) {
    out.push(t.report.period({ from: rec.from, to: rec.to }), "");
    const h = t.report;
    out.push(`| ${h.day} | ${h.transferred} | ${h.closed} | ${h.skipped} | ${h.open} |`, "|---|---|---|---|---|");
    for (const d of [...rec.days, rec.total])
      out.push(
        `| ${d.date === "total" ? `**${h.total}**` : t.f.date(d.date)} | ${cell(d.transferred, t)} | ${cell(d.closed, t)} | ${cell(d.skipped, t)} | ${cell(d.open, t)} |`,
      );
    out.push("");
    if (rec.mismatches.length === 0) {
      out.push(
        `**${t.report.balanced({ documents: rec.checked.closedDocuments, payments: rec.checked.payments })}**`,
        "",
      );
    } else {
      out.push(`**${t.report.mismatches({ count: rec.mismatches.length })}**`, "");
      for (const m of rec.mismatches) out.push(`- ${md(mismatchText(t, m))}`);
      out.push("");
    }
  }
  out.push(t.report.attention({ count: r.attention.length }), "");
  for (const e of r.attention) out.push(`- ${entryLine(e, t, md)}`);
  if (r.attention.length > 0) out.push("");
  return out.join("\n");
}

/** Why the tenant could not be reconciled, in one text (a broken tenant file names its problems). */
function errorText(r: TenantReport, t: Catalogue): string | undefined {
  if (r.fileProblems) return `${t.report.tenantFileErrors}:\n${r.fileProblems.join("\n")}`;
  return r.error;
}

function cell(rows: readonly TotalRow[], t: Catalogue): string {
  return rows.length === 0 ? "–" : rowsText(t, rows).replaceAll(" + ", "<br>");
}

// ---- JSON ----------------------------------------------------------------------------------

function jsonOf(r: TenantReport, t: Catalogue): unknown {
  const rec = r.reconciliation;
  const error = errorText(r, t);
  return {
    tenant: r.tenant,
    name: r.name,
    language: t.f.language,
    ...(error ? { error } : {}),
    ...(rec
      ? {
          from: rec.from,
          to: rec.to,
          balanced: rec.mismatches.length === 0,
          checked: rec.checked,
          days: rec.days,
          total: rec.total,
          mismatches: rec.mismatches.map((m) => ({ ...m, text: mismatchText(t, m) })),
        }
      : {}),
    attention: r.attention.map((e) => ({ ...e, text: entryText(t, e) })),
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
function renderCsv(reports: TenantReport[], speak: (r: TenantReport) => Catalogue): string {
  const rows: string[][] = [CSV_HEADER];
  for (const r of reports) {
    const t = speak(r);
    const error = errorText(r, t);
    if (error) rows.push([r.tenant, "", "error", "", "", "", "", "", "", error]);
    const rec = r.reconciliation;
    if (rec) {
      for (const d of [...rec.days, rec.total]) {
        for (const measure of ["transferred", "closed", "skipped", "open"] as const) {
          for (const row of d[measure]) {
            rows.push([
              r.tenant,
              d.date,
              measure,
              row.type,
              row.currency,
              String(row.count),
              String(row.amountOre),
              oreToDecimalString(row.amountOre),
              "",
              "",
            ]);
          }
        }
      }
      for (const m of rec.mismatches) {
        rows.push(documentRow(r.tenant, rec.to, "mismatch", m.document, mismatchText(t, { problem: m.problem })));
      }
    }
    for (const e of r.attention) {
      rows.push(documentRow(r.tenant, e.firstSeen, `attention:${e.code}`, e.document, entryText(t, e)));
    }
  }
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** A CSV row about one document (or none): a mismatch or an attention item, with its text. */
function documentRow(
  tenant: string,
  date: string,
  measure: string,
  doc: { type: string; currency: string; amountOre: number; number: string } | undefined,
  detail: string,
): string[] {
  return [
    tenant,
    date,
    measure,
    doc?.type ?? "",
    doc?.currency ?? "",
    "",
    doc ? String(doc.amountOre) : "",
    doc ? oreToDecimalString(doc.amountOre) : "",
    doc?.number ?? "",
    detail,
  ];
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
