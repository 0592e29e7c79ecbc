/**
 * The product's view of Visma.net data: what the client returns after parsing and
 * normalising the API DTOs (see ../../../shared/reference/visma-net-api.md). Amounts are integer
 * øre, dates are "yyyy-MM-dd", date-times are Visma's zone-less local text normalised to
 * "yyyy-MM-ddTHH:mm:ss.SSS" (see parseVismaDateTime for how they are read).
 */
import type { Ore } from "../shared/money.ts";

export type DocumentType = "Invoice" | "CreditNote";

/** Status values of customer documents (AR301000); other strings pass through unchanged. */
export type DocumentStatus =
  | "Hold"
  | "Balanced"
  | "Voided"
  | "Scheduled"
  | "Open"
  | "Closed"
  | "PendingPrint"
  | "PendingEmail"
  | "CreditHold"
  | "CcHold"
  | "Reserved";

export interface Address {
  line1: string | null;
  line2: string | null;
  line3: string | null;
  postalCode: string | null;
  city: string | null;
  countryId: string | null; // ISO alpha-2, e.g. "NO"
  countryName: string | null;
}

export interface DocumentLine {
  lineNumber: number;
  description: string | null;
  /** Decimal text as sent by the API ("1", "2.5"). */
  quantity: string;
  unitPriceOre: Ore;
  /**
   * The unit price as the API sent it, decimal text with all its decimals ("33.333"): EHF writes
   * prices unrounded (price amounts are not limited to two decimals). Null when the API sent none.
   */
  unitPrice?: string | null;
  amountOre: Ore; // net line amount, excluding VAT
  vatCodeId: string | null;
  uom: string | null;
}

export interface TaxDetail {
  taxId: string;
  /** VAT rate in percent as decimal text ("25", "15", "0"). */
  vatRate: string;
  taxableOre: Ore;
  vatOre: Ore;
}

export interface Application {
  docType: string; // "Payment", "Refund", "CreditNote", "Invoice", ...
  refNbr: string;
  amountPaidOre: Ore;
  paymentRef: string | null;
  status: string | null;
  released: boolean;
}

export interface ArDocument {
  /** The endpoint it was read from: customerinvoice → Invoice, customerCreditNote → CreditNote. */
  type: DocumentType;
  /**
   * documentType as Visma.net states it (contract enum: Invoice, DebitNote, FinCharge, …); the
   * invoice endpoint may list more than invoices. Absent = same as `type`.
   */
  documentType?: string;
  number: string; // referenceNumber
  status: DocumentStatus | string;
  hold: boolean;
  customer: { number: string; name: string };
  documentDate: string; // yyyy-MM-dd
  dueDate: string | null; // yyyy-MM-dd
  createdAt: string | null; // local date-time text
  modifiedAt: string | null; // local date-time text
  currency: string; // ISO 4217, e.g. "NOK"
  /** Document total incl. VAT, in the document currency, positive for invoices and credit notes alike. */
  amountOre: Ore;
  /** Open balance in the document currency. */
  balanceOre: Ore;
  vatOre: Ore;
  paymentMethodId: string | null; // the document's own payment method (defaults from the customer in Visma.net)
  kid: string | null; // paymentReference: the KID ("CID") Visma.net computed at release
  customerRef: string | null; // customerRefNumber
  externalRef: string | null;
  text: string | null; // invoiceText
  /** The attachment-tab flag "Send the file to AutoInvoice"; it does not say the document was sent. */
  sendToAutoInvoice: boolean;
  creditTermsId: string | null;
  invoiceAddress: Address | null;
  lines: DocumentLine[];
  taxDetails: TaxDetail[];
  applications: Application[];
}

export interface Customer {
  number: string;
  name: string;
  status: string; // Active, OnHold, CreditHold, Inactive, OneTime
  corporateId: string | null; // organisasjonsnummer
  vatRegistrationId: string | null;
  currency: string | null;
  mainAddress: Address | null;
  invoiceAddress: Address | null;
  contact: { name: string | null; email: string | null; phone: string | null } | null;
  defaultPaymentMethodId: string | null;
  paymentMethodIds: string[];
  /**
   * false: the answer named neither `defaultPaymentMethodId` nor `paymentMethods[]`, so the default
   * is unknown rather than absent (the single GET takes no expand flag; see transfer/customers.ts).
   */
  paymentMethodsKnown?: false;
  /** The customer receives its invoices through AutoInvoice (customer record); absent = no. */
  acceptAutoInvoices?: boolean;
  createdAt: string | null;
  modifiedAt: string | null;
}

export interface PaymentMethod {
  id: string;
  description: string | null;
  active: boolean;
  meansOfPayment: string | null;
}

export interface CashAccount {
  number: string;
  description: string | null;
  currency: string | null;
}

/** The payment types the closing posts. */
export type PaymentType = "Payment" | "Refund";

/**
 * A line of a payment as read back: any document type of the contract's enum (Invoice,
 * DebitNote, CreditNote, FinCharge, Prepayment, SmallBalanceWo, …); amounts may be negative
 * (void documents repeat the lines they reverse).
 */
export interface PaymentLine {
  documentType: string;
  refNbr: string;
  amountPaidOre: Ore;
}

/** A line the closing posts: it applies one of the documents it transferred. */
export interface NewPaymentLine {
  documentType: DocumentType;
  refNbr: string;
  amountPaidOre: Ore;
}

/**
 * A customer payment as read back from GET /v1/customerPayment: any type of the company's
 * history (Payment, Refund, Prepayment, VoidPayment, VoidRefund, SmallBalanceWo, …).
 */
export interface Payment {
  type: PaymentType | string;
  number: string;
  status: string; // Hold, Balanced, Open, Closed, Voided, ...
  hold: boolean;
  customerNumber: string;
  paymentRef: string | null;
  applicationDate: string | null; // yyyy-MM-dd
  amountOre: Ore;
  currency: string;
  cashAccount: string | null;
  paymentMethodId: string | null;
  lines: PaymentLine[];
}

/** What the closing step asks Visma.net to create. */
export interface NewPayment {
  type: PaymentType;
  customerNumber: string;
  applicationDate: string; // yyyy-MM-dd, the business date in the tenant's zone
  paymentRef: string; // deterministic: the idempotency key of the closing step
  paymentMethodId: string | null;
  cashAccount: string;
  currency: string;
  amountOre: Ore;
  description: string; // invoiceText, at most 50 characters
  lines: NewPaymentLine[];
}

/** A list element the client could not parse: reported by number, never dropped silently. */
export interface MalformedElement {
  endpoint: string;
  /** Document/customer/payment number when it could be read, otherwise "element #n". */
  id: string;
  problem: string;
  /**
   * Fields that could still be read as text or null (customer payments: type, paymentRef,
   * status), to judge whose it could be; a field absent here could not be read.
   */
  readable?: Record<string, string | null>;
}

export interface ListResult<T> {
  items: T[];
  malformed: MalformedElement[];
  /** false: the read stopped after page 1 as asked (CustomerQuery.pagesAtMost); absent when the list is whole. */
  complete?: false;
}
