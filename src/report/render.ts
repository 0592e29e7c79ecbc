/**
 * Plain text (console, log groups) and Markdown (job summary, issue bodies) views of a
 * tenant's run, by the reach of its notices (shared/notice.ts): routine ones are counted,
 * summary notes are listed once, and what needs a person is listed with document, customer,
 * amount and what to do.
 *
 * Names, numbers and messages come from Visma.net, the factor and error texts: every one goes
 * through untrusted.ts for its sink (each text line through forLog, each Markdown fragment
 * through forMarkdown), so none can act as a workflow command, mention, link, image or HTML.
 */
import type { AttentionEntry } from "../ledger/attention-file.ts";
import type { AttentionOutcome, TenantRunResult } from "../run/result.ts";
import { formatMoney } from "../shared/money.ts";
import { reachOf, type Notice, type Reach } from "../shared/notice.ts";
import { forLog, forMarkdown as md } from "../shared/untrusted.ts";

const TYPE_NAMES = { Invoice: "Invoices", CreditNote: "Credit notes" } as const;

/** How a line template shows an untrusted fragment: as is (plain text, made safe line by line) or through forMarkdown. */
type Show = (untrusted: string) => string;
const asIs: Show = (text) => text;

export function renderText(r: TenantRunResult): string {
  const lines = [`${r.tenant} (${r.name}) — ${r.command} ${r.businessDate}: ${r.status}`, `  ${r.message}`];
  for (const row of r.totals) {
    lines.push(
      `  ${TYPE_NAMES[row.type].padEnd(13)} ${String(row.count).padStart(5)}  ${formatMoney(row.amountOre, row.currency)}`,
    );
  }
  for (const f of r.files) lines.push(`  file ${f.name} (${f.bytes} bytes, sha256 ${f.sha256.slice(0, 12)}…)`);
  if (r.closing) {
    for (const c of r.closing.closed) {
      lines.push(
        `  closed ${c.type} ${c.number} (${c.customer}) with ${c.paymentType} ${c.paymentNumber}: ${formatMoney(c.amountOre, c.currency)}`,
      );
    }
    for (const s of r.closing.skipped) lines.push(`  skipped ${s.type} ${s.number}: ${s.reason} — ${s.detail}`);
    if (r.closing.waiting.count > 0) lines.push(`  waiting for the delay: ${r.closing.waiting.count} document(s)`);
  }
  const routine = routineCounts(r.notices);
  if (routine) lines.push(`  not sent (routine): ${routine}`);
  for (const [reach, title] of LISTED) {
    const listed = reaching(r, reach);
    if (listed.length === 0) continue;
    lines.push(`  ${title} (${listed.length}):`);
    for (const n of listed) lines.push(`    - ${noticeLine(n)}`);
  }
  if (r.reconciliation) {
    lines.push(`  ${r.reconciliation.line}`);
    for (const m of r.reconciliation.mismatches) lines.push(`    ! ${m}`);
  }
  if (r.attention) lines.push(...attentionLines(r.attention).map((l) => `  ${l}`));
  // One line per template: making each line safe covers every fragment in it.
  return lines.map(forLog).join("\n");
}

/** The attention list's state after the run: how many are open, and what this run resolved. */
function attentionLines(a: AttentionOutcome, show: Show = asIs): string[] {
  if (a.error) return [`Attention list: ${show(a.error)}`];
  const out = [
    `Attention list: ${a.entries.length} open (${a.added.length} new, ${a.cleared.length} resolved by this run)`,
  ];
  for (const c of a.cleared) out.push(`- resolved: ${entryLine(c.entry, show)} — ${show(c.why)}`);
  return out;
}

/** An attention-list item as one line: the notice's line plus since when it is listed. */
export function entryLine(e: AttentionEntry, show: Show = asIs): string {
  return `${noticeLine(e, show)} (listed since ${e.firstSeen})`;
}

/** The body of the tenant's "needs attention" issue: the whole open list, nothing run-specific. */
export function renderAttentionBody(tenant: { id: string; name: string }, entries: readonly AttentionEntry[]): string {
  return [
    `Open items for **${md(tenant.name)}** (\`${tenant.id}\`) that the integration could not handle on its own.`,
    "This list is kept up to date by every transfer and closing run (state/" +
      tenant.id +
      "/attention.json); an item disappears when it is resolved.",
    "",
    ...entries.map((e) => `- ${entryLine(e, md)}`),
  ].join("\n");
}

/** The listed reaches, with their heading: what needs a person first. */
const LISTED: readonly [Reach, string][] = [
  ["attention", "needs a human"],
  ["summary", "for your information"],
];

function reaching(r: TenantRunResult, reach: Reach): Notice[] {
  return r.notices.filter((n) => reachOf(n.code) === reach);
}

function routineCounts(notices: readonly Notice[]): string {
  const counts = new Map<string, number>();
  for (const n of notices) if (reachOf(n.code) === "routine") counts.set(n.code, (counts.get(n.code) ?? 0) + 1);
  return [...counts].map(([code, count]) => `${code} ${count}`).join(", ");
}

function noticeLine(n: Pick<Notice, "document" | "message"> & { code: string }, show: Show = asIs): string {
  const d = n.document;
  const who = d
    ? `${d.type === "Invoice" ? "Invoice" : "Credit note"} ${show(d.number)} ${show(d.customerName || d.customer)}${d.currency ? `, ${formatMoney(d.amountOre, d.currency)}` : ""}: `
    : "";
  return `[${n.code}] ${who}${show(n.message)}`;
}

export function renderMarkdown(r: TenantRunResult, links: string[] = []): string {
  const out = [
    `### ${md(r.name)} (\`${r.tenant}\`) — ${r.command} ${r.businessDate}: **${r.status}**`,
    "",
    md(r.message),
    "",
  ];
  if (r.totals.length > 0) {
    out.push("| Type | Count | Amount |", "|---|---:|---:|");
    for (const row of r.totals)
      out.push(`| ${TYPE_NAMES[row.type]} | ${row.count} | ${formatMoney(row.amountOre, row.currency)} |`);
    out.push("");
  }
  if (r.files.length > 0) {
    // File names are the product's own (tenant id, date, batch number).
    out.push("Files: " + r.files.map((f) => `\`${f.name}\` (${f.bytes} bytes)`).join(", "), "");
  }
  if (r.closing && (r.closing.closed.length > 0 || r.closing.skipped.length > 0)) {
    out.push("| Document | Customer | Closed by | Amount |", "|---|---|---|---:|");
    for (const c of r.closing.closed) {
      out.push(
        `| ${c.type} ${md(c.number)} | ${md(c.customer)} | ${md(c.paymentType)} ${md(c.paymentNumber)} | ${formatMoney(c.amountOre, c.currency)} |`,
      );
    }
    for (const s of r.closing.skipped) out.push(`| ${s.type} ${md(s.number)} | | skipped: ${md(s.reason)} | |`);
    out.push("");
  }
  const routine = routineCounts(r.notices);
  if (routine) out.push(`Not sent (routine): ${routine}`, "");
  for (const [reach, title] of LISTED) {
    const listed = reaching(r, reach);
    if (listed.length === 0) continue;
    out.push(`**${title[0]!.toUpperCase()}${title.slice(1)} (${listed.length})**`, "");
    for (const n of listed) out.push(`- ${noticeLine(n, md)}`);
    out.push("");
  }
  if (r.reconciliation) {
    out.push(md(r.reconciliation.line), "");
    for (const m of r.reconciliation.mismatches) out.push(`- :x: ${md(m)}`);
    if (r.reconciliation.mismatches.length > 0) out.push("");
  }
  if (r.attention) {
    const [head, ...rest] = attentionLines(r.attention, md);
    out.push(head!, "", ...rest);
    if (rest.length > 0) out.push("");
  }
  if (links.length > 0) out.push(links.join(" · "), "");
  return out.join("\n");
}
