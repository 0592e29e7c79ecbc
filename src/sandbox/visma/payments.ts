/**
 * Customer payments and refunds (AR302000): create from a value-wrapped PaymentUpdateDto with
 * the checks Visma.net applies, and release (apply to the documents, close what reaches 0).
 * Reference: shared/reference/visma-net-api.md section 5.
 */
import { oreToDecimalString, toOre, type Ore } from "../../shared/money.ts";
import type { SandboxStore } from "./store.ts";
import type { SandboxDocument, SandboxPayment, SandboxPaymentLine, SandboxPaymentType } from "./types.ts";
import { FactoringError } from "../../shared/errors.ts";

/** A rejected create request; the server answers 400 `{"message":"VismaId: …. Error creating payment. Error: …"}`. */
export class PaymentError extends FactoringError {}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads a `{"value": …}` field. Unwrapped scalars are refused: the real API binds them to null
 * and then complains; naming the field here makes the client's mistake obvious.
 */
function wrapped(body: Json, field: string, where = ""): unknown {
  if (!(field in body) || body[field] === null) return undefined;
  const holder = body[field];
  if (!isObject(holder) || !("value" in holder)) {
    throw new PaymentError(
      `The field '${where}${field}' must be wrapped as {"value": ...}; got ${JSON.stringify(holder)}.`,
    );
  }
  return holder.value;
}

function wrappedString(body: Json, field: string, where = ""): string | undefined {
  const value = wrapped(body, field, where);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string")
    throw new PaymentError(`The field '${where}${field}' must hold a string; got ${JSON.stringify(value)}.`);
  return value;
}

function wrappedAmount(body: Json, field: string, where = ""): Ore | undefined {
  const value = wrapped(body, field, where);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" && typeof value !== "string") {
    throw new PaymentError(`The field '${where}${field}' must hold a number; got ${JSON.stringify(value)}.`);
  }
  try {
    return toOre(value);
  } catch {
    throw new PaymentError(`The field '${where}${field}' is not a valid amount: ${JSON.stringify(value)}.`);
  }
}

const DATE_VALUE = /^(\d{4}-\d{2}-\d{2})(?:T00:00:00(?:\.0+)?)?$/;

/**
 * Validates and stores a new payment or refund; returns it (status Balanced, or Hold).
 * Nothing changes on the documents until release.
 */
export function createPayment(store: SandboxStore, body: unknown): SandboxPayment {
  if (!isObject(body)) throw new PaymentError("The request body must be a JSON object (PaymentUpdateDto).");

  const typeValue = wrappedString(body, "type");
  if (typeValue !== "Payment" && typeValue !== "Refund") {
    throw new PaymentError(
      `Payment type '${typeValue ?? ""}' is not supported by the sandbox: use 'Payment' or 'Refund'.`,
    );
  }
  const type: SandboxPaymentType = typeValue;

  if (wrapped(body, "referenceNumber") !== undefined) {
    throw new PaymentError("referenceNumber cannot be set: the payment number series is automatic.");
  }

  const customerNumber = wrappedString(body, "customer");
  if (!customerNumber) throw new PaymentError("'Customer' cannot be empty.");
  const customer = store.getCustomer(customerNumber);
  if (!customer) throw new PaymentError(`Customer '${customerNumber}' cannot be found in the system.`);

  const dateText = wrappedString(body, "applicationDate");
  if (!dateText) throw new PaymentError("'Application date' cannot be empty.");
  const dateMatch = DATE_VALUE.exec(dateText);
  if (!dateMatch) {
    throw new PaymentError(
      `applicationDate '${dateText}' is not valid: use a zone-less date such as 2026-11-28T00:00:00.`,
    );
  }
  const applicationDate = dateMatch[1]!;

  const paymentRef = wrappedString(body, "paymentRef");
  if (!paymentRef) throw new PaymentError("'Payment ref.' cannot be empty.");

  const paymentMethodId = wrappedString(body, "paymentMethod") ?? customer.defaultPaymentMethodId;
  if (paymentMethodId !== null && !store.getPaymentMethod(paymentMethodId)) {
    throw new PaymentError(`Payment method '${paymentMethodId}' cannot be found in the system.`);
  }
  // ASSUMPTION(A54): an inactive payment method is refused like a missing one (the UI does not offer it).
  if (paymentMethodId !== null && store.getPaymentMethod(paymentMethodId)?.active === false) {
    throw new PaymentError(`Payment method '${paymentMethodId}' is inactive.`);
  }

  const cashAccount = wrappedString(body, "cashAccount");
  if (!cashAccount) throw new PaymentError("'Cash account' cannot be empty.");
  const account = store.getCashAccount(cashAccount);
  if (!account) throw new PaymentError(`Cash account '${cashAccount}' cannot be found in the system.`);

  const currency = wrappedString(body, "currency") ?? customer.currencyId;
  // ASSUMPTION(A20): a payment's currency is its cash account's.
  if (currency !== account.currency) {
    throw new PaymentError(
      `Currency '${currency}' differs from the currency '${account.currency}' of cash account '${cashAccount}'.`,
    );
  }

  const hold = wrapped(body, "hold") ?? false;
  if (typeof hold !== "boolean")
    throw new PaymentError(`The field 'hold' must hold true or false; got ${JSON.stringify(hold)}.`);

  const invoiceText = wrappedString(body, "invoiceText") ?? null;
  if (invoiceText !== null && invoiceText.length > 50) {
    throw new PaymentError(`invoiceText is ${invoiceText.length} characters long; the maximum is 50.`);
  }

  const lines = readLines(store, body, type, customerNumber, currency);

  // Release 9.76: credit-note lines on a Payment are subtracted.
  const signedSum = lines.reduce(
    (sum, l) => sum + (type === "Payment" && l.documentType === "CreditNote" ? -l.amountPaidOre : l.amountPaidOre),
    0,
  );
  const paymentAmount = wrappedAmount(body, "paymentAmount");
  if (paymentAmount === undefined) throw new PaymentError("'Payment amount' cannot be empty.");
  if (paymentAmount !== signedSum) {
    throw new PaymentError(
      `Payment amount ${oreToDecimalString(paymentAmount)} does not equal the applied amount ${oreToDecimalString(signedSum)} ` +
        `(${type === "Payment" ? "invoices minus credit notes" : "credit notes"}). The document is out of balance.`,
    );
  }
  if (paymentAmount <= 0) {
    throw new PaymentError(`Payment amount must be greater than 0 (got ${oreToDecimalString(paymentAmount)}).`);
  }

  const now = store.now();
  return store.addPayment({
    type,
    refNbr: store.nextPaymentNumber(),
    status: hold ? "Hold" : "Balanced",
    hold,
    released: false,
    customerNumber,
    paymentRef,
    applicationDate,
    amountOre: paymentAmount,
    currency,
    cashAccount,
    paymentMethodId,
    invoiceText,
    lines,
    createdDateTime: now,
    lastModifiedDateTime: now,
  });
}

function readLines(
  store: SandboxStore,
  body: Json,
  type: SandboxPaymentType,
  customerNumber: string,
  currency: string,
): SandboxPaymentLine[] {
  const raw = body.paymentLines;
  // The sandbox supports fully applied payments only (the integration never posts unapplied
  // payments), so at least one line is required; nothing the product sends differs.
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new PaymentError("paymentLines must list the documents the payment applies to (at least one line).");
  }
  const seen = new Set<string>();
  return raw.map((line, i) => {
    const where = `paymentLines[${i}].`;
    if (!isObject(line)) throw new PaymentError(`${where.slice(0, -1)} must be an object.`);
    const operation = line.operation ?? "Insert";
    if (operation !== "Insert") {
      throw new PaymentError(`${where}operation '${String(operation)}' is not valid for a new payment: use "Insert".`);
    }
    const refNbr = wrappedString(line, "refNbr", where);
    if (!refNbr) throw new PaymentError(`${where}refNbr cannot be empty.`);
    const documentType = wrappedString(line, "documentType", where);
    // Visma.net answers an unknown document type ("Credit Memo") as an unknown document.
    if (!isPayableType(documentType)) {
      throw new PaymentError(`AdjdRefNbr '${refNbr}' cannot be found in the system.`);
    }
    const doc = store.getDocument(documentType, refNbr);
    if (!doc) throw new PaymentError(`AdjdRefNbr '${refNbr}' cannot be found in the system.`);
    if (seen.has(`${documentType}/${refNbr}`))
      throw new PaymentError(`Document '${refNbr}' is applied twice in paymentLines.`);
    seen.add(`${documentType}/${refNbr}`);

    if (type === "Refund" && documentType !== "CreditNote") {
      throw new PaymentError(
        `A refund can only be applied to credit notes, payments or prepayments; '${refNbr}' is an ${documentType}.`,
      );
    }
    checkDocument(store, doc, customerNumber, currency);

    const amountPaidOre = wrappedAmount(line, "amountPaid", where);
    if (amountPaidOre === undefined) throw new PaymentError(`${where}amountPaid cannot be empty.`);
    if (amountPaidOre <= 0)
      throw new PaymentError(`${where}amountPaid must be greater than 0 for document '${refNbr}'.`);
    if (amountPaidOre > doc.balanceOre) {
      throw new PaymentError(
        `Amount paid ${oreToDecimalString(amountPaidOre)} for document '${refNbr}' exceeds its balance ${oreToDecimalString(doc.balanceOre)}.`,
      );
    }
    return { documentType, refNbr, amountPaidOre };
  });
}

/** Document types a customer payment or refund can apply. */
function isPayableType(type: string | undefined): type is "Invoice" | "CreditNote" | "DebitNote" | "FinCharge" {
  return type === "Invoice" || type === "CreditNote" || type === "DebitNote" || type === "FinCharge";
}

function checkDocument(store: SandboxStore, doc: SandboxDocument, customerNumber: string, currency: string): void {
  const ref = doc.referenceNumber;
  if (doc.customerNumber !== customerNumber) {
    // Documents of other customers are not offered for application, hence "cannot be found".
    throw new PaymentError(
      `AdjdRefNbr '${ref}' cannot be found in the system (it belongs to customer '${doc.customerNumber}', not '${customerNumber}').`,
    );
  }
  if (doc.status !== "Open" || doc.hold) {
    throw new PaymentError(
      `Document '${ref}' cannot be applied: its status is ${doc.status}; only released (Open) documents can be paid.`,
    );
  }
  if (doc.currencyId !== currency) {
    throw new PaymentError(`Document '${ref}' is in ${doc.currencyId}, the payment in ${currency}.`);
  }
  // ASSUMPTION(A22): like Acumatica, Visma.net refuses a second unreleased application of the same
  // document ("has unreleased applications"). The product never relies on it (it looks for its
  // payment by reference before creating one); if Visma.net accepted it, nothing changes there.
  const pending = store.findPayment(
    (p) =>
      !p.released &&
      p.status !== "Voided" &&
      p.lines.some((l) => l.refNbr === ref && l.documentType === doc.documentType),
  );
  if (pending) {
    throw new PaymentError(
      `Document '${ref}' has an unreleased application in payment '${pending.refNbr}'. Release or delete that payment first.`,
    );
  }
}

export interface ActionResult {
  actionId: string;
  actionResult: "Done" | "Failed";
  errorInfo: string | null;
}

/**
 * Releases a payment: reduces the documents' balances, records the application on each,
 * closes documents at balance 0 (ASSUMPTION(A19)) and the payment.
 * ASSUMPTION(A18): a refused release (wrong type in the body, Hold, already released, balance
 * changed meanwhile) is HTTP 200 with actionResult "Failed" and an errorInfo message, as the
 * reference expects of action endpoints; nothing changes then. The product reports a Failed
 * result and a 4xx alike (refused, the payment stays unreleased), so either answer works.
 */
export function releasePayment(
  store: SandboxStore,
  payment: SandboxPayment,
  requestedType: string | undefined,
  actionId: string,
): ActionResult {
  const failed = (message: string): ActionResult => ({ actionId, actionResult: "Failed", errorInfo: message });
  if (requestedType !== payment.type) {
    return failed(
      `Payment '${payment.refNbr}' of type '${requestedType ?? ""}' cannot be found: it is a ${payment.type}.`,
    );
  }
  if (payment.released) return failed(`Document '${payment.refNbr}' is already released.`);
  if (payment.hold || payment.status === "Hold")
    return failed(`Document '${payment.refNbr}' is On Hold and cannot be released.`);

  const docs: Array<{ doc: SandboxDocument; line: SandboxPaymentLine }> = [];
  for (const line of payment.lines) {
    const doc = store.getDocument(line.documentType, line.refNbr);
    if (!doc) return failed(`AdjdRefNbr '${line.refNbr}' cannot be found in the system.`);
    if (doc.status !== "Open") return failed(`Document '${line.refNbr}' is ${doc.status} and cannot be paid.`);
    if (line.amountPaidOre > doc.balanceOre) {
      return failed(
        `Amount paid ${oreToDecimalString(line.amountPaidOre)} exceeds the balance ${oreToDecimalString(doc.balanceOre)} of document '${line.refNbr}'.`,
      );
    }
    docs.push({ doc, line });
  }

  const now = store.now();
  for (const { doc, line } of docs) {
    doc.balanceOre -= line.amountPaidOre;
    if (doc.balanceOre === 0) doc.status = "Closed";
    doc.applications.push({
      docType: payment.type,
      refNbr: payment.refNbr,
      amountPaidOre: line.amountPaidOre,
      paymentRef: payment.paymentRef,
      status: "Closed",
      released: true,
      applicationDate: payment.applicationDate,
    });
    doc.lastModifiedDateTime = now;
  }
  payment.released = true;
  payment.status = "Closed";
  payment.lastModifiedDateTime = now;
  return { actionId, actionResult: "Done", errorInfo: null };
}

const VOID_TYPES: Partial<Record<SandboxPaymentType, SandboxPaymentType>> = {
  Payment: "VoidPayment",
  Refund: "VoidRefund",
  Prepayment: "VoidPayment",
};

/**
 * Voids a released payment or refund the way a person does in AR302000: the original turns
 * Voided, its applications are reversed (documents reopen), and a void document (VoidPayment /
 * VoidRefund) is added, carrying the original's paymentRef and its lines with negative amounts.
 * ASSUMPTION(A21): the void document gets the next number of the series (in Acumatica it may share the
 * original's number); the product tells payments apart by type and number, so both work.
 * Unreleased payments are deleted in Visma.net, not voided: refused here.
 */
export function voidPayment(store: SandboxStore, payment: SandboxPayment): SandboxPayment {
  const voidType = VOID_TYPES[payment.type];
  if (!voidType) throw new PaymentError(`A ${payment.type} cannot be voided.`);
  if (payment.status === "Voided") throw new PaymentError(`Payment '${payment.refNbr}' is already voided.`);
  if (!payment.released)
    throw new PaymentError(`Payment '${payment.refNbr}' is not released; delete it instead of voiding it.`);
  const now = store.now();
  const voidDoc = store.addPayment({
    ...structuredClone(payment),
    type: voidType,
    refNbr: store.nextPaymentNumber(),
    status: "Closed",
    hold: false,
    released: true,
    applicationDate: store.today(),
    lines: payment.lines.map((l) => ({ ...l, amountPaidOre: -l.amountPaidOre })),
    createdDateTime: now,
    lastModifiedDateTime: now,
  });
  for (const line of payment.lines) {
    const doc = store.getDocument(line.documentType, line.refNbr);
    if (!doc) continue;
    doc.balanceOre += line.amountPaidOre;
    if (doc.status === "Closed" && doc.balanceOre > 0) doc.status = "Open";
    doc.applications.push({
      docType: voidType,
      refNbr: voidDoc.refNbr,
      amountPaidOre: -line.amountPaidOre,
      paymentRef: payment.paymentRef,
      status: "Closed",
      released: true,
      applicationDate: voidDoc.applicationDate,
    });
    doc.lastModifiedDateTime = now;
  }
  payment.status = "Voided";
  payment.lastModifiedDateTime = now;
  return voidDoc;
}
