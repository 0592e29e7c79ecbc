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
import { formatMoney } from "../shared/money.ts";
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

export interface Mismatch {
  document?: { type: DocumentType; number: string; customer: string; amountOre: number; currency: string };
  paymentNumber?: string;
  problem: string;
}

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
 * The day's line from the ledger alone, for a closing run that posted and closed nothing: the
 * day's figures, and that this run had nothing to check against Visma.net.
 */
export async function ledgerDayLine(input: {
  tenant: ReconcileTenant;
  stateDir: string;
  day: string;
}): Promise<string> {
  const { tenant, day } = input;
  const store = new LedgerStore(input.stateDir, tenant.id);
  const batches = await store.batchesOfMonths(monthsEnding(day, DEFAULT_LOOKBACK_MONTHS));
  const { total } = ledgerDayRows(batches, day, day, tenant.timeZone);
  return `${figuresText(day, total)} — nothing posted by this run, so nothing new to check against Visma.net (npm run report checks the whole period)`;
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
      const what = `${p.type} ${p.number} (${p.paymentRef}, ${p.status})`;
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
          ? `${what} applies ${formatMoney(line.amountPaidOre, p.currency)} to it, but the ledger never transferred it; find out who posted this payment and void it if it is wrong`
          : `${what} applies ${formatMoney(line.amountPaidOre, p.currency)} to it, but the ledger ${doc.closing ? `records it ${describeClosing(doc.closing)}` : "does not record it closed"}; ` +
            `if a closing run was interrupted the next one records it, otherwise correct the ledger or void the payment`,
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
  const problem = (text: string) => out.push({ document: ref, paymentNumber: closing.paymentNumber, problem: text });
  const recorded = `${closing.paymentType} ${closing.paymentNumber} (${closing.paymentRef})`;
  if (closing.amountOre !== doc.amountOre) {
    problem(
      `the ledger records it closed for ${formatMoney(closing.amountOre, doc.currency)}, but ${formatMoney(doc.amountOre, doc.currency)} was transferred`,
    );
  }
  if (!payment) {
    problem(
      `the ledger records it closed by ${recorded} on ${closing.applicationDate}, but Visma.net has no such payment; check the ledger entry and the payment`,
    );
  } else {
    if (payment.type !== closing.paymentType) problem(`${recorded} is a ${payment.type} in Visma.net`);
    if (payment.paymentRef !== closing.paymentRef)
      problem(`${recorded} carries the reference ${payment.paymentRef ?? "(none)"} in Visma.net`);
    if (!RELEASED.has(payment.status)) problem(`${recorded} is ${payment.status} in Visma.net, not released`);
    const line = payment.lines.find((l) => l.documentType === doc.type && l.refNbr === doc.number);
    if (!line) problem(`${recorded} does not apply this document in Visma.net`);
    else if (line.amountPaidOre !== closing.amountOre) {
      problem(
        `${recorded} applies ${formatMoney(line.amountPaidOre, payment.currency)} to it in Visma.net, the ledger records ${formatMoney(closing.amountOre, doc.currency)}`,
      );
    }
  }
  if (!now) problem(`the ledger records it closed, but Visma.net did not return the document`);
  else {
    if (now.status !== "Closed" || now.balanceOre !== 0) {
      problem(
        `the ledger records it closed by ${recorded}, but Visma.net shows it ${now.status} with balance ${formatMoney(now.balanceOre, now.currency)}`,
      );
    }
    if (now.amountOre !== doc.amountOre)
      problem(
        `its amount is ${formatMoney(now.amountOre, now.currency)} in Visma.net, ${formatMoney(doc.amountOre, doc.currency)} was transferred`,
      );
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

function describeClosing(closing: ClosingEntry): string {
  return closing.status === "closed"
    ? `closed by ${closing.paymentType} ${closing.paymentNumber}`
    : `skipped (${closing.reason})`;
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

// ---- short forms --------------------------------------------------------------------------

/** "2 invoice(s) 2 050,50 NOK + 1 credit note(s) 250,00 NOK", or "none". */
export function describeRows(rows: readonly TotalRow[]): string {
  if (rows.length === 0) return "none";
  return rows
    .map(
      (r) =>
        `${r.count} ${r.type === "Invoice" ? "invoice(s)" : "credit note(s)"} ${formatMoney(r.amountOre, r.currency)}`,
    )
    .join(" + ");
}

export function describeMismatch(m: Mismatch): string {
  const d = m.document;
  const who = d
    ? `${d.type === "Invoice" ? "Invoice" : "Credit note"} ${d.number} (customer ${d.customer}, ${formatMoney(d.amountOre, d.currency)}): `
    : "";
  return `${who}${m.problem}`;
}

/** One line for a job summary: the period's (usually the day's) figures and the verdict. */
export function reconciliationLine(rec: Reconciliation): string {
  const period = rec.from === rec.to ? rec.from : `${rec.from}–${rec.to}`;
  const verdict =
    rec.mismatches.length === 0
      ? `balanced against Visma.net (${rec.checked.closedDocuments} closed document(s), ${rec.checked.payments} payment(s)/refund(s) of ours checked)`
      : `${rec.mismatches.length} MISMATCH(ES) against Visma.net`;
  return `${figuresText(period, rec.total)} — ${verdict}`;
}

/** "Reconciliation <period>: transferred …; closed …; skipped …; still open …". */
function figuresText(period: string, t: DayRow): string {
  return `Reconciliation ${period}: transferred ${describeRows(t.transferred)}; closed ${describeRows(t.closed)}; skipped ${describeRows(t.skipped)}; still open ${describeRows(t.open)}`;
}

export function reconciliationSummary(rec: Reconciliation): ReconciliationSummary {
  return {
    date: rec.from === rec.to ? rec.from : `${rec.from}..${rec.to}`,
    line: reconciliationLine(rec),
    mismatches: rec.mismatches.map(describeMismatch),
  };
}
