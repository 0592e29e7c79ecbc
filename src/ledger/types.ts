/**
 * What the ledger records. One JSON file per tenant and month of the batches' business
 * date (state/<tenant>/<yyyy-mm>.json) plus a small cursor (state/<tenant>/cursor.json).
 * The ledger must tell the truth: a document listed in a pending or transferred batch may
 * have reached the factor and is never sent again; a closing entry names the payment or
 * refund that closed it.
 */
import type { Ore } from "../shared/money.ts";
import type { DocumentType, PaymentType } from "../visma/types.ts";

export type BatchStatus =
  | "pending" // recorded before the upload; may or may not be at the factor
  | "transferred" // uploaded, renamed and size-checked (or confirmed on the server / by a human)
  | "abandoned"; // a human confirmed it never reached the factor; its documents may be sent again

export interface LedgerFile {
  name: string;
  bytes: number;
  sha256: string;
}

export type ClosingEntry =
  | {
      status: "closed";
      paymentType: PaymentType;
      paymentNumber: string;
      paymentRef: string;
      amountOre: Ore;
      applicationDate: string;
      releasedAt: string;
    }
  | {
      status: "skipped";
      reason: string; // machine-readable code, e.g. "closed-elsewhere", "partly-paid", "voided", "amount-changed"
      detail: string; // for the human
      at: string;
    };

export interface LedgerDocument {
  type: DocumentType;
  number: string;
  customer: string;
  customerName: string;
  currency: string;
  amountOre: Ore;
  documentDate: string;
  dueDate: string | null;
  kid: string | null;
  closing?: ClosingEntry;
}

export interface Batch {
  id: string; // <tenant>-<yyyymmdd>-<nn>
  businessDate: string;
  sequence: number;
  status: BatchStatus;
  target: string; // where it was delivered, never a secret
  createdAt: string; // ISO instant
  transferredAt?: string;
  resolvedBy?: string; // how a pending batch was settled: "server-check" | "human:sent" | "human:not-sent"
  files: LedgerFile[];
  documents: LedgerDocument[];
  /** Customers sent to the factor for the first time with this batch. */
  newCustomers: string[];
}

export interface LedgerMonth {
  tenant: string;
  month: string; // yyyy-mm
  batches: Batch[];
}

export interface Cursor {
  tenant: string;
  /** Documents created before this instant are never transferred automatically. */
  integrationStart: string;
  lastTransfer?: {
    businessDate: string;
    startedAt: string; // ISO instant: the next run looks at documents modified since (minus an overlap)
    completedAt: string;
    batches: string[];
  };
  /** Every customer number ever sent to the factor (for "new customers only" customer files). */
  customersSent: string[];
}

export function documentKey(d: { type: DocumentType; number: string }): string {
  return `${d.type}:${d.number}`;
}
