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
import type { NoticeData, NoticeText, SkipCode } from "../shared/notice.ts";
import type { ArDocument, MalformedElement, Payment, PaymentType } from "../visma/index.ts";

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

/** A document the closing skips because it changed after the transfer; the ledger records code and data. */
export type PlannedSkip = { batchId: string; document: LedgerDocument } & NoticeText<SkipCode>;

/** A document not posted this run because what decides it could not be read; nothing is recorded. */
export interface PlannedHold {
  batchId: string;
  document: LedgerDocument;
  data: NoticeData["payment-held"];
}

/** One of our payments Visma.net returned in a form that could not be read: its number and the problem. */
export interface UnreadablePayment {
  /** Its type, when that much could be read. */
  type?: string;
  number: string;
  problem: string;
}

export interface ClosingPlan {
  payments: PlannedPayment[];
  skips: PlannedSkip[];
  waiting: LedgerDocument[];
  held: PlannedHold[];
}

export interface PlanInput {
  settings: Pick<TenantSettings, "closing">;
  now: DateTime;
  batches: Batch[];
  current: ReadonlyMap<string, ArDocument>; // by documentKey
  /** The company's customer payments in the look-back, of every type (ourPayments finds ours). */
  payments: readonly Payment[];
  /** Documents (documentKey) Visma.net returned in a form that could not be read, with the problem. */
  unreadableDocuments?: ReadonlyMap<string, string>;
  /** References of ours whose payment could not be read, with its number and the problem. */
  unreadableRefs?: ReadonlyMap<string, UnreadablePayment>;
}

/**
 * Deterministic reference of the payment that closes `document` (or, grouped, the customer's
 * documents of one batch). It is the idempotency key: before creating, the closing step looks
 * for a payment carrying it.
 */
export function paymentRefFor(batchId: string, groupKey: string): string {
  // batch ids are "<tenant>-<yyyymmdd>-<nn>"; the tenant is the company, so only the date and
  // number are needed to be unique within it. ASSUMPTION(A16): "Payment ref." takes at least the 25
  // characters of the longest reference (ExtRefNbr holds 40 in Acumatica). If Visma.net refuses
  // it, the closing reports the refusal; if it cut it short, the lookup by reference would miss
  // the payment after a crash and the document (then Closed) would wait for a person as
  // closed-elsewhere, never be paid twice. Confirm the field length before go-live.
  const [, date = "", seq = ""] = /-(\d{8})-(\d+)$/.exec(batchId) ?? [];
  return `${PAYMENT_REF_PREFIX}${date}-${seq}-${groupKey}`;
}

/** Every payment and refund the closing posts carries a reference starting with this. */
export const PAYMENT_REF_PREFIX = "VF-";

export function isOurPaymentRef(ref: string | null): boolean {
  return ref?.startsWith(PAYMENT_REF_PREFIX) ?? false;
}

/** The payment types the closing posts; void documents (VoidPayment, VoidRefund) are never ours. */
const OUR_TYPES: ReadonlySet<string> = new Set<PaymentType>(["Payment", "Refund"]);

/** A payment the closing itself posted: a Payment or Refund carrying one of our references. */
export function isOurPayment(p: Pick<Payment, "type" | "paymentRef">): boolean {
  return OUR_TYPES.has(p.type) && isOurPaymentRef(p.paymentRef);
}

export interface OurPayments {
  /** Our live (not voided) payment per type + reference (ourPaymentKey). */
  live: ReadonlyMap<string, Payment>;
  /** Type + reference of ours that Visma.net shows voided (the Voided original, or its void document). */
  voided: ReadonlyMap<string, Payment>;
}

/**
 * Whose an unreadable customer payment (MalformedElement) could be, from what could still be read:
 * not ours (another reference, none, or a type we never post), ours with a known reference, or
 * possibly ours with an unreadable reference (ref null).
 */
export function unreadablePaymentOwner(
  m: Pick<MalformedElement, "readable">,
): { ours: false } | { ours: true; ref: string | null } {
  const type = m.readable?.type;
  const ref = m.readable?.paymentRef;
  const ourKind = typeof type !== "string" || OUR_TYPES.has(type) || type in VOID_OF;
  if (!ourKind) return { ours: false };
  if (ref === null) return { ours: false }; // read, and empty: ours always carry a reference
  if (ref === undefined) return { ours: true, ref: null };
  return isOurPaymentRef(ref) ? { ours: true, ref } : { ours: false };
}

/** Type and reference: ASSUMPTION(A21) one number series serves payments, refunds and their voids. */
export function ourPaymentKey(type: string, paymentRef: string): string {
  return `${type}|${paymentRef}`;
}

const VOID_OF: Readonly<Record<string, PaymentType>> = { VoidPayment: "Payment", VoidRefund: "Refund" };

/**
 * Our payments among the company's payments, found by type + reference. A voided payment, or a
 * void document carrying our reference (Visma.net copies the reference onto it), marks that
 * reference voided and is never taken for the live payment.
 */
export function ourPayments(payments: readonly Payment[]): OurPayments {
  const live = new Map<string, Payment>();
  const voided = new Map<string, Payment>();
  for (const p of payments) {
    if (!isOurPaymentRef(p.paymentRef)) continue;
    const voidOf = VOID_OF[p.type];
    if (voidOf) voided.set(ourPaymentKey(voidOf, p.paymentRef!), p);
    else if (!OUR_TYPES.has(p.type)) continue;
    else if (p.status === "Voided") voided.set(ourPaymentKey(p.type, p.paymentRef!), p);
    else live.set(ourPaymentKey(p.type, p.paymentRef!), p);
  }
  return { live, voided };
}

/** "VF-20261126-01-000701" → "2026-11-26", the business date of the batch it closes. */
export function batchDateOfRef(ref: string | null): string | undefined {
  const m = /^VF-(\d{4})(\d{2})(\d{2})-/.exec(ref ?? "");
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

export function planClosing(input: PlanInput): ClosingPlan {
  const plan: ClosingPlan = { payments: [], skips: [], waiting: [], held: [] };
  const delay = input.settings.closing.delayHours;
  const ours = ourPayments(input.payments);
  for (const batch of input.batches) {
    if (batch.status !== "transferred") continue;
    const open = batch.documents.filter((d) => !d.closing);
    if (open.length === 0) continue;
    if (!isDue(batch, input.now, delay)) {
      plan.waiting.push(...open);
      continue;
    }
    const groups = new Map<string, PlannedPayment>();
    const held = new Map<string, NoticeData["payment-held"]>(); // paymentRef → why the whole group waits
    for (const doc of open) {
      // One payment applies one currency: a customer's invoices in two currencies are two groups,
      // and each needs its own reference (the reference is the idempotency key).
      const grouped = input.settings.closing.grouping === "perCustomer" && doc.type === "Invoice";
      const groupKey = grouped ? `C${doc.customer}-${doc.currency}` : doc.number;
      const ref = paymentRefFor(batch.id, groupKey);
      const type: PaymentType = doc.type === "Invoice" ? "Payment" : "Refund";
      // Never judged on a guess: an unreadable payment of ours or document holds its whole group.
      const unreadablePayment = input.unreadableRefs?.get(ref);
      const unreadableDocument = input.unreadableDocuments?.get(documentKey(doc));
      if (unreadablePayment !== undefined)
        held.set(ref, {
          paymentRef: ref,
          unreadable: "payment",
          ...(unreadablePayment.type ? { paymentType: unreadablePayment.type } : {}),
          paymentNumber: unreadablePayment.number,
          problem: unreadablePayment.problem,
        });
      else if (unreadableDocument !== undefined && !held.has(ref))
        held.set(ref, { paymentRef: ref, unreadable: "document", problem: unreadableDocument });
      const existing = ours.live.get(ourPaymentKey(type, ref));
      const voided = existing ? undefined : ours.voided.get(ourPaymentKey(type, ref));
      if (voided) {
        plan.skips.push({
          batchId: batch.id,
          document: doc,
          code: "payment-voided",
          data: { paymentType: type, paymentRef: ref, voidType: voided.type, voidNumber: voided.number },
        });
        continue;
      }
      const verdict =
        existing || unreadableDocument !== undefined ? undefined : judge(doc, input.current.get(documentKey(doc)));
      if (existing && !existing.lines.some((l) => l.refNbr === doc.number && l.documentType === doc.type)) {
        plan.skips.push({
          batchId: batch.id,
          document: doc,
          code: "payment-mismatch",
          data: { paymentType: existing.type, paymentNumber: existing.number, paymentRef: ref },
        });
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
          type,
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
    for (const group of groups.values()) {
      const data = held.get(group.paymentRef);
      if (data === undefined) plan.payments.push(group);
      else plan.held.push(...group.documents.map((document) => ({ batchId: batch.id, document, data })));
    }
  }
  return plan;
}

/** A transferred batch whose transfer is at least `delayHours` before `now`. */
export function isDue(batch: Batch, now: DateTime, delayHours: number): boolean {
  return (
    batch.status === "transferred" &&
    !!batch.transferredAt &&
    now.diff(parseInstant(batch.transferredAt), "hours").hours >= delayHours
  );
}

function judge(doc: LedgerDocument, current: ArDocument | undefined): NoticeText<SkipCode> | undefined {
  if (!current) return { code: "not-found", data: {} };
  if (current.status === "Voided") return { code: "voided", data: {} };
  if (current.status === "Closed") return { code: "closed-elsewhere", data: {} };
  if (current.amountOre !== doc.amountOre)
    return {
      code: "amount-changed",
      data: { nowOre: current.amountOre, sentOre: doc.amountOre, currency: doc.currency },
    };
  if (current.balanceOre < doc.amountOre) {
    return {
      code: "partly-paid",
      data: { balanceOre: current.balanceOre, amountOre: doc.amountOre, currency: doc.currency },
    };
  }
  if (current.status !== "Open") return { code: "not-open", data: { status: current.status } };
  return undefined;
}

function parseInstant(iso: string): DateTime {
  const d = DateTime.fromISO(iso, { setZone: true });
  if (!d.isValid) throw new Error(`ledger instant is not ISO-8601: ${iso}`);
  return d;
}
