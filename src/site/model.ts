/**
 * The status site's view model: a pure function of the fleet's state, the clock and what the
 * reader may see. Redaction happens here, not in the HTML: with `details` off nothing that
 * names a customer or a document enters the model, and with `amounts` off no amount does, so a
 * renderer cannot leak what it never gets.
 */
import type { DateTime } from "luxon";
import type { LastRun, RunCommand } from "../ledger/run-status.ts";
import type { Batch, BatchStatus, LedgerDocument, LedgerFile } from "../ledger/types.ts";
import { ledgerDayRows } from "../reconcile/reconcile.ts";
import type { AttentionEntry } from "../ledger/attention-file.ts";
import { groupBy } from "../shared/group.ts";
import { addDays, businessDate, DEFAULT_TIME_ZONE } from "../shared/time.ts";
import { TENANT_ID } from "../config/tenant-id.ts";
import {
  addFigures,
  batchMoment,
  byCurrency,
  closingMoment,
  EMPTY_FIGURE,
  figureOf,
  figureOfRows,
  signedOre,
  transferredDocuments,
  type Figure,
  type Money,
} from "./figures.ts";
import { HEALTH_ORDER, tenantHealth, type Health } from "./health.ts";
import type { TenantState } from "./load.ts";

/** Who reads the site: the partner (everything) or anyone (health only; amounts when the partner allows). */
export interface Visibility {
  /** Customer names, document numbers, files, messages and issue links. */
  details: boolean;
  amounts: boolean;
}

export const FULL_VISIBILITY: Visibility = { details: true, amounts: true };

/** Days of the sparkline, the chart, the day lines and the batches shown in full. */
export const RECENT_DAYS = 60;
/** Days whose batches list their documents one by one (and any batch pending or still waiting for the closing). */
export const DETAIL_DAYS = 14;

export interface RunView {
  command: RunCommand;
  status: LastRun["status"];
  businessDate: string;
  at: string;
  message?: string;
  issueUrl?: string;
  runUrl?: string;
}

export interface DayPoint {
  date: string;
  documents: number;
  /** Net amount in the series currency; absent when amounts are hidden. */
  ore?: number;
}

export interface DocumentView {
  type: LedgerDocument["type"];
  number: string;
  customer: string;
  customerName: string;
  amount: Money;
  dueDate: string | null;
  closing: { state: "closed" | "skipped" | "waiting"; text: string; at?: string };
}

export interface BatchView {
  id: string;
  businessDate: string;
  status: BatchStatus;
  at: string;
  resolvedBy?: string;
  figure: Figure;
  closed: Figure;
  skipped: number;
  waiting: Figure;
  /** Shown in full (the last DETAIL_DAYS days, pending or still waiting), otherwise as one row. */
  detailed: boolean;
  files?: LedgerFile[];
  /** The documents one by one: detailed batches only, and only where details may be shown. */
  documents?: DocumentView[];
}

export interface MonthView {
  month: string;
  batches: number;
  figure: Figure;
  closed: number;
  skipped: number;
  waiting: number;
}

export interface DayLineView {
  date: string;
  transferred: Figure;
  closed: Figure;
  skipped: Figure;
  open: Figure;
}

export interface AttentionView {
  code: string;
  firstSeen: string;
  lastSeen: string;
  message?: string;
  document?: { type: string; number: string; customerName: string; amount?: Money };
}

export interface TenantView {
  id: string;
  name: string;
  timeZone: string;
  /** Relative link of the tenant's page; none for an id that cannot name a file. */
  page?: string;
  health: Health;
  reasons: string[];
  enabled: boolean;
  factor?: string;
  today: string;
  lastTransfer?: { at: string; businessDate: string; status: BatchStatus; figure: Figure };
  lastClosing?: { at: string; date: string; closed: Figure; skipped: number };
  waiting: Figure;
  attentionCount: number;
  lastFailure?: RunView;
  runs: RunView[];
  /** The last RECENT_DAYS days, oldest first; `currency` is the one the amounts are in. */
  series: { currency?: string; days: DayPoint[] };
  batches: BatchView[];
  /** Months read but older than the recent window, summarised (oldest last). */
  olderMonths: MonthView[];
  /** Months the ledger holds before those, not read (history: npm run report reconciles them). */
  earlierMonths: string[];
  days: DayLineView[];
  attention: AttentionView[];
}

export interface Totals {
  transferred: Figure;
  closed: Figure;
}

export interface SiteModel {
  generatedAt: string;
  /** The time zone most tenants are in: the one the build time is shown in. */
  timeZone: string;
  visibility: Visibility;
  tenants: TenantView[];
  fleet: { today: Totals; month: Totals; byHealth: Record<Health, number> };
}

export function buildSiteModel(fleet: readonly TenantState[], now: DateTime, visibility: Visibility): SiteModel {
  const built = fleet.map((state) => buildTenant(state, now, visibility));
  const tenants = built.map((b) => b.view).sort(compareTenants);
  const byHealth = Object.fromEntries(
    HEALTH_ORDER.map((h) => [h, tenants.filter((t) => t.health === h).length]),
  ) as Record<Health, number>;
  const sum = (pick: (t: Totals) => Figure, of: (b: (typeof built)[number]) => Totals) =>
    money(addFigures(built.map((b) => pick(of(b)))), visibility);
  const totals = (of: (b: (typeof built)[number]) => Totals): Totals => ({
    transferred: sum((t) => t.transferred, of),
    closed: sum((t) => t.closed, of),
  });
  return {
    generatedAt: now.toISO()!,
    timeZone: commonZone(tenants),
    visibility,
    tenants,
    fleet: { today: totals((b) => b.today), month: totals((b) => b.month), byHealth },
  };
}

function commonZone(tenants: readonly TenantView[]): string {
  const counts = new Map<string, number>();
  for (const t of tenants) counts.set(t.timeZone, (counts.get(t.timeZone) ?? 0) + 1);
  return [...counts.entries()].sort(([za, a], [zb, b]) => b - a || za.localeCompare(zb))[0]?.[0] ?? DEFAULT_TIME_ZONE;
}

/** Failing first, then needs attention, ok, disabled; by name within. */
function compareTenants(a: TenantView, b: TenantView): number {
  return (
    HEALTH_ORDER.indexOf(a.health) - HEALTH_ORDER.indexOf(b.health) ||
    a.name.localeCompare(b.name, "nb") ||
    a.id.localeCompare(b.id)
  );
}

function buildTenant(
  state: TenantState,
  now: DateTime,
  vis: Visibility,
): { view: TenantView; today: Totals; month: Totals } {
  const { tenant, batches } = state;
  const zone = tenant.timeZone;
  const today = businessDate(now, zone);
  const { health, reasons } = tenantHealth(state, now, today);
  const transferred = transferredDocuments(batches);

  const closings = transferred.flatMap(({ doc }) =>
    doc.closing ? [{ doc, ...closingMoment(doc.closing, zone), closing: doc.closing }] : [],
  );
  const lastClosingAt = closings.reduce<(typeof closings)[number] | undefined>(
    (a, c) => (!a || c.at > a.at ? c : a),
    undefined,
  );
  const onDay = (date: string) => closings.filter((c) => c.date === date);
  const closedOn = (pred: (date: string) => boolean) =>
    figureOf(closings.filter((c) => pred(c.date) && c.closing.status === "closed").map((c) => c.doc));
  const transferredOn = (pred: (date: string) => boolean) =>
    figureOf(transferred.filter(({ batch }) => pred(batch.businessDate)).map(({ doc }) => doc));
  const month = today.slice(0, 7);
  const totalsToday: Totals = { transferred: transferredOn((d) => d === today), closed: closedOn((d) => d === today) };
  const totalsMonth: Totals = {
    transferred: transferredOn((d) => d.startsWith(month)),
    closed: closedOn((d) => d.startsWith(month)),
  };

  const last = [...batches].reverse().find((b) => b.status !== "abandoned");
  const waitingDocs = tenant.closing.enabled ? transferred.filter(({ doc }) => !doc.closing).map(({ doc }) => doc) : [];
  const runs = (["transfer", "close"] as const).flatMap((command) => {
    const run = state.runStatus?.runs[command];
    return run ? [runView(command, run, vis)] : [];
  });
  const failure = state.runStatus?.lastFailure;
  // The recent window ends today, or later when the ledger holds later dates (a clock behind
  // the runs', or the demo's story told in the future): nothing recorded is hidden.
  const end = [today, ...batches.map((b) => b.businessDate), ...closings.map((c) => c.date)].reduce((a, b) =>
    b > a ? b : a,
  );
  const from = addDays(end, -(RECENT_DAYS - 1));
  const detailFrom = addDays(end, -(DETAIL_DAYS - 1));

  const view: TenantView = {
    id: tenant.id,
    name: tenant.name,
    timeZone: zone,
    ...(TENANT_ID.test(tenant.id) ? { page: `tenants/${tenant.id}.html` } : {}),
    health,
    reasons,
    enabled: tenant.enabled,
    ...(tenant.factor ? { factor: tenant.factor } : {}),
    today,
    ...(last
      ? {
          lastTransfer: {
            at: batchMoment(last),
            businessDate: last.businessDate,
            status: last.status,
            figure: money(figureOf(last.documents), vis),
          },
        }
      : {}),
    ...(lastClosingAt
      ? {
          lastClosing: {
            at: lastClosingAt.at,
            date: lastClosingAt.date,
            closed: money(
              figureOf(
                onDay(lastClosingAt.date)
                  .filter((c) => c.closing.status === "closed")
                  .map((c) => c.doc),
              ),
              vis,
            ),
            skipped: onDay(lastClosingAt.date).filter((c) => c.closing.status === "skipped").length,
          },
        }
      : {}),
    waiting: money(figureOf(waitingDocs), vis),
    attentionCount: state.attention.length,
    ...(failure ? { lastFailure: runView(failure.command, failure, vis) } : {}),
    runs,
    series: series(transferred, from, end, vis),
    batches: batches
      .filter(
        (b) =>
          b.businessDate >= from ||
          b.status === "pending" ||
          (b.status === "transferred" && b.documents.some((d) => !d.closing)),
      )
      .reverse()
      .map((b) =>
        batchView(
          b,
          zone,
          vis,
          b.businessDate >= detailFrom || b.status === "pending" || b.documents.some((d) => !d.closing),
        ),
      ),
    olderMonths: olderMonths(
      batches.filter((b) => b.businessDate < from),
      vis,
    ),
    earlierMonths: state.earlierMonths,
    days: ledgerDayRows(batches, from, end, zone)
      .days.reverse()
      .map((d) => ({
        date: d.date,
        transferred: money(figureOfRows(d.transferred), vis),
        closed: money(figureOfRows(d.closed), vis),
        skipped: money(figureOfRows(d.skipped), vis),
        open: money(figureOfRows(d.open), vis),
      })),
    attention: state.attention.map((e) => attentionView(e, vis)),
  };
  return { view, today: totalsToday, month: totalsMonth };
}

/** The figure as the reader may see it: without amounts when they are hidden. */
function money(figure: Figure, vis: Visibility): Figure {
  return vis.amounts ? figure : { documents: figure.documents };
}

function runView(command: RunCommand, run: LastRun, vis: Visibility): RunView {
  return {
    command,
    status: run.status,
    businessDate: run.businessDate,
    at: run.at,
    ...(vis.details
      ? {
          message: run.message,
          ...(run.issueUrl ? { issueUrl: run.issueUrl } : {}),
          ...(run.runUrl ? { runUrl: run.runUrl } : {}),
        }
      : {}),
  };
}

/** Daily transferred documents and net amounts; the amounts in the tenant's main currency (largest turnover). */
function series(
  transferred: ReturnType<typeof transferredDocuments>,
  from: string,
  to: string,
  vis: Visibility,
): TenantView["series"] {
  const recent = transferred.filter(({ batch }) => batch.businessDate >= from && batch.businessDate <= to);
  const turnover = byCurrency(recent.map(({ doc }) => ({ currency: doc.currency, ore: doc.amountOre })));
  const currency =
    turnover.reduce<Money | undefined>((a, m) => (!a || m.ore > a.ore ? m : a), undefined)?.currency ?? "NOK";
  const days: DayPoint[] = datesFrom(from, to).map((date) => ({
    date,
    documents: 0,
    ...(vis.amounts ? { ore: 0 } : {}),
  }));
  const index = new Map(days.map((d, i) => [d.date, i] as const));
  for (const { batch, doc } of recent) {
    const point = days[index.get(batch.businessDate)!]!;
    point.documents += 1;
    if (point.ore !== undefined && doc.currency === currency) point.ore += signedOre(doc);
  }
  return { ...(vis.amounts ? { currency } : {}), days };
}

const dateRanges = new Map<string, string[]>();

/** The dates from `from` to `to`, inclusive; computed once per range (a fleet's tenants share a few). */
function datesFrom(from: string, to: string): string[] {
  const key = `${from}/${to}`;
  let dates = dateRanges.get(key);
  if (!dates) {
    dates = [];
    for (let date = from; date <= to; date = addDays(date, 1)) dates.push(date);
    dateRanges.set(key, dates);
  }
  return dates;
}

function batchView(batch: Batch, zone: string, vis: Visibility, detailed: boolean): BatchView {
  const closed = batch.documents.filter((d) => d.closing?.status === "closed");
  const counted = batch.status === "transferred";
  return {
    id: batch.id,
    businessDate: batch.businessDate,
    status: batch.status,
    at: batchMoment(batch),
    ...(batch.resolvedBy ? { resolvedBy: batch.resolvedBy } : {}),
    figure: money(figureOf(batch.documents), vis),
    closed: money(figureOf(closed), vis),
    skipped: batch.documents.filter((d) => d.closing?.status === "skipped").length,
    waiting: money(counted ? figureOf(batch.documents.filter((d) => !d.closing)) : EMPTY_FIGURE, vis),
    detailed,
    ...(vis.details ? { files: batch.files } : {}),
    ...(vis.details && detailed ? { documents: batch.documents.map((d) => documentView(d, zone, counted)) } : {}),
  };
}

function documentView(doc: LedgerDocument, zone: string, counted: boolean): DocumentView {
  const c = doc.closing;
  const closing: DocumentView["closing"] = !c
    ? { state: "waiting", text: counted ? "waiting for the closing" : "not at the factor for sure" }
    : c.status === "closed"
      ? {
          state: "closed",
          text: `${c.paymentType} ${c.paymentNumber}, applied ${c.applicationDate}`,
          at: closingMoment(c, zone).at,
        }
      : { state: "skipped", text: `skipped (${c.reason}): ${c.detail}`, at: c.at };
  return {
    type: doc.type,
    number: doc.number,
    customer: doc.customer,
    customerName: doc.customerName,
    amount: { currency: doc.currency, ore: doc.amountOre },
    dueDate: doc.dueDate,
    closing,
  };
}

function olderMonths(batches: readonly Batch[], vis: Visibility): MonthView[] {
  return [...groupBy(batches, (b) => b.businessDate.slice(0, 7)).entries()]
    .sort(([a], [b]) => b.localeCompare(a))
    .map(([month, list]) => {
      const docs = transferredDocuments(list).map(({ doc }) => doc);
      return {
        month,
        batches: list.length,
        figure: money(figureOf(docs), vis),
        closed: docs.filter((d) => d.closing?.status === "closed").length,
        skipped: docs.filter((d) => d.closing?.status === "skipped").length,
        waiting: docs.filter((d) => !d.closing).length,
      };
    });
}

function attentionView(entry: AttentionEntry, vis: Visibility): AttentionView {
  const doc = entry.document;
  return {
    code: entry.code,
    firstSeen: entry.firstSeen,
    lastSeen: entry.lastSeen,
    ...(vis.details ? { message: entry.message } : {}),
    ...(vis.details && doc
      ? {
          document: {
            type: doc.type,
            number: doc.number,
            customerName: doc.customerName || doc.customer,
            ...(vis.amounts && doc.currency ? { amount: { currency: doc.currency, ore: doc.amountOre } } : {}),
          },
        }
      : {}),
  };
}
