/**
 * The doctor's report as text lines (console), JSON (`--json`) and a Markdown checklist (the
 * Actions job summary). Pure: the same report gives the same text. Lines quote Visma.net and the
 * factor's server, so each sink gets the product's inert rendering (shared/untrusted.ts).
 */
import { forLog, forMarkdown } from "../shared/untrusted.ts";
import { isReady, type Check, type CheckStatus, type DoctorReport } from "./types.ts";

export const SYMBOL: Record<CheckStatus, string> = { pass: "✔", fail: "✖", unknown: "?" };

export function renderLine(check: Check): string {
  return forLog(`${SYMBOL[check.status]} ${check.name}: ${check.seen}`);
}

export function renderText(report: DoctorReport): string {
  return [
    forLog(`doctor ${report.tenant} (${report.file}) at ${report.now}`),
    ...report.checks.map(renderLine),
    verdict(report),
  ].join("\n");
}

export function renderJson(report: DoctorReport): string {
  return JSON.stringify({ ...report, ready: isReady(report), counts: counts(report) }, null, 2);
}

export function renderMarkdown(report: DoctorReport): string {
  const rows = report.checks.map((c) => `- ${SYMBOL[c.status]} **${forMarkdown(c.name)}**: ${forMarkdown(c.seen)}`);
  return [
    `### Doctor: ${forMarkdown(report.tenant)}`,
    "",
    `${forMarkdown(report.file)} at ${forMarkdown(report.now)}`,
    "",
    ...rows,
    "",
    `**${verdict(report)}**`,
    "",
  ].join("\n");
}

function counts(report: DoctorReport): Record<CheckStatus, number> {
  const c: Record<CheckStatus, number> = { pass: 0, fail: 0, unknown: 0 };
  for (const check of report.checks) c[check.status] += 1;
  return c;
}

function verdict(report: DoctorReport): string {
  const c = counts(report);
  const tally = `${c.pass} ✔, ${c.fail} ✖, ${c.unknown} ?`;
  return isReady(report)
    ? `ready: ${tally}${c.unknown > 0 ? " (look at the ? lines before go-live)" : ""}`
    : `not ready: ${tally}; fix the ✖ lines and run the doctor again`;
}
