/**
 * A tenant's page: health, the last runs, the chart of the last 60 days, the ledger's
 * reconciliation line per day, the batches (files, documents, closings) and the attention list.
 * What the model does not hold (customer names, documents, files, amounts on the public site) is
 * simply not there.
 */
import { amount, day, figure, plural, when } from "./format.ts";
import { html, safeHref, type Markup } from "./html.ts";
import type { AttentionView, BatchView, DayLineView, DocumentView, MonthView, RunView, TenantView } from "./model.ts";
import { DETAIL_DAYS, RECENT_DAYS } from "./model.ts";
import { badge, failureLine, reasonList } from "./render-overview.ts";
import { dailyChart } from "./svg.ts";

const TYPE = { Invoice: "Invoice", CreditNote: "Credit note" } as const;
const COMMAND = { transfer: "Transfer", close: "Closing" } as const;

function section(id: string, title: string, body: Markup): Markup {
  return html`<section aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${body}</section>`;
}

/** A table that scrolls sideways on a narrow screen (focusable, so it can be scrolled by keyboard). */
function scrollTable(
  labelledBy: string,
  head: readonly string[],
  rows: Markup[],
  numeric: readonly number[] = [],
): Markup {
  return html`<div class="scroll" role="region" aria-labelledby="${labelledBy}" tabindex="0"><table>
<thead><tr>${head.map((h, i) => html`<th scope="col"${numeric.includes(i) ? html` class="num"` : ""}>${h}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function runRow(r: RunView, zone: string, details: boolean): Markup {
  const run = safeHref(r.runUrl);
  const issue = safeHref(r.issueUrl);
  return html`<tr><th scope="row">${COMMAND[r.command]}</th><td>${r.status === "failed" ? badge("failing") : html`<span class="badge ok">${r.status === "ok" ? "ok" : "nothing to do"}</span>`}</td><td>${day(r.businessDate)}</td><td>${when(r.at, zone)}</td>${details ? html`<td class="wide">${r.message ?? ""}${run ? html` <a href="${run}">run</a>` : ""}${issue ? html` <a href="${issue}">issue</a>` : ""}</td>` : ""}</tr>`;
}

function dayRow(d: DayLineView): Markup {
  return html`<tr><th scope="row">${day(d.date)}</th><td>${figure(d.transferred)}</td><td>${figure(d.closed)}</td><td>${figure(d.skipped)}</td><td>${figure(d.open)}</td></tr>`;
}

function documentRow(d: DocumentView, zone: string): Markup {
  return html`<tr><td>${TYPE[d.type]} ${d.number}</td><td>${d.customerName || d.customer} <span class="muted">(${d.customer})</span></td><td class="num">${amount(d.amount)}</td><td>${d.dueDate ? day(d.dueDate) : "–"}</td><td>${d.closing.state === "waiting" ? html`<span class="muted">${d.closing.text}</span>` : d.closing.text}${d.closing.at ? html` <span class="muted">(${when(d.closing.at, zone)})</span>` : ""}</td></tr>`;
}

function batchArticle(b: BatchView, zone: string): Markup {
  const id = `batch-${b.id}`;
  const files = b.files
    ? html`<div class="scroll" role="region" aria-label="Files of batch ${b.id}" tabindex="0"><table><thead><tr><th scope="col">File</th><th scope="col" class="num">Bytes</th><th scope="col">SHA-256</th></tr></thead><tbody>${b.files.map(
        (f) =>
          html`<tr><td><code>${f.name}</code></td><td class="num">${f.bytes}</td><td><code class="hash">${f.sha256}</code></td></tr>`,
      )}</tbody></table></div>`
    : "";
  const docs = b.documents
    ? html`<details><summary>${plural(b.documents.length, "document")} and their closings</summary>${scrollTable(
        id,
        ["Document", "Customer", "Amount", "Due", "Closing"],
        b.documents.map((d) => documentRow(d, zone)),
        [2],
      )}</details>`
    : "";
  return html`<article class="batch" aria-labelledby="${id}">
<header><h3 id="${id}"><code>${b.id}</code></h3><span class="badge ${b.status}">${b.status}</span><span class="muted">business date ${day(b.businessDate)}, ${b.status === "pending" ? "recorded" : "sent"} ${when(b.at, zone)}${b.resolvedBy ? `, settled by ${b.resolvedBy}` : ""}</span></header>
<p>${figure(b.figure)}. Closing: ${figure(b.closed)} closed${b.skipped ? `, ${b.skipped} skipped` : ""}${b.waiting.documents ? html`, ${figure(b.waiting)} waiting` : ""}.</p>
${files}${docs}
</article>`;
}

/** An earlier batch of the recent window: one row, its files with their hashes, no document list. */
function batchRow(b: BatchView, zone: string): Markup {
  return html`<tr><th scope="row"><code>${b.id}</code></th><td><span class="badge ${b.status}">${b.status}</span></td><td>${when(b.at, zone)}</td><td>${figure(b.figure)}</td><td>${figure(b.closed)}${b.skipped ? `, ${b.skipped} skipped` : ""}</td>${
    b.files
      ? html`<td>${b.files.map((f) => html`<code>${f.name}</code> ${f.bytes} B<br><code class="hash">${f.sha256}</code><br>`)}</td>`
      : ""
  }</tr>`;
}

function monthRow(m: MonthView): Markup {
  return html`<tr><th scope="row">${m.month}</th><td class="num">${m.batches}</td><td>${figure(m.figure)}</td><td class="num">${m.closed}</td><td class="num">${m.skipped}</td><td class="num">${m.waiting}</td></tr>`;
}

function attentionRow(a: AttentionView, details: boolean): Markup {
  const doc = a.document;
  return html`<tr><td>${a.code}</td><td>${doc ? html`${TYPE[doc.type as keyof typeof TYPE] ?? doc.type} ${doc.number}<br><span class="muted">${doc.customerName}</span>${doc.amount ? html`<br>${amount(doc.amount)}` : ""}` : "–"}</td>${details ? html`<td class="wide">${a.message ?? ""}</td>` : ""}<td>${day(a.firstSeen)}</td><td>${day(a.lastSeen)}</td></tr>`;
}

export function renderTenant(t: TenantView, details: boolean): Markup {
  const zone = t.timeZone;
  const detailed = t.batches.filter((b) => b.detailed);
  const compact = t.batches.filter((b) => !b.detailed);
  return html`<p><a href="../index.html">← All tenants</a></p>
<h1>${t.name}</h1>
<p>${badge(t.health)}</p>${reasonList(t.reasons)}
<dl class="facts"><dt>Tenant id</dt><dd><code>${t.id}</code></dd><dt>Time zone</dt><dd>${zone} (all times on this page)</dd>${t.factor ? html`<dt>Factor</dt><dd>${t.factor}</dd>` : ""}<dt>Scheduled runs</dt><dd>${t.enabled ? "on" : "off"}</dd><dt>Waiting for the closing</dt><dd>${figure(t.waiting)}</dd><dt>Open attention items</dt><dd>${t.attentionCount}</dd>${
    t.lastFailure ? html`<dt>Last failure</dt><dd>${failureLine(t.lastFailure, zone)}</dd>` : ""
  }</dl>
${section(
  "runs",
  "Last runs",
  t.runs.length === 0
    ? html`<p class="muted">No run recorded yet.</p>`
    : scrollTable(
        "runs",
        ["Run", "Result", "Business date", "When", ...(details ? ["What happened"] : [])],
        t.runs.map((r) => runRow(r, zone, details)),
      ),
)}
${section(
  "chart",
  `The last ${RECENT_DAYS} days`,
  html`<div class="chart">${dailyChart(t.series.days, t.series.currency, `chart-${t.id}`)}<p class="legend">${
    t.series.currency
      ? html`<span><span class="key bar"></span>net amount transferred (${t.series.currency})</span><span><span class="key count"></span>documents</span>`
      : html`<span><span class="key bar"></span>documents transferred</span>`
  }</p></div>`,
)}
${section(
  "days",
  "Reconciliation by day (ledger)",
  html`<p class="muted">What the ledger records per business day: transferred to the factor, closed by a payment or refund, skipped with a reason, and what of that day's transfer is still open. The check against Visma.net is <code>npm run report</code>.</p>${
    t.days.length === 0
      ? html`<p class="muted">Nothing in the last ${RECENT_DAYS} days.</p>`
      : scrollTable("days", ["Day", "Transferred", "Closed", "Skipped", "Still open"], t.days.map(dayRow))
  }`,
)}
${section(
  "batches",
  "Batches",
  html`<p class="muted">Newest first: the last ${DETAIL_DAYS} days and every batch that is pending or still waiting for the closing with their documents, then the rest of the last ${RECENT_DAYS} days.</p>${
    t.batches.length === 0 ? html`<p class="muted">No batches.</p>` : detailed.map((b) => batchArticle(b, zone))
  }${
    compact.length > 0
      ? html`<h3 id="earlier-batches">Earlier batches of the last ${RECENT_DAYS} days</h3>${scrollTable(
          "earlier-batches",
          ["Batch", "Status", "Sent", "Transferred", "Closed", ...(details ? ["Files (SHA-256)"] : [])],
          compact.map((b) => batchRow(b, zone)),
        )}`
      : ""
  }${t.olderMonths.length > 0 ? html`<h3 id="older">Older months</h3>${scrollTable("older", ["Month", "Batches", "Transferred", "Closed", "Skipped", "Waiting"], t.olderMonths.map(monthRow), [1, 3, 4, 5])}` : ""}${
    t.earlierMonths.length > 0
      ? html`<p class="muted">Earlier months in the ledger: ${t.earlierMonths[0]} to ${t.earlierMonths.at(-1)} (${plural(t.earlierMonths.length, "month")}, not shown here; <code>npm run report -- --from</code> reconciles any period).</p>`
      : ""
  }`,
)}
${section(
  "attention",
  "Attention list",
  t.attention.length === 0
    ? html`<p class="muted">Nothing needs attention.</p>`
    : scrollTable(
        "attention",
        ["Kind", "Document", ...(details ? ["What to do"] : []), "Since", "Last reported"],
        t.attention.map((a) => attentionRow(a, details)),
      ),
)}`;
}
