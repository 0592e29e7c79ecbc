/**
 * The closing plan: a pure function of the ledger, the documents' current state in Visma.net,
 * the payments already there, and the clock. Each transferred, unclosed document is either
 * waiting (delay not over), resumed (our payment already exists: a crash came between create,
 * release and the ledger), posted (new payment/refund), or skipped because it changed since
 * the transfer — those are never forced.
 */
import { DateTime } from "luxon";
import type { TenantSettings } from "../config/schema.ts";
import { documentKey, type Batch, type LedgerDocument } from "../ledger/types.ts";
import { sumOre, type Ore } from "../shared/money.ts";
import type { ArDocument, Payment, PaymentType } from "../visma/types.ts";

export type SkipReason =
  | "closed-elsewhere"
  | "partly-paid"
  | "voided"
  | "amount-changed"
  | "not-open"
  | "not-found"
  | "payment-voided"
  | "payment-mismatch";

export interface PlannedPayment {
  paymentRef: string;
  type: PaymentType;
  customer: string;
  currency: string;
  batchId: string;
  documents: LedgerDocument[];
  amountOre: Ore;
  /** Our payment found in Visma.net from an earlier, interrupted run. */
  existing?: Payment;
}

export interface PlannedSkip {
  batchId: string;
  document: LedgerDocument;
  reason: SkipReason;
  detail: string;
}

export interface ClosingPlan {
  payments: PlannedPayment[];
  skips: PlannedSkip[];
  waiting: LedgerDocument[];
}

export interface PlanInput {
  settings: Pick<TenantSettings, "closing">;
  now: DateTime;
  batches: Batch[];
  current: ReadonlyMap<string, ArDocument>; // by documentKey
  paymentsByRef: ReadonlyMap<string, Payment>;
}

/**
 * Deterministic reference of the payment that closes `document` (or, grouped, the customer's
 * documents of one batch). It is the idempotency key: before creating, the closing step looks
 * for a payment carrying it.
 */
export function paymentRefFor(batchId: string, groupKey: string): string {
  // batch ids are "<tenant>-<yyyymmdd>-<nn>"; the tenant is the company, so only the date and
  // number are needed to be unique within it. ASSUMPTION: "Payment ref." takes at least 30 chars.
  const [, date = "", seq = ""] = /-(\d{8})-(\d+)$/.exec(batchId) ?? [];
  return `${PAYMENT_REF_PREFIX}${date}-${seq}-${groupKey}`;
}

/** Every payment and refund the closing posts carries a reference starting with this. */
export const PAYMENT_REF_PREFIX = "VF-";

export function isOurPaymentRef(ref: string | null): boolean {
  return ref?.startsWith(PAYMENT_REF_PREFIX) ?? false;
}

/** "VF-20261126-01-000701" → "2026-11-26", the business date of the batch it closes. */
export function batchDateOfRef(ref: string | null): string | undefined {
  const m = /^VF-(\d{4})(\d{2})(\d{2})-/.exec(ref ?? "");
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

export function planClosing(input: PlanInput): ClosingPlan {
  const plan: ClosingPlan = { payments: [], skips: [], waiting: [] };
  const delay = input.settings.closing.delayHours;
  for (const batch of input.batches) {
    if (batch.status !== "transferred") continue;
    const open = batch.documents.filter((d) => !d.closing);
    if (open.length === 0) continue;
    if (!isDue(batch, input.now, delay)) {
      plan.waiting.push(...open);
      continue;
    }
    const groups = new Map<string, PlannedPayment>();
    for (const doc of open) {
      // One payment applies one currency: a customer's invoices in two currencies are two groups,
      // and each needs its own reference (the reference is the idempotency key).
      const grouped = input.settings.closing.grouping === "perCustomer" && doc.type === "Invoice";
      const groupKey = grouped ? `C${doc.customer}-${doc.currency}` : doc.number;
      const ref = paymentRefFor(batch.id, groupKey);
      const existing = input.paymentsByRef.get(ref);
      const verdict = existing ? undefined : judge(doc, input.current.get(documentKey(doc)));
      if (existing && existing.status === "Voided") {
        plan.skips.push({ batchId: batch.id, document: doc, reason: "payment-voided", detail: `our ${existing.type} ${existing.number} (${ref}) was voided in Visma.net; decide by hand how to close this document` });
        continue;
      }
      if (existing && !existing.lines.some((l) => l.refNbr === doc.number && l.documentType === doc.type)) {
        plan.skips.push({ batchId: batch.id, document: doc, reason: "payment-mismatch", detail: `our ${existing.type} ${existing.number} (${ref}) does not apply this document; close it by hand` });
        continue;
      }
      if (verdict) {
        plan.skips.push({ batchId: batch.id, document: doc, ...verdict });
        continue;
      }
      let group = groups.get(ref);
      if (!group) {
        group = {
          paymentRef: ref,
          type: doc.type === "Invoice" ? "Payment" : "Refund",
          customer: doc.customer,
          currency: doc.currency,
          batchId: batch.id,
          documents: [],
          amountOre: 0,
          existing,
        };
        groups.set(ref, group);
      }
      group.documents.push(doc);
      group.amountOre = sumOre([group.amountOre, doc.amountOre]);
    }
    plan.payments.push(...groups.values());
  }
  return plan;
}

/** A transferred batch whose transfer is at least `delayHours` before `now`. */
export function isDue(batch: Batch, now: DateTime, delayHours: number): boolean {
  return batch.status === "transferred" && !!batch.transferredAt && now.diff(parseInstant(batch.transferredAt), "hours").hours >= delayHours;
}

function judge(doc: LedgerDocument, current: ArDocument | undefined): { reason: SkipReason; detail: string } | undefined {
  const what = `${doc.type === "Invoice" ? "invoice" : "credit note"} ${doc.number}`;
  if (!current) return { reason: "not-found", detail: `${what} was not returned by Visma.net; check whether it was deleted` };
  if (current.status === "Voided") return { reason: "voided", detail: `${what} was voided after the transfer; tell the factor` };
  if (current.status === "Closed") {
    return { reason: "closed-elsewhere", detail: `${what} was closed in Visma.net by something else (customer paid, matched by hand) after the transfer; settle it with the factor` };
  }
  if (current.amountOre !== doc.amountOre) {
    return { reason: "amount-changed", detail: `${what} amount is ${current.amountOre} øre now, ${doc.amountOre} øre when transferred; correct it at the factor` };
  }
  if (current.balanceOre < doc.amountOre) {
    return { reason: "partly-paid", detail: `${what} has an open balance of ${current.balanceOre} øre of ${doc.amountOre} øre: partly paid or applied after the transfer; settle the rest with the factor` };
  }
  if (current.status !== "Open") return { reason: "not-open", detail: `${what} has status ${current.status}` };
  return undefined;
}

function parseInstant(iso: string): DateTime {
  const d = DateTime.fromISO(iso, { setZone: true });
  if (!d.isValid) throw new Error(`ledger instant is not ISO-8601: ${iso}`);
  return d;
}
