/**
 * A real company's customer-payment history, added to a sandbox company: what the closing finds
 * in its look-back besides its own payments. Payments applying debit notes and overdue charges
 * (FinCharge), a prepayment without lines, a small-balance write-off, and a payment and a refund a
 * person voided (the Voided original plus its VoidPayment / VoidRefund with the same paymentRef
 * and negative lines). The documents involved are paid by bank (payment method BANK), so none of
 * them is for the factor.
 */
import { oreToDecimalString, type Ore } from "../../shared/money.ts";
import { createPayment, releasePayment } from "./payments.ts";
import type { SandboxStore } from "./store.ts";
import type { SandboxDocument, SandboxPayment } from "./types.ts";

export interface HistoryOptions {
  /** yyyy-MM-dd: the application date of the payments (inside the closing's look-back). */
  date: string;
  /** Customer of the history; default the first customer. */
  customerNumber?: string;
  /** Cash account of the company's own bank payments; default "1920". */
  cashAccount?: string;
}

/** Adds the history; returns every payment it added, void documents included. */
export function addPaymentHistory(store: SandboxStore, options: HistoryOptions): SandboxPayment[] {
  const customer = options.customerNumber ?? store.listCustomers()[0]?.number;
  if (!customer) throw new Error("sandbox: addPaymentHistory needs a customer; create one first");
  const cashAccount = options.cashAccount ?? "1920";
  const { date } = options;
  const common = { customerNumber: customer, documentDate: date, paymentMethodId: "BANK", paymentReference: null };
  const added: SandboxPayment[] = [];

  const pay = (
    type: "Payment" | "Refund",
    ref: string,
    lines: Array<{ doc: SandboxDocument; amountOre: Ore }>,
  ): SandboxPayment => {
    const signed = lines.reduce(
      (sum, l) => sum + (type === "Payment" && l.doc.documentType === "CreditNote" ? -l.amountOre : l.amountOre),
      0,
    );
    const payment = createPayment(store, {
      type: { value: type },
      customer: { value: customer },
      applicationDate: { value: `${date}T00:00:00` },
      paymentRef: { value: ref },
      paymentMethod: { value: "BANK" },
      cashAccount: { value: cashAccount },
      paymentAmount: { value: oreToDecimalString(signed) },
      paymentLines: lines.map((l) => ({
        operation: "Insert",
        documentType: { value: l.doc.documentType },
        refNbr: { value: l.doc.referenceNumber },
        amountPaid: { value: oreToDecimalString(l.amountOre) },
      })),
    });
    const result = releasePayment(store, payment, type, `history-${payment.refNbr}`);
    if (result.actionResult !== "Done") throw new Error(`sandbox history: ${result.errorInfo}`);
    added.push(payment);
    return payment;
  };

  // An ordinary bank payment covering an invoice, a debit note and an overdue charge.
  const invoice = store.createInvoice({ ...common, amountOre: 250_000 });
  const debit = store.createOtherDocument("DebitNote", { ...common, amountOre: 12_500 });
  const charge = store.createOtherDocument("FinCharge", {
    ...common,
    amountOre: 7_000,
    creditTermsId: null,
    documentDueDate: date,
  });
  pay("Payment", `Innbetaling ${invoice.referenceNumber}`, [
    { doc: invoice, amountOre: invoice.amountOre },
    { doc: debit, amountOre: debit.amountOre },
    { doc: charge, amountOre: charge.amountOre },
  ]);

  // A payment booked on the wrong invoice and voided by a person: the invoice is open again.
  const wrong = store.createInvoice({ ...common, amountOre: 99_000 });
  const voided = pay("Payment", `Feilført ${wrong.referenceNumber}`, [{ doc: wrong, amountOre: wrong.amountOre }]);
  added.push(store.voidPayment(voided.refNbr));

  // A refund of a credit note, voided as well.
  const note = store.createCreditNote({ ...common, amountOre: 30_000 });
  const refund = pay("Refund", `Tilbakebetaling ${note.referenceNumber}`, [{ doc: note, amountOre: note.amountOre }]);
  added.push(store.voidPayment(refund.refNbr));

  // An invoice paid 0.40 short and the rest written off as a small balance.
  const short = store.createInvoice({ ...common, amountOre: 100_000 });
  pay("Payment", `Innbetaling ${short.referenceNumber}`, [{ doc: short, amountOre: 99_960 }]);
  const now = store.now();
  const raw = (
    p: Omit<
      SandboxPayment,
      | "refNbr"
      | "createdDateTime"
      | "lastModifiedDateTime"
      | "hold"
      | "customerNumber"
      | "applicationDate"
      | "paymentMethodId"
      | "invoiceText"
    >,
  ) =>
    store.addPayment({
      ...p,
      refNbr: store.nextPaymentNumber(),
      hold: false,
      customerNumber: customer,
      applicationDate: date,
      paymentMethodId: "BANK",
      invoiceText: null,
      createdDateTime: now,
      lastModifiedDateTime: now,
    });
  added.push(
    raw({
      type: "SmallBalanceWo",
      status: "Closed",
      released: true,
      paymentRef: null,
      amountOre: 40,
      currency: short.currencyId,
      cashAccount,
      lines: [{ documentType: "Invoice", refNbr: short.referenceNumber, amountPaidOre: 40 }],
    }),
  );
  short.balanceOre = 0;
  short.status = "Closed";
  short.lastModifiedDateTime = now;

  // Money received before it is invoiced: a prepayment, nothing applied yet.
  added.push(
    raw({
      type: "Prepayment",
      status: "Open",
      released: true,
      paymentRef: "Forskudd ordre 4711",
      amountOre: 500_000,
      currency: "NOK",
      cashAccount,
      lines: [],
    }),
  );
  return added;
}
