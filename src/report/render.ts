/**
 * Plain text (console, log groups) and Markdown (job summary, issue bodies) views of a
 * tenant's run, by the reach of its notices (shared/notice.ts): routine ones are counted,
 * summary notes are listed once, and what needs a person is listed with document, customer,
 * amount and what to do. Every sentence comes from the message catalogue (messages/), in the
 * language and time zone of the tenant the run was for.
 *
 * Names, numbers and messages come from Visma.net, the factor and error texts: every one goes
 * through untrusted.ts for its sink (each text line through forLog, each Markdown fragment
 * through forMarkdown), so none can act as a workflow command, mention, link, image or HTML.
 */
import type { AttentionEntry } from "../ledger/attention-file.ts";
import type { AttentionOutcome, TenantRunResult } from "../run/result.ts";
import { reachOf, type Notice, type NoticeDocument, type Reach } from "../shared/notice.ts";
import { forLog, forMarkdown as md } from "../shared/untrusted.ts";
import {
  type Catalogue,
  entryText,
  mismatchText,
  noticeLabel,
  noticeText,
  reconciliationText,
  runLine,
} from "./messages/index.ts";

/** How a line template shows an untrusted fragment: as is (plain text, made safe line by line) or through forMarkdown. */
type Show = (untrusted: string) => string;
const asIs: Show = (text) => text;

export function renderText(r: TenantRunResult, t: Catalogue): string {
  const lines = [heading(r, t), `  ${runLine(t, r.says)}`];
  for (const row of r.totals) {
    lines.push(
      `  ${t.summary.rows(row).padEnd(13)} ${String(row.count).padStart(5)}  ${t.f.money(row.amountOre, row.currency)}`,
    );
  }
  for (const f of r.files) lines.push(`  ${t.summary.file(f)}`);
  if (r.closing) {
    for (const c of r.closing.closed) lines.push(`  ${t.summary.closed(c)}`);
    for (const s of r.closing.skipped)
      lines.push(
        `  ${t.summary.skipped} ${t.f.type(s.type)} ${s.number}: ${noticeLabel(t, s.skip.code)} — ${noticeText(t, s.skip)}`,
      );
    if (r.closing.waiting.count > 0) lines.push(`  ${t.summary.waiting(r.closing.waiting)}`);
  }
  const routine = routineCounts(r.notices, t);
  if (routine) lines.push(`  ${t.summary.routine({ counts: routine })}`);
  for (const [reach, title] of LISTED) {
    const listed = reaching(r, reach);
    if (listed.length === 0) continue;
    lines.push(`  ${t.summary[title]({ count: listed.length })}:`);
    for (const n of listed) lines.push(`    - ${noticeLine(t, n, noticeText(t, n))}`);
  }
  if (r.reconciliation) {
    lines.push(`  ${reconciliationText(t, r.reconciliation)}`);
    for (const m of r.reconciliation.mismatches) lines.push(`    ! ${mismatchText(t, m)}`);
  }
  if (r.attention) lines.push(...attentionLines(r.attention, t).map((l) => `  ${l}`));
  // One line per template: making each line safe covers every fragment in it.
  return lines.map(forLog).join("\n");
}

/** "acme (Acme AS) — transfer 2026-11-29: ok", the name and the run made inert for Markdown and the status in bold. */
function heading(r: TenantRunResult, t: Catalogue, markdown = false): string {
  const run = t.summary.run({ command: r.command, date: r.businessDate });
  const status = t.words.status[r.status];
  return markdown
    ? `${md(r.name)} (\`${r.tenant}\`) — ${md(run)}: **${status}**`
    : `${r.tenant} (${r.name}) — ${run}: ${status}`;
}

/** The attention list's state after the run: how many are open, and what this run resolved. */
function attentionLines(a: AttentionOutcome, t: Catalogue, show: Show = asIs): string[] {
  if (a.error) return [t.summary.attentionError({ error: show(a.error) })];
  const out = [t.summary.attention({ open: a.entries.length, added: a.added.length, cleared: a.cleared.length })];
  for (const c of a.cleared) {
    const why = (t.cleared[c.why.code] as (p: unknown) => string)(c.why);
    out.push(`- ${t.summary.resolved({ line: entryLine(c.entry, t, show), why: show(why) })}`);
  }
  return out;
}

/** An attention-list item as one line: the notice's line plus since when it is listed. */
export function entryLine(e: AttentionEntry, t: Catalogue, show: Show = asIs): string {
  return t.summary.listedSince({ line: noticeLine(t, e, entryText(t, e), show), since: e.firstSeen });
}

/** The body of the tenant's "needs attention" issue: the whole open list, nothing run-specific. */
export function renderAttentionBody(
  tenant: { id: string; name: string },
  entries: readonly AttentionEntry[],
  t: Catalogue,
): string {
  return [
    md(t.issues.attentionIntro({ name: tenant.name, tenant: tenant.id })),
    md(t.issues.attentionKept({ tenant: tenant.id })),
    "",
    ...entries.map((e) => `- ${entryLine(e, t, md)}`),
  ].join("\n");
}

/** The listed reaches, with their heading: what needs a person first. */
const LISTED: readonly [Reach, "attentionHeading" | "summaryHeading"][] = [
  ["attention", "attentionHeading"],
  ["summary", "summaryHeading"],
];

function reaching(r: TenantRunResult, reach: Reach): Notice[] {
  return r.notices.filter((n) => reachOf(n.code) === reach);
}

function routineCounts(notices: readonly Notice[], t: Catalogue): string {
  const counts = new Map<string, number>();
  for (const n of notices) if (reachOf(n.code) === "routine") counts.set(n.code, (counts.get(n.code) ?? 0) + 1);
  return [...counts].map(([code, count]) => t.summary.routineCount({ label: noticeLabel(t, code), count })).join(", ");
}

/** "[too old] Invoice 000145 Østfold Bølgeblikk AS, 1 250,00 NOK: document date … is 35 days back …" */
function noticeLine(
  t: Catalogue,
  n: { code: string; document?: NoticeDocument },
  text: string,
  show: Show = asIs,
): string {
  const d = n.document;
  const who = d
    ? `${show(t.words.document({ type: d.type, number: d.number, customer: d.customerName || d.customer, ...(d.currency ? { amountOre: d.amountOre, currency: d.currency } : {}) }))}: `
    : "";
  return `[${show(noticeLabel(t, n.code))}] ${who}${show(text)}`;
}

export function renderMarkdown(r: TenantRunResult, t: Catalogue, links: string[] = []): string {
  const out = [`### ${heading(r, t, true)}`, "", md(runLine(t, r.says)), ""];
  if (r.totals.length > 0) {
    out.push(`| ${t.summary.tableType} | ${t.summary.tableCount} | ${t.summary.tableAmount} |`, "|---|---:|---:|");
    for (const row of r.totals)
      out.push(`| ${t.summary.rows(row)} | ${row.count} | ${t.f.money(row.amountOre, row.currency)} |`);
    out.push("");
  }
  if (r.files.length > 0) {
    // File names are the product's own (tenant id, date, batch number).
    out.push(`${t.summary.files}: ` + r.files.map((f) => `\`${f.name}\` (${t.summary.bytes(f)})`).join(", "), "");
  }
  if (r.closing && (r.closing.closed.length > 0 || r.closing.skipped.length > 0)) {
    out.push(
      `| ${t.summary.closingDocument} | ${t.summary.closingCustomer} | ${t.summary.closingBy} | ${t.summary.tableAmount} |`,
      "|---|---|---|---:|",
    );
    for (const c of r.closing.closed) {
      out.push(
        `| ${capitalised(t.f.type(c.type))} ${md(c.number)} | ${md(c.customer)} | ${capitalised(t.f.type(c.paymentType))} ${md(c.paymentNumber)} | ${t.f.money(c.amountOre, c.currency)} |`,
      );
    }
    for (const s of r.closing.skipped)
      out.push(
        `| ${capitalised(t.f.type(s.type))} ${md(s.number)} | | ${t.summary.skipped}: ${md(noticeLabel(t, s.skip.code))} | |`,
      );
    out.push("");
  }
  const routine = routineCounts(r.notices, t);
  if (routine) out.push(md(capitalised(t.summary.routine({ counts: routine }))), "");
  for (const [reach, title] of LISTED) {
    const listed = reaching(r, reach);
    if (listed.length === 0) continue;
    out.push(`**${md(capitalised(t.summary[title]({ count: listed.length })))}**`, "");
    for (const n of listed) out.push(`- ${noticeLine(t, n, noticeText(t, n), md)}`);
    out.push("");
  }
  if (r.reconciliation) {
    out.push(md(reconciliationText(t, r.reconciliation)), "");
    for (const m of r.reconciliation.mismatches) out.push(`- :x: ${md(mismatchText(t, m))}`);
    if (r.reconciliation.mismatches.length > 0) out.push("");
  }
  if (r.attention) {
    const [head, ...rest] = attentionLines(r.attention, t, md);
    out.push(head!, "", ...rest);
    if (rest.length > 0) out.push("");
  }
  if (links.length > 0) out.push(links.join(" · "), "");
  return out.join("\n");
}

function capitalised(text: string): string {
  return `${text[0]!.toUpperCase()}${text.slice(1)}`;
}
