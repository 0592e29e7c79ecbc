/**
 * Inline SVG charts of the daily series: a sparkline per tenant on the overview and a chart of
 * daily amounts (bars) and document counts (dots) on the tenant page. Presentation attributes
 * only (no style attributes), so the pages' Content-Security-Policy needs no exception. Each
 * chart is one image for assistive technology, with a text summary as its name; the numbers
 * themselves are in the tables beside it.
 */
import { formatMoney } from "../shared/money.ts";
import { html, type Markup } from "./html.ts";
import type { DayPoint } from "./model.ts";

const BAR = "#2f6f9f";
const COUNT = "#b4410c";
const AXIS = "#8a96a3";

/** The bar value of a day: its net amount when amounts are shown, otherwise its document count. */
function valueOf(d: DayPoint): number {
  return d.ore ?? d.documents;
}

/** One line that says what the series shows, for the chart's accessible name. */
export function seriesSummary(days: readonly DayPoint[], currency: string | undefined): string {
  const amounts = days.some((d) => d.ore !== undefined);
  const documents = days.reduce((n, d) => n + d.documents, 0);
  const peak = days.reduce<DayPoint | undefined>((a, d) => (!a || valueOf(d) > valueOf(a) ? d : a), undefined);
  const span = `${days[0]?.date ?? ""} to ${days.at(-1)?.date ?? ""}`;
  if (documents === 0 || !peak) return `No documents transferred from ${span}.`;
  if (amounts && currency) {
    const total = days.reduce((n, d) => n + (d.ore ?? 0), 0);
    return `Factored ${span}: ${documents} documents, ${formatMoney(total, currency)}; highest day ${peak.date} with ${formatMoney(peak.ore ?? 0, currency)}.`;
  }
  return `Documents transferred ${span}: ${documents}; highest day ${peak.date} with ${peak.documents}.`;
}

export function sparkline(days: readonly DayPoint[], currency: string | undefined): Markup {
  const width = 150;
  const height = 32;
  const step = width / Math.max(1, days.length);
  const max = Math.max(1, ...days.map(valueOf));
  const bars = days.map((d, i) => {
    const v = Math.max(0, valueOf(d));
    const h = v === 0 ? 0 : Math.max(1.5, (v / max) * (height - 2));
    return h === 0
      ? ""
      : html`<rect x="${(i * step).toFixed(2)}" y="${(height - h).toFixed(2)}" width="${Math.max(1, step - 0.6).toFixed(2)}" height="${h.toFixed(2)}" fill="${BAR}"/>`;
  });
  return html`<svg class="spark" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${seriesSummary(days, currency)}"><line x1="0" y1="${height - 0.5}" x2="${width}" y2="${height - 0.5}" stroke="${AXIS}" stroke-width="1"/>${bars}</svg>`;
}

/** Daily amounts as bars (or counts, when amounts are hidden) and document counts as dots on their own scale. */
export function dailyChart(days: readonly DayPoint[], currency: string | undefined, id: string): Markup {
  const width = 720;
  const height = 220;
  const left = 8;
  const right = 8;
  const top = 22;
  const bottom = 26;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const step = plotW / Math.max(1, days.length);
  const amounts = days.some((d) => d.ore !== undefined);
  const maxBar = Math.max(1, ...days.map(valueOf));
  const maxCount = Math.max(1, ...days.map((d) => d.documents));
  const y = (v: number, max: number) => top + plotH - (Math.max(0, v) / max) * plotH;
  const bars = days.map((d, i) => {
    const v = valueOf(d);
    if (v <= 0) return "";
    const label =
      amounts && currency
        ? `${d.date}: ${formatMoney(d.ore ?? 0, currency)}, ${d.documents} documents`
        : `${d.date}: ${d.documents} documents`;
    return html`<rect x="${(left + i * step + 1).toFixed(1)}" y="${y(v, maxBar).toFixed(1)}" width="${Math.max(1, step - 2).toFixed(1)}" height="${(top + plotH - y(v, maxBar)).toFixed(1)}" fill="${BAR}"><title>${label}</title></rect>`;
  });
  const dots = amounts
    ? days.map((d, i) =>
        d.documents === 0
          ? ""
          : html`<circle cx="${(left + i * step + step / 2).toFixed(1)}" cy="${y(d.documents, maxCount).toFixed(1)}" r="2.6" fill="${COUNT}"/>`,
      )
    : [];
  const ticks = [0, Math.floor((days.length - 1) / 2), days.length - 1].filter(
    (i, k, all) => i >= 0 && all.indexOf(i) === k,
  );
  const labels = ticks.map((i) => {
    const anchor = i === 0 ? "start" : i === days.length - 1 ? "end" : "middle";
    const x = i === 0 ? left : i === days.length - 1 ? width - right : left + i * step + step / 2;
    return html`<text x="${x.toFixed(1)}" y="${height - 8}" text-anchor="${anchor}" font-size="12" fill="#4d5866">${days[i]!.date}</text>`;
  });
  const topLabel = amounts && currency ? `max ${formatMoney(maxBar, currency)} a day` : `max ${maxBar} documents a day`;
  const countLabel = amounts ? `max ${maxCount} documents a day` : "";
  return html`<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc">
<title id="${id}-title">Daily ${amounts ? "factored amounts and document counts" : "document counts"}</title>
<desc id="${id}-desc">${seriesSummary(days, currency)}</desc>
<text x="${left}" y="14" font-size="12" fill="#4d5866">${topLabel}</text>
<text x="${width - right}" y="14" font-size="12" fill="${COUNT}" text-anchor="end">${countLabel}</text>
<line x1="${left}" y1="${top + plotH + 0.5}" x2="${width - right}" y2="${top + plotH + 0.5}" stroke="${AXIS}"/>
${bars}${dots}${labels}
</svg>`;
}
