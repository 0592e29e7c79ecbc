/** The overview page: the fleet's health and totals, and one row per tenant (failing first). */
import { HEALTH_LABELS, HEALTH_ORDER, type Health } from "./health.ts";
import { amounts, day, figure, plural, when } from "./format.ts";
import { html, safeHref, type Markup } from "./html.ts";
import type { RunView, SiteModel, TenantView, Totals } from "./model.ts";
import { sparkline } from "./svg.ts";

export function badge(health: Health): Markup {
  return html`<span class="badge ${health}">${HEALTH_LABELS[health]}</span>`;
}

export function reasonList(reasons: readonly string[]): Markup {
  return reasons.length === 0 ? html`` : html`<ul class="reasons">${reasons.map((r) => html`<li>${r}</li>`)}</ul>`;
}

const COMMANDS = { transfer: "transfer", close: "closing" } as const;

/** "closing 2026-11-27 10:23 · issue #12" (message and links only where the reader may see them). */
export function failureLine(f: RunView, zone: string): Markup {
  const issue = safeHref(f.issueUrl);
  return html`${COMMANDS[f.command]} ${when(f.at, zone)}${f.message ? html`<br><span class="muted">${f.message}</span>` : ""}${
    issue ? html`<br><a href="${issue}">${issueName(issue)}</a>` : ""
  }`;
}

function issueName(url: string): string {
  const n = /\/issues\/(\d+)$/.exec(url)?.[1];
  return n ? `issue #${n}` : "issue";
}

function totalsRows(label: string, t: Totals): Markup {
  return html`<tr><th scope="row">${label}</th><td>${figure(t.transferred)}</td><td>${figure(t.closed)}</td></tr>`;
}

function tenantRow(t: TenantView): Markup {
  const name = t.page ? html`<a href="${t.page}">${t.name}</a>` : html`${t.name}`;
  const lt = t.lastTransfer;
  const lc = t.lastClosing;
  return html`<tr class="${t.health}">
<td data-label="Tenant"><div>${name}<br><span class="muted"><code>${t.id}</code></span></div></td>
<td data-label="Status"><div>${badge(t.health)}${reasonList(t.reasons)}</div></td>
<td data-label="Last transfer"><div>${lt ? html`${when(lt.at, t.timeZone)}${lt.status === "pending" ? html` <span class="badge pending">pending</span>` : ""}<br>${plural(lt.figure.documents, "document")}${lt.figure.amounts ? html`<br>${amounts(lt.figure.amounts)}` : ""}` : html`<span class="muted">none</span>`}</div></td>
<td data-label="Last closing"><div>${lc ? html`${when(lc.at, t.timeZone)}<br>${plural(lc.closed.documents, "closed", "closed")}${lc.skipped ? `, ${lc.skipped} skipped` : ""}${lc.closed.amounts ? html`<br>${amounts(lc.closed.amounts)}` : ""}` : html`<span class="muted">none</span>`}</div></td>
<td data-label="Waiting for closing" class="num"><div>${t.waiting.documents}${t.waiting.amounts && t.waiting.documents > 0 ? html`<br>${amounts(t.waiting.amounts)}` : ""}</div></td>
<td data-label="Attention" class="num"><div>${t.attentionCount}</div></td>
<td data-label="Last failure"><div>${t.lastFailure ? failureLine(t.lastFailure, t.timeZone) : html`<span class="muted">none</span>`}</div></td>
<td data-label="60 days"><div>${sparkline(t.series.days, t.series.currency)}</div></td>
</tr>`;
}

export function renderOverview(model: SiteModel): Markup {
  const { fleet, tenants, visibility } = model;
  const first = tenants[0];
  return html`<h1>Factoring status: ${plural(tenants.length, "tenant")}</h1>
<ul class="cards" aria-label="Tenants by status">${HEALTH_ORDER.map((h) => html`<li><span class="big">${fleet.byHealth[h]}</span>${badge(h)}</li>`)}</ul>
<h2 id="totals">Fleet totals</h2>
<p class="muted">Today and this month in each tenant's time zone${first ? html` (e.g. today is ${day(first.today)} for ${first.name})` : ""}. ${visibility.amounts ? "Amounts are net: invoices minus credit notes." : "Document counts only."}</p>
<div class="scroll" role="region" aria-labelledby="totals" tabindex="0"><table>
<thead><tr><th scope="col">Period</th><th scope="col">Transferred to the factor</th><th scope="col">Closed by payment or refund</th></tr></thead>
<tbody>${totalsRows("Today", fleet.today)}${totalsRows("This month", fleet.month)}</tbody>
</table></div>
<h2 id="tenants">Tenants</h2>
<p class="muted">Failing tenants first, then those that need attention. Times are in each tenant's own time zone.</p>
<div class="scroll" role="region" aria-labelledby="tenants" tabindex="0"><table class="fleet">
<thead><tr><th scope="col">Tenant</th><th scope="col">Status</th><th scope="col">Last transfer</th><th scope="col">Last closing</th><th scope="col">Waiting for closing</th><th scope="col">Attention</th><th scope="col">Last failure</th><th scope="col">${visibility.amounts ? "Factored, 60 days" : "Documents, 60 days"}</th></tr></thead>
<tbody>
${tenants.map(tenantRow)}
</tbody>
</table></div>`;
}
