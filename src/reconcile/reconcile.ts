/**
 * Reconciliation: proof that the books agree. From the ledger, per business day and in total,
 * the documents and amounts transferred, closed, skipped and still open; checked against
 * Visma.net (invariant 3, "the ledger tells the truth"):
 * - every document the ledger records closed is Closed (balance 0) in Visma.net, by the
 *   recorded payment/refund: it exists, carries the recorded reference, is released and applies
 *   that document for the recorded amount, which equals the amount transferred;
 * - nothing is applied by one of our payments (paymentRef "VF-…", close/plan.ts paymentRefFor)
 *   that the ledger does not record.
 * Visma.net is read with paged list calls (payments by docDate, documents by documentDate),
 * never one GET per document. Money stays integer øre per type and currency.
 */
import { DateTime } from "luxon";
import { batchDateOfRef, isOurPayment, ourPaymentKey, unreadablePaymentOwner } from "../close/plan.ts";
import { LedgerStore, DEFAULT_LOOKBACK_MONTHS, monthsEnding } from "../ledger/store.ts";
import { documentKey, type Batch, type ClosingEntry, type LedgerDocument } from "../ledger/types.ts";
import { businessDate } from "../shared/time.ts";
import {
  type ArDocument,
  type DocumentType,
  forTypes,
  listDocuments,
  type Payment,
  type VismaApi,
} from "../visma/index.ts";
import { addToTotals, type ReconciliationSummary, type TotalRow } from "../run/result.ts";
import type { Mismatch, PaymentNamed, RecordedClosing } from "../run/says.ts";

/** Payment statuses after release (fully applied: Closed; partly: Open). */
const RELEASED = new Set(["Open", "Closed"]);

export interface DayRow {
  /** yyyy-MM-dd, or "total". */
  date: string;
  transferred: TotalRow[];
  closed: TotalRow[];
  skipped: TotalRow[];
  /** Transferred that day and not closed or skipped yet, by the ledger as it is now (not as of `to`). */
  open: TotalRow[];
}

export type { Mismatch } from "../run/says.ts";

export interface Reconciliation {
  tenant: string;
  name: string;
  from: string;
  to: string;
  days: DayRow[];
  total: DayRow;
  mismatches: Mismatch[];
  checked: { closedDocuments: number; payments: number };
}

export interface ReconcileTenant {
  id: string;
  name: string;
  timeZone: string;
}

export interface ReconcileInput {
  tenant: ReconcileTenant;
  stateDir: string;
  visma: VismaApi;
  /** Business dates, inclusive. */
  from: string;
  to: string;
}

/** What the pure check needs: the ledger's batches and what Visma.net returned. */
export interface ReconcileData {
  tenant: ReconcileTenant;
  from: string;
  to: string;
  batches: readonly Batch[];
  payments: readonly Payment[];
  documents: readonly ArDocument[];
}

/**
 * Reads the ledger and Visma.net and reconciles [from, to]. This is what the closing calls for
 * its summary line (with from = to = the business date) and what `npm run report` prints.
 */
export async function reconcileTenant(input: ReconcileInput): Promise<Reconciliation> {
  const { tenant, from, to, visma } = input;
  if (from > to) throw new Error(`--from ${from} is after --to ${to}`);
  const store = new LedgerStore(input.stateDir, tenant.id);
  // The period's months and, before them, as far back as a closing on `from` reads the ledger.
  const months = new Set(monthsEnding(to, monthIndex(to) - monthIndex(from) + DEFAULT_LOOKBACK_MONTHS));
  const batches = await store.batchesOfMonths(months);

  const payments = await visma.listPayments({
    docDate: {
      value: minOf([from, ...closedInScope(batches, from, to).map((c) => c.closing.applicationDate)]),
      condition: ">=",
    },
  });
  // Only a payment that could be ours matters here (the company's other payments are not checked).
  const unreadableOurs = payments.malformed.filter((m) => unreadablePaymentOwner(m).ours);
  if (unreadableOurs.length > 0) throw unreadable(unreadableOurs);
  // A payment of ours may close a document of a batch older than the look-back: read its month.
  const extra = new Set<string>();
  for (const p of payments.items) {
    const date = batchDateOfRef(p.paymentRef);
    if (date && !months.has(date.slice(0, 7))) extra.add(date.slice(0, 7));
  }
  if (extra.size > 0) batches.push(...(await store.batchesOfMonths(extra)));

  // Documents dated from the earliest closed one on; in a run, its reader answers from the read-back.
  const scoped = closedInScope(batches, from, to);
  const documents: ArDocument[] = [];
  if (scoped.length > 0) {
    const earliest = minOf(scoped.map((s) => s.doc.documentDate));
    const list = await listDocuments(
      visma,
      forTypes(new Set(scoped.map((s) => s.doc.type)), { documentDate: { value: earliest, condition: ">=" } }),
    );
    if (list.malformed.length > 0) throw unreadable(list.malformed.map((m) => m.element));
    documents.push(...list.items);
  }
  return reconcile({ tenant, from, to, batches, payments: payments.items, documents });
}

/**
 * The day's figures from the ledger alone, for a closing run that posted and closed nothing:
 * this run had nothing to check against Visma.net (`ledgerOnly`).
 */
export async function ledgerDaySummary(input: {
  tenant: ReconcileTenant;
  stateDir: string;
  day: string;
}): Promise<ReconciliationSummary> {
  const { tenant, day } = input;
  const store = new LedgerStore(input.stateDir, tenant.id);
  const batches = await store.batchesOfMonths(monthsEnding(day, DEFAULT_LOOKBACK_MONTHS));
  const { total } = ledgerDayRows(batches, day, day, tenant.timeZone);
  return { from: day, to: day, total, mismatches: [], ledgerOnly: true };
}

/** The pure reconciliation of already-read data. */
export function reconcile(data: ReconcileData): Reconciliation {
  const { from, to, tenant } = data;
  const inRange = (date: string) => date >= from && date <= to;
  const { days, total } = ledgerDayRows(data.batches, from, to, tenant.timeZone);
  const ledgerDocs = new Map<string, LedgerDocument>();
  for (const batch of data.batches) {
    if (batch.status === "transferred") for (const doc of batch.documents) ledgerDocs.set(documentKey(doc), doc);
  }

  const mismatches: Mismatch[] = [];
  // By type and number: a void document may carry the number of the payment it voids.
  const paymentsByNumber = new Map(data.payments.map((p) => [ourPaymentKey(p.type, p.number), p] as const));
  const documents = new Map(data.documents.map((d) => [documentKey(d), d] as const));
  const scoped = closedInScope(data.batches, from, to);
  for (const { doc, closing } of scoped)
    mismatches.push(
      ...checkClosed(
        doc,
        closing,
        paymentsByNumber.get(ourPaymentKey(closing.paymentType, closing.paymentNumber)),
        documents.get(documentKey(doc)),
      ),
    );

  // Our payments in the period must apply only what the ledger records closed by them.
  let ours = 0;
  for (const p of data.payments) {
    if (!isOurPayment(p) || p.status === "Voided") continue;
    // In the period when its batch was transferred in it, or it was posted in it.
    if (!inRange(batchDateOfRef(p.paymentRef) ?? "") && !inRange(p.applicationDate ?? "")) continue;
    ours += 1;
    for (const line of p.lines) {
      const doc = ledgerDocs.get(documentKey({ type: line.documentType as DocumentType, number: line.refNbr }));
      const recorded = doc?.closing?.status === "closed" && doc.closing.paymentNumber === p.number;
      if (recorded) continue;
      const payment = { type: p.type, number: p.number, ref: p.paymentRef ?? "", status: p.status };
      const applied = { appliedOre: line.amountPaidOre, currency: p.currency };
      mismatches.push({
        document: {
          type: line.documentType as DocumentType,
          number: line.refNbr,
          customer: p.customerNumber,
          amountOre: line.amountPaidOre,
          currency: p.currency,
        },
        paymentNumber: p.number,
        problem: !doc
          ? { code: "never-transferred", payment, ...applied }
          : { code: "not-recorded", payment, ...applied, recorded: doc.closing ? recordedClosing(doc.closing) : null },
      });
    }
  }

  return {
    tenant: tenant.id,
    name: tenant.name,
    from,
    to,
    days,
    total,
    mismatches,
    checked: { closedDocuments: scoped.length, payments: ours },
  };
}

/**
 * The ledger side of the reconciliation, per business day in [from, to] and in total: what was
 * transferred, closed and skipped that day, and what of that day's transfers is still open.
 * A closing counts on its application date (a skip on its day in `zone`). Days without any
 * movement have no row.
 */
export function ledgerDayRows(
  batches: readonly Batch[],
  from: string,
  to: string,
  zone: string,
): { days: DayRow[]; total: DayRow } {
  const inRange = (date: string) => date >= from && date <= to;
  const days = new Map<string, DayRow>();
  const total = emptyRow("total");
  const day = (date: string) => {
    let row = days.get(date);
    if (!row) days.set(date, (row = emptyRow(date)));
    return row;
  };
  const add = (field: Exclude<keyof DayRow, "date">, date: string, doc: LedgerDocument) => {
    addToTotals(day(date)[field], doc.type, doc.currency, doc.amountOre);
    addToTotals(total[field], doc.type, doc.currency, doc.amountOre);
  };
  for (const batch of batches) {
    if (batch.status !== "transferred") continue;
    for (const doc of batch.documents) {
      if (inRange(batch.businessDate)) {
        add("transferred", batch.businessDate, doc);
        if (!doc.closing) add("open", batch.businessDate, doc);
      }
      const closedOn = doc.closing ? closingDate(doc.closing, zone) : undefined;
      if (doc.closing && closedOn && inRange(closedOn))
        add(doc.closing.status === "closed" ? "closed" : "skipped", closedOn, doc);
    }
  }
  return { days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)), total };
}

function checkClosed(
  doc: LedgerDocument,
  closing: Extract<ClosingEntry, { status: "closed" }>,
  payment: Payment | undefined,
  now: ArDocument | undefined,
): Mismatch[] {
  const out: Mismatch[] = [];
  const ref = {
    type: doc.type,
    number: doc.number,
    customer: doc.customer,
    amountOre: doc.amountOre,
    currency: doc.currency,
  };
  const problem = (p: Mismatch["problem"]) =>
    out.push({ document: ref, paymentNumber: closing.paymentNumber, problem: p });
  const recorded: PaymentNamed = { type: closing.paymentType, number: closing.paymentNumber, ref: closing.paymentRef };
  const currency = doc.currency;
  if (closing.amountOre !== doc.amountOre)
    problem({ code: "closed-amount", closedOre: closing.amountOre, transferredOre: doc.amountOre, currency });
  if (!payment) {
    problem({ code: "payment-missing", recorded, applicationDate: closing.applicationDate });
  } else {
    if (payment.type !== closing.paymentType) problem({ code: "payment-type", recorded, actualType: payment.type });
    if (payment.paymentRef !== closing.paymentRef)
      problem({ code: "payment-ref", recorded, actualRef: payment.paymentRef });
    if (!RELEASED.has(payment.status)) problem({ code: "payment-status", recorded, status: payment.status });
    const line = payment.lines.find((l) => l.documentType === doc.type && l.refNbr === doc.number);
    if (!line) problem({ code: "not-applied", recorded });
    else if (line.amountPaidOre !== closing.amountOre) {
      problem({
        code: "applied-amount",
        recorded,
        appliedOre: line.amountPaidOre,
        appliedCurrency: payment.currency,
        recordedOre: closing.amountOre,
        currency,
      });
    }
  }
  if (!now) problem({ code: "document-missing" });
  else {
    if (now.status !== "Closed" || now.balanceOre !== 0) {
      problem({
        code: "document-open",
        recorded,
        status: now.status,
        balanceOre: now.balanceOre,
        currency: now.currency,
      });
    }
    if (now.amountOre !== doc.amountOre)
      problem({
        code: "document-amount",
        nowOre: now.amountOre,
        nowCurrency: now.currency,
        transferredOre: doc.amountOre,
        currency,
      });
  }
  return out;
}

/** The closed ledger documents the period covers: transferred in it, or closed in it. */
function closedInScope(batches: readonly Batch[], from: string, to: string) {
  const out: { doc: LedgerDocument; closing: Extract<ClosingEntry, { status: "closed" }> }[] = [];
  for (const batch of batches) {
    if (batch.status !== "transferred") continue;
    for (const doc of batch.documents) {
      const closing = doc.closing;
      if (closing?.status !== "closed") continue;
      if (
        (batch.businessDate >= from && batch.businessDate <= to) ||
        (closing.applicationDate >= from && closing.applicationDate <= to)
      ) {
        out.push({ doc, closing });
      }
    }
  }
  return out;
}

export function closingDate(closing: ClosingEntry, zone: string): string {
  if (closing.status === "closed") return closing.applicationDate;
  const at = DateTime.fromISO(closing.at, { setZone: true });
  return at.isValid ? businessDate(at, zone) : closing.at.slice(0, 10);
}

function recordedClosing(closing: ClosingEntry): RecordedClosing {
  return closing.status === "closed"
    ? { status: "closed", paymentType: closing.paymentType, paymentNumber: closing.paymentNumber }
    : { status: "skipped", reason: closing.reason };
}

function emptyRow(date: string): DayRow {
  return { date, transferred: [], closed: [], skipped: [], open: [] };
}

/** Months since year 0 of a yyyy-mm(-dd) date: the difference of two is how many months apart they are. */
function monthIndex(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
}

function minOf(values: string[]): string {
  return values.reduce((a, b) => (b < a ? b : a));
}

function unreadable(malformed: { endpoint: string; id: string; problem: string }[]): Error {
  return new Error(
    `Visma.net returned ${malformed.length} element(s) that could not be read (${malformed.map((m) => `${m.endpoint} ${m.id}: ${m.problem}`).join("; ")}); ` +
      `the reconciliation cannot be made without them`,
  );
}

/** The figures and verdict of a reconciliation, for a run's summary (rendered by report/). */
export function reconciliationSummary(rec: Reconciliation): ReconciliationSummary {
  return { from: rec.from, to: rec.to, total: rec.total, checked: rec.checked, mismatches: rec.mismatches };
}
