/**
 * Planning the closing of the due documents: their current state and the company's payments,
 * read with paged list calls (never one GET per document), then the pure plan (plan.ts).
 */
import { documentKey, type LedgerDocument } from "../ledger/types.ts";
import { dryRun, failed, RunEnd, skipped, type Outcome } from "../run/outcome.ts";
import { says, throttledUntil } from "../run/says.ts";
import {
  type DocumentList,
  forTypes,
  listDocuments,
  type MalformedElement,
  VismaThrottledError,
} from "../visma/index.ts";
import type { Budgeted } from "./budget.ts";
import type { Due } from "./due.ts";
import { planClosing, unreadablePaymentOwner, type ClosingPlan, type UnreadablePayment } from "./plan.ts";
import type { ClosingRun } from "./run.ts";

export async function planDue(run: ClosingRun, due: Due): Promise<ClosingPlan> {
  const { tenant, ctx } = run;
  let read;
  try {
    read = await Promise.all([
      readDocuments(run, due.documents),
      ctx.visma.listPayments({ docDate: { value: lookupFrom(due), condition: ">=" } }),
    ]);
  } catch (error) {
    // Throttled before anything was posted: nothing to record, the next slot does it all.
    if (error instanceof VismaThrottledError) throw new RunEnd(skipped(throttledUntil(error, ctx.now)));
    throw error;
  }
  const [documents, payments] = read;
  const unreadable = unreadableInputs(documents.malformed, payments.malformed);
  if (unreadable.unknown.length > 0) {
    throw new RunEnd(
      failed(says("unreadable-elements", { count: unreadable.unknown.length, elements: unreadable.unknown })),
    );
  }
  return planClosing({
    settings: tenant,
    now: ctx.now,
    batches: due.batches,
    current: new Map(documents.items.map((d) => [documentKey(d), d])),
    payments: payments.items,
    unreadableDocuments: unreadable.documents,
    unreadableRefs: unreadable.refs,
  });
}

/**
 * Where the lookup of our payments starts: the oldest due batch that still has open documents.
 * A payment of ours for a document of such a batch (an earlier run's, interrupted before it
 * recorded it) is dated the day that run ran, which is never before the batch's business date:
 * a run posts only once the batch's transfer is `closing.delayHours` behind its clock. So the
 * bound hides none of ours, and batches closed long ago no longer make every run page through
 * the company's payments since.
 */
export function lookupFrom(due: Pick<Due, "batches">): string {
  return minOf(due.batches.map((b) => b.businessDate));
}

/**
 * The current state of `documents` (ledger documents): every document of their types dated on or
 * after the earliest of them, one paged list per type. The plan reads the due documents so; the
 * read-back reads the released ones (and those closed earlier the same day) again after posting
 * (the run's reader goes to Visma.net again, since the run wrote), and the day's reconciliation
 * is answered from that read.
 */
export function readDocuments(
  { ctx }: ClosingRun,
  documents: readonly Pick<LedgerDocument, "type" | "documentDate">[],
): Promise<DocumentList> {
  const from = minOf(documents.map((d) => d.documentDate));
  return listDocuments(
    ctx.visma,
    forTypes(new Set(documents.map((d) => d.type)), { documentDate: { value: from, condition: ">=" } }),
  );
}

/** A dry run stops with the plan: nothing is posted or recorded. */
export function wouldPost({ plan, deferred }: Budgeted): Outcome {
  return dryRun(
    says("would-post", { payments: plan.payments.length, skips: plan.skips.length, deferred: deferred.length }),
  );
}

/**
 * What Visma.net returned unreadably, sorted by what it can hold up: a document (by number) or a
 * payment of ours (by reference) holds only what it decides; an element that could be ours but
 * cannot be identified (no number, no readable reference) holds everything. A payment that
 * cannot be ours (another reference, a type we never post) holds nothing and is not reported.
 */
function unreadableInputs(documents: DocumentList["malformed"], payments: MalformedElement[]) {
  const out = {
    documents: new Map<string, string>(),
    refs: new Map<string, UnreadablePayment>(),
    unknown: [] as string[],
  };
  for (const { type, element: m } of documents) {
    if (/^element #/.test(m.id)) out.unknown.push(`${m.endpoint} ${m.id}: ${m.problem}`);
    else out.documents.set(documentKey({ type, number: m.id }), m.problem);
  }
  for (const m of payments) {
    const owner = unreadablePaymentOwner(m);
    if (!owner.ours) continue;
    if (owner.ref === null) out.unknown.push(`${m.endpoint} ${m.id}: ${m.problem}`);
    else
      out.refs.set(owner.ref, {
        ...(typeof m.readable?.type === "string" ? { type: m.readable.type } : {}),
        number: m.id,
        problem: m.problem,
      });
  }
  return out;
}

function minOf(values: string[]): string {
  return values.reduce((a, b) => (b < a ? b : a));
}
