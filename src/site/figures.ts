/**
 * Money and counts as the site shows them. A factored amount is net: invoices add, credit notes
 * subtract (a credit note lowers the receivable the factor holds). Amounts stay integer øre per
 * currency; currencies are never added together.
 */
import { DateTime } from "luxon";
import type { Batch, ClosingEntry, LedgerDocument } from "../ledger/types.ts";
import { closingDate } from "../reconcile/reconcile.ts";
import type { TotalRow } from "../run/result.ts";
import { groupBy } from "../shared/group.ts";
import { sumOre, type Ore } from "../shared/money.ts";

export interface Money {
  currency: string;
  ore: Ore;
}

/** A number of documents and, where the reader may see them, their net amounts per currency. */
export interface Figure {
  documents: number;
  amounts?: Money[];
}

export const EMPTY_FIGURE: Figure = { documents: 0, amounts: [] };

export function signedOre(doc: Pick<LedgerDocument, "type" | "amountOre">): Ore {
  return doc.type === "CreditNote" ? -doc.amountOre : doc.amountOre;
}

/** Sums per currency, sorted by currency. */
export function byCurrency(entries: Iterable<Money>): Money[] {
  return [...groupBy(entries, (m) => m.currency).entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, list]) => ({ currency, ore: sumOre(list.map((m) => m.ore)) }));
}

/** Net amounts per currency of `docs`. */
export function netAmounts(docs: Iterable<Pick<LedgerDocument, "type" | "amountOre" | "currency">>): Money[] {
  return byCurrency([...docs].map((d) => ({ currency: d.currency, ore: signedOre(d) })));
}

export function figureOf(docs: readonly LedgerDocument[]): Figure {
  return { documents: docs.length, amounts: netAmounts(docs) };
}

/** The per-type rows of the reconciliation (reconcile/reconcile.ts) as one figure. */
export function figureOfRows(rows: readonly TotalRow[]): Figure {
  return {
    documents: rows.reduce((n, r) => n + r.count, 0),
    amounts: byCurrency(
      rows.map((r) => ({ currency: r.currency, ore: r.type === "CreditNote" ? -r.amountOre : r.amountOre })),
    ),
  };
}

/** Adds figures (per currency). */
export function addFigures(figures: Iterable<Figure>): Figure {
  const all = [...figures];
  return {
    documents: all.reduce((n, f) => n + f.documents, 0),
    amounts: byCurrency(all.flatMap((f) => f.amounts ?? [])),
  };
}

/** The transferred batches' documents (pending and abandoned batches are not at the factor for sure). */
export function transferredDocuments(batches: readonly Batch[]): { batch: Batch; doc: LedgerDocument }[] {
  return batches
    .filter((b) => b.status === "transferred")
    .flatMap((batch) => batch.documents.map((doc) => ({ batch, doc })));
}

/** When a closing entry was made, as an instant (ISO), and its business date in `zone`. */
export function closingMoment(closing: ClosingEntry, zone: string): { at: string; date: string } {
  return { at: closing.status === "closed" ? closing.releasedAt : closing.at, date: closingDate(closing, zone) };
}

/** When a batch reached the factor (or was recorded, while pending). */
export function batchMoment(batch: Batch): string {
  return batch.transferredAt ?? batch.createdAt;
}

/** Hours from the ISO instant `from` to `to`; NaN when either is not a date-time. */
export function hoursBetween(from: string, to: DateTime): number {
  const start = DateTime.fromISO(from, { setZone: true });
  return start.isValid ? to.diff(start, "hours").hours : Number.NaN;
}
