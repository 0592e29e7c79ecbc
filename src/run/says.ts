/**
 * What a run says besides its notices (shared/notice.ts), as data: how it ended, why an item left
 * the attention list, what the day's reconciliation found. The message catalogue
 * (src/report/messages/) turns each into a sentence in the reader's language, so the state files
 * that keep them (status.json, attention.json) hold codes and data, never a sentence in one
 * language. Amounts are integer øre of their currency; instants are ISO-8601 with an offset (shown
 * in the tenant's zone); dates are yyyy-MM-dd.
 */
import type { DateTime } from "luxon";
import type { NoticeDocument } from "../shared/notice.ts";

type Nothing = Record<string, never>;

/** A payment or refund as Visma.net numbers it, with the reference the closing gave it. */
export interface PaymentNamed {
  type: string;
  number: string;
  ref: string;
}

/** How a run ended, or a part of it: one sentence each. */
export interface RunTexts {
  // The transfer.
  "outside-window": { start: string; end: string; zone: string; now: string };
  "already-ran": { at: string };
  "pending-dry-run": { batches: string[] };
  "pending-unsettled": { batches: string[] };
  "nothing-to-send": Nothing;
  "would-send": { batchId: string; files: number };
  "files-exist": { files: string[]; target: string; tenant: string };
  sent: { batchId: string; invoices: number; creditNotes: number; target: string };
  "incomplete-read": { count: number };
  /** Visma.net's rate limit: until when it asked to wait (null: it did not say). */
  throttled: { until: string | null };
  // The closing.
  "closing-disabled": Nothing;
  "nothing-to-close": Nothing;
  "waiting-for-delay": { count: number; delayHours: number };
  "unreadable-elements": { count: number; elements: string[] };
  /** `deferred`: payments the rate budget left for the next slot (absent in records of older runs). */
  "would-post": { payments: number; skips: number; deferred?: number };
  "closing-done": {
    closed: number;
    refused: number;
    skipped: number;
    uncertain: number;
    held: number;
    unconfirmed: number;
    notReadBack: number;
    released: number;
    /** Documents a throttle left for a later run, and until when Visma.net asked to wait. */
    throttled: { until: string | null; documents: number } | null;
    /** Documents the rate budget left for the next slot (absent in records of older runs). */
    deferred?: number;
  };
  "reconciliation-mismatch": { count: number };
  // Any command.
  "tenant-file-errors": Nothing;
  /** An error the run did not expect: its own text (English, quoting servers and files). */
  error: { text: string };
}

export type RunCode = keyof RunTexts;

/** One sentence of how a run ended: a code with its data. */
export type RunText<C extends RunCode = RunCode> = { [K in C]: { code: K } & RunTexts[K] }[C];

export function says<C extends RunCode>(code: C, data: RunTexts[C]): RunText<C> {
  return { code, ...data } as RunText<C>;
}

/** Until when Visma.net asked to wait (its Retry-After from `now`), or null when it did not say. */
export function untilOf(throttle: { retryAfterMs: number | null }, now: DateTime): string | null {
  return throttle.retryAfterMs === null ? null : now.plus({ milliseconds: throttle.retryAfterMs }).toISO()!;
}

/** A run that ends because Visma.net throttled it: the next slot catches up. */
export function throttledUntil(throttle: { retryAfterMs: number | null }, now: DateTime): RunText<"throttled"> {
  return says("throttled", { until: untilOf(throttle, now) });
}

/** Why an item left the attention list (watch/attention.ts). */
export type ClearedReason =
  | { code: "retired-code"; noticeCode: string }
  | { code: "batch-settled"; batchId: string }
  | { code: "completed-without"; command: "transfer" | "close"; date: string }
  | { code: "voided" }
  | { code: "transferred-after-all" }
  | { code: "closed-in-visma" }
  | { code: "due-date-restored"; date: string | null }
  | { code: "recorded-closed"; paymentType: string; paymentNumber: string }
  | { code: "recorded-skipped"; reason: string }
  | { code: "retention"; days: number; keepDays: number };

/** How the ledger records a document's closing, as a mismatch names it. */
export type RecordedClosing =
  | { status: "closed"; paymentType: string; paymentNumber: string }
  | { status: "skipped"; reason: string };

/** What the reconciliation found wrong about one document or payment (reconcile/reconcile.ts). */
export type MismatchProblem =
  /** One of our payments applies a document the ledger never transferred. */
  | { code: "never-transferred"; payment: PaymentNamed & { status: string }; appliedOre: number; currency: string }
  /** One of our payments applies a document the ledger does not record closed by it. */
  | {
      code: "not-recorded";
      payment: PaymentNamed & { status: string };
      appliedOre: number;
      currency: string;
      recorded: RecordedClosing | null;
    }
  | { code: "closed-amount"; closedOre: number; transferredOre: number; currency: string }
  | { code: "payment-missing"; recorded: PaymentNamed; applicationDate: string }
  | { code: "payment-type"; recorded: PaymentNamed; actualType: string }
  | { code: "payment-ref"; recorded: PaymentNamed; actualRef: string | null }
  | { code: "payment-status"; recorded: PaymentNamed; status: string }
  | { code: "not-applied"; recorded: PaymentNamed }
  | {
      code: "applied-amount";
      recorded: PaymentNamed;
      appliedOre: number;
      appliedCurrency: string;
      recordedOre: number;
      currency: string;
    }
  | { code: "document-missing" }
  | { code: "document-open"; recorded: PaymentNamed; status: string; balanceOre: number; currency: string }
  | { code: "document-amount"; nowOre: number; nowCurrency: string; transferredOre: number; currency: string };

export interface Mismatch {
  document?: Omit<NoticeDocument, "customerName">;
  paymentNumber?: string;
  problem: MismatchProblem;
}
