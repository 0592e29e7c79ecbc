/**
 * The doctor's report as text lines (console), JSON (`--json`) and a Markdown checklist (the
 * Actions job summary), in the report's language (the check lines were written in it). Pure: the
 * same report gives the same text. Lines quote Visma.net and the factor's server, so each sink
 * gets the product's inert rendering (shared/untrusted.ts).
 */
import { type Catalogue, messages } from "../report/messages/index.ts";
import { forLog, forMarkdown } from "../shared/untrusted.ts";
import { isReady, type Check, type CheckStatus, type DoctorReport } from "./types.ts";

export const SYMBOL: Record<CheckStatus, string> = { pass: "✔", fail: "✖", unknown: "?" };

export function renderLine(check: Check): string {
  return forLog(`${SYMBOL[check.status]} ${check.name}: ${check.seen}`);
}

export function renderText(report: DoctorReport, t: Catalogue = messages()): string {
  return [
    forLog(t.doctor.heading({ tenant: report.tenant, file: report.file, now: report.now })),
    ...report.checks.map(renderLine),
    verdict(report, t),
  ].join("\n");
}

export function renderJson(report: DoctorReport): string {
  return JSON.stringify({ ...report, ready: isReady(report), counts: counts(report) }, null, 2);
}

export function renderMarkdown(report: DoctorReport, t: Catalogue = messages()): string {
  const rows = report.checks.map((c) => `- ${SYMBOL[c.status]} **${forMarkdown(c.name)}**: ${forMarkdown(c.seen)}`);
  return [
    `### ${forMarkdown(t.doctor.title({ tenant: report.tenant }))}`,
    "",
    forMarkdown(t.doctor.at({ file: report.file, now: report.now })),
    "",
    ...rows,
    "",
    `**${verdict(report, t)}**`,
    "",
  ].join("\n");
}

function counts(report: DoctorReport): Record<CheckStatus, number> {
  const c: Record<CheckStatus, number> = { pass: 0, fail: 0, unknown: 0 };
  for (const check of report.checks) c[check.status] += 1;
  return c;
}

function verdict(report: DoctorReport, t: Catalogue): string {
  const c = counts(report);
  const tally = `${c.pass} ✔, ${c.fail} ✖, ${c.unknown} ?`;
  return isReady(report) ? t.doctor.ready({ tally, unknown: c.unknown }) : t.doctor.notReady({ tally });
}
