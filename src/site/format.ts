/** Dates, times, amounts and counts as the site prints them. */
import { DateTime } from "luxon";
import { formatMoney } from "../shared/money.ts";
import type { Figure, Money } from "./figures.ts";
import { html, type Markup } from "./html.ts";

/**
 * "2026-11-27 15:45" in `zone`, in a <time> element carrying the exact instant. A page has
 * hundreds of these and a build hundreds of pages: the zone conversion uses one cached
 * Intl.DateTimeFormat per zone (the platform's time-zone database, as luxon does underneath)
 * instead of building a DateTime per value; instants without an offset are read by luxon.
 */
export function when(iso: string, zone: string): Markup {
  const at = /(?:Z|[+-]\d{2}:\d{2})$/.test(iso) ? new Date(iso) : DateTime.fromISO(iso, { zone }).toJSDate();
  if (Number.isNaN(at.getTime())) return html`${iso}`;
  return html`<time datetime="${at.toISOString()}">${localFormat(zone).format(at).replace("T", " ")}</time>`;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** "yyyy-MM-dd HH:mm" in `zone` (the sv-SE locale writes dates in ISO order). */
function localFormat(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("sv-SE", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formats.set(zone, f);
  }
  return f;
}

/** A business date (yyyy-MM-dd), as a <time> element. */
export function day(date: string): Markup {
  return html`<time datetime="${date}">${date}</time>`;
}

export function amount(m: Money): Markup {
  return html`<span class="amount">${formatMoney(m.ore, m.currency)}</span>`;
}

/** "83 426,64 NOK" (several currencies one per line); nothing when amounts are hidden. */
export function amounts(list: readonly Money[] | undefined): Markup {
  if (!list) return html``;
  if (list.length === 0) return html`<span class="amount">–</span>`;
  return html`${list.map((m, i) => html`${i > 0 ? html`<br>` : ""}${amount(m)}`)}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "12 documents, 83 426,64 NOK" (the amount only where it may be shown). */
export function figure(f: Figure): Markup {
  const count = plural(f.documents, "document");
  if (!f.amounts || f.documents === 0) return html`${count}`;
  return html`${count}, ${f.amounts.map((m, i) => html`${i > 0 ? " + " : ""}${amount(m)}`)}`;
}
