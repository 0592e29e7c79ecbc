/**
 * The one vocabulary a run uses to say what happened to a document (or to the run itself), from
 * the selection's "not sent, and why" through the closing's "skipped, and why" to the watch list.
 * Every notice has a code from this table; the table says how far the notice reaches and, for
 * those a person must act on, what settles it on the tenant's attention list
 * (src/watch/attention.ts). Nothing translates one name into another.
 *
 * reach:
 * - routine:   normal business, nobody acts; the run summary counts them ("not sent (routine): …").
 * - summary:   said once in the run summary, never listed for follow-up (the factor's file says
 *              something differently from Visma.net without holding the document back).
 * - attention: a person must act; in the run summary, a warning annotation in Actions, and on the
 *              attention list (and its issue) until what settles it happens.
 *
 * settledBy (attention only; any notice about a document is also settled when Visma.net shows it
 * Voided, except "factor"):
 * - sent:       the document was not sent; settled when the ledger has it after all, or Visma.net shows it Closed.
 * - void:       only a void settles it (a credit note applied before the transfer is Closed by then).
 * - due-date:   Visma.net shows the due date sent to the factor again.
 * - closed:     the ledger records the document closed.
 * - recorded:   the ledger records the document closed or skipped.
 * - factor:     settled with the factor, which nothing here can read: kept until the retention drops it.
 * - batch:      every document of its batch is closed or skipped.
 * - next-run:   no document: the reporting command's next completed run that does not report it again.
 */

export type Reach = "routine" | "summary" | "attention";
export type SettledBy = "sent" | "void" | "due-date" | "closed" | "recorded" | "factor" | "batch" | "next-run";

/** Where a notice comes from: the selection (not sent), the closing's skips (recorded), or elsewhere in a run. */
type Stage = "selection" | "skip" | "run";

interface Definition {
  stage: Stage;
  reach: Reach;
  settledBy?: SettledBy;
}

const routine = { stage: "selection", reach: "routine" } as const satisfies Definition;
const notSent = { stage: "selection", reach: "attention", settledBy: "sent" } as const satisfies Definition;
const afterTransfer = { stage: "skip", reach: "attention", settledBy: "factor" } as const satisfies Definition;

export const NOTICES = {
  // The transfer's selection (src/select): a document that was not sent, and why.
  "already-transferred": routine, // in a pending or transferred batch of the ledger
  "not-new": routine, // not modified since the previous transfer (re-checked client-side)
  "not-open-yet": routine, // Hold, Balanced, Scheduled…: it comes when it turns Open
  "closed-before-transfer": routine, // an invoice paid or closed before it could be transferred
  "voided-before-transfer": routine,
  "created-before-start": routine, // existed before the integration was switched on
  "payment-method": routine, // not a factoring payment method
  "document-type": routine, // the tenant does not transfer this type
  "unsupported-type": notSent, // Visma.net lists it as another type (DebitNote, FinCharge, …)
  "too-old": notSent, // document date beyond selection.maxInvoiceAgeDays
  currency: notSent, // the factor does not take this currency
  "zero-balance": notSent,
  "partly-paid-before-transfer": notSent, // balance below the document amount before the transfer
  kid: notSent, // the KID fails the tenant's check-digit rule
  format: notSent, // a field does not fit the factor's file format
  "missing-customer": notSent, // the customer was not returned by Visma.net
  malformed: notSent, // Visma.net returned the document in a form that could not be read
  "credit-applied": { stage: "selection", reach: "attention", settledBy: "void" }, // a credit note applied before the transfer
  // The transfer, otherwise.
  "format-note": { stage: "run", reach: "summary" }, // sent, but the file says something differently from Visma.net
  "pending-batch": { stage: "run", reach: "attention", settledBy: "next-run" }, // a batch the server check could not confirm
  "malformed-customer": { stage: "run", reach: "attention", settledBy: "next-run" }, // its documents wait until it reads
  "autoinvoice-confirm": { stage: "run", reach: "attention", settledBy: "batch" }, // confirm these reached AutoInvoice
  // The watch list.
  "due-date-changed": { stage: "run", reach: "attention", settledBy: "due-date" }, // change it at the factor too
  // The closing (src/close): a transferred document skipped because it changed after the
  // transfer; the code is also the reason the ledger records.
  "closed-elsewhere": afterTransfer,
  "partly-paid": afterTransfer,
  voided: afterTransfer,
  "amount-changed": afterTransfer,
  "not-open": afterTransfer,
  "not-found": afterTransfer,
  "payment-voided": afterTransfer,
  "payment-mismatch": afterTransfer,
  // The closing, otherwise.
  "payment-refused": { stage: "run", reach: "attention", settledBy: "recorded" }, // Visma.net said no; the next run tries again
  "payment-held": { stage: "run", reach: "attention", settledBy: "closed" }, // what decides it could not be read: nothing posted
  "not-confirmed-closed": { stage: "run", reach: "attention", settledBy: "closed" }, // released, but the read-back disagrees
  "payment-uncertain": { stage: "run", reach: "attention", settledBy: "next-run" }, // the outcome of a create is unknown
  "closing-deferred": { stage: "run", reach: "summary" }, // the rate budget left payments for the next slot
} as const satisfies Record<string, Definition>;

export type NoticeCode = keyof typeof NOTICES;

type CodesOf<S extends Stage> = { [K in NoticeCode]: (typeof NOTICES)[K]["stage"] extends S ? K : never }[NoticeCode];

/** Codes of the selection: why a document was not sent. */
export type ExclusionCode = CodesOf<"selection">;

/** Codes of the closing's skips: why a transferred document is not closed by a payment of ours (the ledger records the code). */
export type SkipCode = CodesOf<"skip">;

/** The fields a notice names a document by. */
export interface NoticeDocument {
  type: "Invoice" | "CreditNote";
  number: string;
  customer: string;
  customerName: string;
  /** Integer øre of `currency`. */
  amountOre: number;
  currency: string;
}

export interface Notice {
  code: NoticeCode;
  document?: NoticeDocument;
  /** What happened, and what a person should do about it. */
  message: string;
  /** Identity on the attention list when there is no document (default: the message). */
  key?: string;
  /** due-date-changed: the due date sent to the factor and the one Visma.net shows now. */
  dueDate?: { sent: string | null; current: string | null };
  /** autoinvoice-confirm: the batch whose invoices it names. */
  batchId?: string;
}

export function isNoticeCode(code: string): code is NoticeCode {
  return Object.hasOwn(NOTICES, code);
}

export function reachOf(code: NoticeCode): Reach {
  return NOTICES[code].reach;
}

/** What settles an attention notice (undefined for routine and summary notices). */
export function settledBy(code: NoticeCode): SettledBy | undefined {
  const d: Definition = NOTICES[code];
  return d.settledBy;
}

/** Just the fields a notice names a document by (a ledger document or a Visma.net document carries more). */
export function noticeDocument(doc: NoticeDocument): NoticeDocument {
  return {
    type: doc.type,
    number: doc.number,
    customer: doc.customer,
    customerName: doc.customerName,
    amountOre: doc.amountOre,
    currency: doc.currency,
  };
}
