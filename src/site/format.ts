/** Dates, times, amounts and counts as the site prints them. */
import { DateTime } from "luxon";
import { formatMoney } from "../shared/money.ts";
import type { Figure, Money } from "./figures.ts";
import { html, type Markup } from "./html.ts";

/** "2026-11-27 15:45" in `zone`, in a <time> element carrying the exact instant. */
export function when(iso: string, zone: string): Markup {
  const at = DateTime.fromISO(iso, { setZone: true });
  if (!at.isValid) return html`${iso}`;
  return html`<time datetime="${at.toUTC().toISO()}">${at.setZone(zone).toFormat("yyyy-MM-dd HH:mm")}</time>`;
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
