import type { Ore } from "../shared/money.ts";
import type { DocumentType } from "../visma/types.ts";

/** Why a document seen by the transfer was not sent. */
export type ExclusionReason =
  | "already-transferred" // in a pending or transferred batch of the ledger
  | "not-new" // not modified since the previous transfer (re-checked client-side)
  | "not-open" // Hold, Balanced, Scheduled...: it will come when it turns Open
  | "closed-before-transfer" // an invoice paid/closed before it could be transferred
  | "credit-applied" // a credit note already applied/matched before transfer (must stay Open, unmatched)
  | "voided"
  | "created-before-start" // existed before the integration was switched on
  | "payment-method" // not a factoring payment method
  | "document-type" // the tenant does not transfer this type
  | "unsupported-type" // Visma.net lists it as another document type (DebitNote, FinCharge, …): never sent as an invoice
  | "too-old" // document date beyond maxInvoiceAgeDays
  | "currency" // the factor does not take this currency
  | "zero-balance"
  | "partly-paid" // balance below the document amount before transfer
  | "kid" // KID fails the tenant's check-digit rule
  | "format" // a field does not fit the factor's file format
  | "missing-customer" // customer not found in Visma.net
  | "malformed"; // the API returned an element that could not be read

export interface DocumentRef {
  type: DocumentType;
  number: string;
  customer: string;
  customerName: string;
  amountOre: Ore;
  currency: string;
  documentDate: string;
  dueDate: string | null;
}

export interface Exclusion {
  document: DocumentRef;
  reason: ExclusionReason;
  detail: string;
  /** True when a person must act (handle with the factor, fix in Visma.net). */
  needsHuman: boolean;
}

/** Reasons that are normal business and need nobody. */
export const ROUTINE_REASONS: ReadonlySet<ExclusionReason> = new Set([
  "already-transferred",
  "not-new",
  "not-open",
  "closed-before-transfer",
  "voided",
  "created-before-start",
  "payment-method",
  "document-type",
]);
