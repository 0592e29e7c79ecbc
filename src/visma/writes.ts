/**
 * Request bodies of the two writes (reference §5.2, §5.3): every scalar of PaymentUpdateDto is
 * wrapped as {"value": …}; lines carry a plain `operation`. Amounts leave as exact two-decimal
 * numbers (oreToApi), the application date as zone-less local midnight.
 */
import { oreToApi } from "../shared/money.ts";
import type { NewPayment, PaymentType } from "./types.ts";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 50; // invoiceText on AR302000

type Wrapped<T> = { value: T };
const v = <T>(value: T): Wrapped<T> => ({ value });

export interface PaymentUpdateBody {
  type: Wrapped<PaymentType>;
  hold: Wrapped<boolean>;
  applicationDate: Wrapped<string>;
  paymentRef: Wrapped<string>;
  customer: Wrapped<string>;
  paymentMethod?: Wrapped<string>;
  cashAccount: Wrapped<string>;
  currency: Wrapped<string>;
  paymentAmount: Wrapped<number>;
  invoiceText: Wrapped<string>;
  paymentLines: Array<{
    operation: "Insert";
    documentType: Wrapped<string>;
    refNbr: Wrapped<string>;
    amountPaid: Wrapped<number>;
  }>;
}

/** Checks a NewPayment and builds the POST /v1/customerPayment body; throws naming the bad field. */
export function buildPaymentBody(p: NewPayment): PaymentUpdateBody {
  const who = `${p.type} ${JSON.stringify(p.paymentRef)}`;
  if (p.type !== "Payment" && p.type !== "Refund") throw new Error(`${who}: type must be Payment or Refund`);
  if (!DATE.test(p.applicationDate))
    throw new Error(`${who}: applicationDate ${JSON.stringify(p.applicationDate)} is not yyyy-MM-dd`);
  if (!p.paymentRef.trim()) throw new Error(`${who}: paymentRef is empty (it is the idempotency key)`);
  if (!p.customerNumber) throw new Error(`${who}: customerNumber is empty`);
  if (!p.cashAccount) throw new Error(`${who}: cashAccount is empty`);
  if (!/^[A-Z]{3}$/.test(p.currency))
    throw new Error(`${who}: currency ${JSON.stringify(p.currency)} is not an ISO 4217 code`);
  if (p.description.length > MAX_TEXT) {
    throw new Error(`${who}: description has ${p.description.length} characters; Visma.net takes at most ${MAX_TEXT}`);
  }
  const body: PaymentUpdateBody = {
    type: v(p.type),
    hold: v(false),
    // ASSUMPTION(A17): zone-less local midnight is read as the business date (reference §8); read as
    // UTC midnight it is still the same calendar date, so the payment is dated right either way.
    applicationDate: v(`${p.applicationDate}T00:00:00`),
    paymentRef: v(p.paymentRef),
    customer: v(p.customerNumber),
    cashAccount: v(p.cashAccount),
    currency: v(p.currency),
    paymentAmount: v(oreToApi(p.amountOre)),
    invoiceText: v(p.description),
    paymentLines: p.lines.map((l) => ({
      operation: "Insert" as const,
      documentType: v(l.documentType),
      refNbr: v(l.refNbr),
      amountPaid: v(oreToApi(l.amountPaidOre)),
    })),
  };
  if (p.paymentMethodId) body.paymentMethod = v(p.paymentMethodId);
  return body;
}

export function releaseBody(type: PaymentType): { type: Wrapped<PaymentType> } {
  return { type: v(type) };
}

/**
 * The new payment's number from a 201 Location header: its last path segment
 * (ASSUMPTION(A15), reference §5.2: clients do this; not confirmed for customerPayment). Without a
 * usable header the create counts as uncertain and the payment is looked up by its reference.
 */
export function refFromLocation(location: string | undefined): string | null {
  if (!location) return null;
  const path = location.split(/[?#]/)[0]!.replace(/\/+$/, "");
  const last = path.slice(path.lastIndexOf("/") + 1);
  if (!last) return null;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
