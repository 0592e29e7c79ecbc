/**
 * The read-back: every document a released payment or refund applies must now read Closed with
 * balance 0 in Visma.net (ASSUMPTION(A19): a release that applies the whole balance closes the
 * document). Only then is it recorded closed; anything else is named for a person
 * (invariant 3: what the ledger says was closed is closed in Visma.net by the recorded payment).
 */
import { documentKey, type Batch, type ClosingEntry, type LedgerDocument } from "../ledger/types.ts";
import type { NoticeData } from "../shared/notice.ts";
import { type ArDocument, VismaThrottledError } from "../visma/index.ts";
import { readDocuments } from "./plan-due.ts";
import type { PlannedPayment } from "./plan.ts";
import type { Posted } from "./post.ts";
import type { ClosingRun } from "./run.ts";

export interface ReadBack {
  /** The documents after posting, by documentKey; undefined when Visma.net throttled the read. */
  documents?: ReadonlyMap<string, ArDocument>;
  throttle?: { retryAfterMs: number | null };
}

/**
 * Reads the released documents again after posting (nothing to read back when nothing was
 * released). The read also covers what the ledger records closed earlier the same day, so the
 * day's reconciliation that follows is answered from it instead of listing documents again.
 */
export async function readBack(run: ClosingRun, posted: Posted): Promise<ReadBack> {
  const released = posted.payments.flatMap((p) => (p.outcome.kind === "released" ? p.planned.documents : []));
  if (released.length === 0) return {};
  try {
    const closedToday = closedOn(await run.store.recentBatches(run.today), run.today);
    const list = await readDocuments(run, [...released, ...closedToday]);
    return { documents: new Map(list.items.map((d) => [documentKey(d), d])) };
  } catch (error) {
    // Throttled: the released payments are not recorded now; the next run finds them by reference.
    if (error instanceof VismaThrottledError) return { throttle: { retryAfterMs: error.retryAfterMs } };
    throw error;
  }
}

/** Ledger documents recorded closed on `day`, or of a batch transferred that day and closed since (the day's reconciliation checks both). */
function closedOn(batches: readonly Batch[], day: string): LedgerDocument[] {
  return batches.flatMap((b) =>
    b.status !== "transferred"
      ? []
      : b.documents.filter(
          (d) => d.closing?.status === "closed" && (b.businessDate === day || d.closing.applicationDate === day),
        ),
  );
}

/** A released payment, as the read-back judges it. */
export interface Released {
  planned: PlannedPayment;
  paymentNumber: string;
}

export interface Verification {
  /** Documents confirmed closed, with the ledger entry to record, in the order of the payments. */
  closed: {
    batchId: string;
    planned: PlannedPayment;
    paymentNumber: string;
    document: LedgerDocument;
    entry: Extract<ClosingEntry, { status: "closed" }>;
  }[];
  /** Documents a released payment applies that do not read back Closed with balance 0. */
  unconfirmed: { paymentRef: string; document: LedgerDocument; data: NoticeData["not-confirmed-closed"] }[];
  /** Documents of released payments that could not be read back (throttled): recorded by a later run. */
  notReadBack: number;
}

/**
 * Pure: which documents of the released payments the read-back confirms closed. `after` is the
 * read-back (undefined when it could not be made); `when` stamps the ledger entries.
 */
export function verifyReadBack(
  released: readonly Released[],
  after: ReadonlyMap<string, ArDocument> | undefined,
  when: { today: string; at: string },
): Verification {
  const out: Verification = { closed: [], unconfirmed: [], notReadBack: 0 };
  for (const { planned, paymentNumber } of released) {
    if (!after) {
      out.notReadBack += planned.documents.length;
      continue;
    }
    for (const document of planned.documents) {
      const now = after.get(documentKey(document));
      if (!now || now.status !== "Closed" || now.balanceOre !== 0) {
        out.unconfirmed.push({
          paymentRef: planned.paymentRef,
          document,
          data: {
            paymentType: planned.type,
            paymentNumber,
            status: now?.status ?? null,
            balanceOre: now?.balanceOre ?? null,
            currency: now?.currency ?? document.currency,
          },
        });
        continue;
      }
      out.closed.push({
        batchId: planned.batchId,
        planned,
        paymentNumber,
        document,
        entry: {
          status: "closed",
          paymentType: planned.type,
          paymentNumber,
          paymentRef: planned.paymentRef,
          amountOre: document.amountOre,
          applicationDate: planned.existing?.applicationDate ?? when.today,
          releasedAt: when.at,
        },
      });
    }
  }
  return out;
}

/** verifyReadBack of this run's released payments, stamped with the run's day and clock. */
export function verify({ ctx, today }: ClosingRun, posted: Posted, back: ReadBack): Verification {
  const released = posted.payments.flatMap((p) =>
    p.outcome.kind === "released" ? [{ planned: p.planned, paymentNumber: p.outcome.paymentNumber }] : [],
  );
  return verifyReadBack(released, back.documents, { today, at: ctx.now.toISO()! });
}
