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

import type { FieldNote, FieldProblem } from "./format-problems.ts";

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

/**
 * Why a KID cannot be used under the tenant's check-digit rule (format/kid.ts decides): data, so
 * each language says it in its own words.
 */
export type KidIssue =
  | { reason: "missing"; rule: "mod10" | "mod11" }
  | { reason: "spaces"; kid: string }
  | { reason: "characters"; kid: string }
  | { reason: "length"; kid: string }
  | { reason: "dash"; kid: string; rule: "mod10" | "none" }
  | { reason: "check-digit"; kid: string; rule: "mod10" | "mod11"; expected: string };

export type { FieldProblem } from "./format-problems.ts";

/** A payment or refund of ours, as a notice names it. */
type OurPayment = {
  paymentType: string;
  /** Visma.net's number, once it has one. */
  paymentNumber?: string;
  paymentRef: string;
};

type Nothing = Record<string, never>;

/**
 * What each notice says, as data: the message catalogue (src/report/messages/) turns it into a
 * sentence in the reader's language, so the attention list (which stores this data, never a
 * sentence) reads in whatever language the tenant reports in today. Amounts are integer øre of
 * `currency`; instants are ISO-8601 with an offset; dates are yyyy-MM-dd.
 */
export interface NoticeData {
  "already-transferred": Nothing;
  "not-new": Nothing;
  "not-open-yet": { status: string };
  "closed-before-transfer": Nothing;
  "voided-before-transfer": Nothing;
  "created-before-start": { createdAt: string };
  "payment-method": { method: string | null; methods: string[] };
  "document-type": { type: string };
  "unsupported-type": { listedAs: string; type: NoticeDocument["type"] };
  "too-old": { documentDate: string; ageDays: number; limitDays: number };
  currency: { currency: string; accepted: string[] };
  "zero-balance": Nothing;
  "partly-paid-before-transfer": { balanceOre: number; amountOre: number; currency: string };
  kid: KidIssue;
  format: { problems: FieldProblem[] };
  "missing-customer": { customer: string };
  malformed: { endpoint: string; problem: string };
  "credit-applied": Nothing;
  /** `note` in English; `notes` the same as data (absent in notices stored before the codes). */
  "format-note": { note: string; notes?: FieldNote[] };
  "pending-batch": {
    batchId: string;
    documents: number;
    target: string;
    /** Each file of the batch: its recorded size, and the size found on the server (null: absent). */
    files: { name: string; bytes: number; found: number | null }[];
  };
  "malformed-customer": { endpoint: string; customer: string; problem: string };
  "autoinvoice-confirm": { batchId: string; invoices: string[] };
  "due-date-changed": { batchId: string; sent: string | null; current: string | null };
  "closed-elsewhere": Nothing;
  "partly-paid": { balanceOre: number; amountOre: number; currency: string };
  voided: Nothing;
  "amount-changed": { nowOre: number; sentOre: number; currency: string };
  "not-open": { status: string };
  "not-found": Nothing;
  "payment-voided": { paymentType: string; paymentRef: string; voidType: string; voidNumber: string };
  "payment-mismatch": { paymentType: string; paymentNumber: string; paymentRef: string };
  /** Visma.net said no to creating or releasing it; `reason` is Visma.net's own text. */
  "payment-refused": OurPayment & { step: "create" | "release"; reason: string };
  /** What decides the document could not be read: our payment (with its number), or the document itself. */
  "payment-held": {
    paymentRef: string;
    unreadable: "payment" | "document";
    /** The unreadable payment's type and number, as far as they could be read. */
    paymentType?: string;
    paymentNumber?: string;
    problem: string;
  };
  /** The rate budget left these for the next slot: the calls left before the deadline, and those they need. */
  "closing-deferred": { documents: number; payments: number; calls: number; needed: number };
  "not-confirmed-closed": {
    paymentType: string;
    paymentNumber: string;
    /** As the document reads back (null: not returned). */
    status: string | null;
    balanceOre: number | null;
    currency: string;
  };
  /** The outcome of creating or releasing it is unknown; `reason` is the error's own text. */
  "payment-uncertain": OurPayment & { step: "create" | "release" | "post"; reason: string };
}

/** A notice's code with its data (the pair the catalogue renders). */
export type NoticeText<C extends NoticeCode = NoticeCode> = { [K in C]: { code: K; data: NoticeData[K] } }[C];

/** Everything a notice carries besides its text. */
export interface NoticeFacts {
  document?: NoticeDocument;
  /** Identity on the attention list when there is no document (default: the code alone). */
  key?: string;
  /** due-date-changed: the due date sent to the factor and the one Visma.net shows now. */
  dueDate?: { sent: string | null; current: string | null };
  /** autoinvoice-confirm: the batch whose invoices it names. */
  batchId?: string;
}

/** A notice of one of `C`'s codes. */
export type NoticeOf<C extends NoticeCode> = NoticeText<C> & NoticeFacts;

export type Notice = NoticeOf<NoticeCode>;

/** A notice from its code and data (the compiler holds the data to the code). */
export function notice<C extends NoticeCode>(code: C, data: NoticeData[C], facts: NoticeFacts = {}): NoticeOf<C> {
  return { code, data, ...facts } as NoticeOf<C>;
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

/** What is wrong with a KID, in English (the English catalogue says it the same way). */
export function kidIssueText(issue: KidIssue): string {
  switch (issue.reason) {
    case "missing":
      return `KID is missing (the factor expects a ${issue.rule.toUpperCase()} KID)`;
    case "spaces":
      return `KID ${JSON.stringify(issue.kid)} has leading or trailing spaces`;
    case "characters":
      return `KID ${JSON.stringify(issue.kid)} must be digits (a final "-" is allowed only for MOD11)`;
    case "length":
      return `KID ${issue.kid} has ${issue.kid.length} characters; a KID has 2–25`;
    case "dash":
      return `KID ${issue.kid} ends with "-", which only a MOD11 KID can${issue.rule === "none" ? "" : ` (the factor's rule is ${issue.rule.toUpperCase()})`}`;
    case "check-digit":
      return `KID ${issue.kid} fails the ${issue.rule.toUpperCase()} check digit (expected ${issue.expected})`;
  }
}
