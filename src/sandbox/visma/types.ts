/**
 * The sandbox's own records: what an imitation Visma.net company holds in memory and what a
 * JSON data file (`--data FILE`) contains. Amounts are integer øre; dates are "yyyy-MM-dd";
 * timestamps are zone-less local text "yyyy-MM-ddTHH:mm:ss.SSS" in the sandbox's time zone
 * (the way Visma.net writes them). dto.ts turns these records into the API's wire shapes.
 */
import type { Ore } from "../../shared/money.ts";

export interface SandboxAddress {
  addressLine1: string;
  addressLine2: string | null;
  addressLine3: string | null;
  postalCode: string;
  city: string;
  countryId: string; // "NO"
  countryName: string; // "Norge"
}

export interface SandboxCustomer {
  number: string;
  name: string;
  status: string; // Active, OnHold, CreditHold, Inactive, OneTime
  corporateId: string | null; // organisasjonsnummer, 9 digits
  vatRegistrationId: string | null;
  currencyId: string;
  mainAddress: SandboxAddress;
  invoiceAddress: SandboxAddress;
  contact: { name: string; email: string; phone: string };
  defaultPaymentMethodId: string | null;
  /** Payment methods attached to the customer; the default one is flagged isDefault in the DTO. */
  paymentMethodIds: string[];
  /** The customer receives its invoices through AutoInvoice (CustomerDto.acceptAutoInvoices). */
  acceptAutoInvoices: boolean;
  createdDateTime: string;
  lastModifiedDateTime: string;
}

export interface SandboxLine {
  lineNumber: number;
  description: string;
  quantity: number;
  unitPriceOre: Ore;
  amountOre: Ore; // net, excluding VAT
  vatCodeId: string;
  vatRate: number; // percent
  uom: string;
}

export interface SandboxTaxDetail {
  taxId: string; // VAT code, e.g. "3"
  vatRate: number; // percent
  taxableOre: Ore;
  vatOre: Ore;
}

export interface SandboxApplication {
  docType: string; // Payment, Refund, CreditNote, Invoice
  refNbr: string;
  amountPaidOre: Ore;
  paymentRef: string | null;
  status: string;
  released: boolean;
  applicationDate: string; // yyyy-MM-dd
}

/**
 * The customer-ledger documents the sandbox keeps: credit notes apart, everything else AR301000
 * holds (invoices, debit notes, overdue charges) together, as the invoice endpoint lists them.
 */
export type SandboxDocumentType = "Invoice" | "CreditNote" | "DebitNote" | "FinCharge";

export interface SandboxDocument {
  documentType: SandboxDocumentType;
  referenceNumber: string;
  status: string; // Hold, Balanced, Open, Closed, Voided, ...
  hold: boolean;
  documentDate: string; // yyyy-MM-dd
  documentDueDate: string | null; // yyyy-MM-dd
  customerNumber: string;
  currencyId: string;
  /**
   * Company-currency (NOK) units per unit of `currencyId` (11.4852 for EUR); 1 or absent for NOK.
   * The DTO's …InCurrency fields are the amounts times this rate.
   */
  exchangeRate?: number;
  /** Total incl. VAT in `currencyId`, positive for invoices and credit notes alike. */
  amountOre: Ore;
  balanceOre: Ore;
  vatTotalOre: Ore;
  paymentMethodId: string | null;
  paymentReference: string | null; // the KID
  customerRefNumber: string | null;
  externalReference: string | null;
  invoiceText: string | null;
  /** The attachment-tab flag "Send the file to AutoInvoice" (no field says it was sent). */
  sendToAutoInvoice: boolean;
  creditTermsId: string | null;
  /** null = the customer's invoice address. */
  invoiceAddress: SandboxAddress | null;
  lines: SandboxLine[];
  taxDetails: SandboxTaxDetail[];
  applications: SandboxApplication[];
  createdDateTime: string;
  lastModifiedDateTime: string;
}

export interface SandboxPaymentMethod {
  id: string;
  description: string;
  active: boolean;
  meansOfPayment: string; // CreditCard, CashOrCheck, DirectDeposit
}

export interface SandboxCashAccount {
  number: string;
  description: string;
  currency: string;
}

/** PaymentDto.type: every type of the contract's enum a company's history holds. */
export type SandboxPaymentType =
  | "Payment"
  | "Refund"
  | "Prepayment"
  | "VoidPayment"
  | "VoidRefund"
  | "SmallBalanceWo"
  | "CreditNote";

/** PaymentLineDto.documentType: a member of the contract's enum (Invoice, DebitNote, FinCharge, SmallBalanceWo, …). */
export type SandboxLineDocumentType =
  | "Invoice"
  | "DebitNote"
  | "CreditNote"
  | "Payment"
  | "VoidPayment"
  | "Prepayment"
  | "Refund"
  | "FinCharge"
  | "SmallBalanceWo"
  | "SmallCreditWo"
  | "CashSale"
  | "CashReturn";

export interface SandboxPaymentLine {
  documentType: SandboxLineDocumentType;
  refNbr: string;
  /** Negative on the lines of a void document. */
  amountPaidOre: Ore;
}

export interface SandboxPayment {
  type: SandboxPaymentType;
  refNbr: string;
  status: string; // Hold, Balanced, Open, Closed, Voided
  hold: boolean;
  released: boolean;
  customerNumber: string;
  paymentRef: string | null;
  applicationDate: string; // yyyy-MM-dd
  /** Signed sum of the lines: invoices minus credit notes (Payment), credit notes (Refund). */
  amountOre: Ore;
  currency: string;
  cashAccount: string;
  paymentMethodId: string | null;
  invoiceText: string | null;
  lines: SandboxPaymentLine[];
  createdDateTime: string;
  lastModifiedDateTime: string;
}

export interface CreditTerms {
  id: string;
  description: string;
  days: number;
}

/** A whole company: the seed generator's output and the `--data FILE` format. */
export interface SandboxData {
  customers: SandboxCustomer[];
  invoices: SandboxDocument[];
  creditNotes: SandboxDocument[];
  paymentMethods: SandboxPaymentMethod[];
  cashAccounts: SandboxCashAccount[];
  payments?: SandboxPayment[];
  creditTerms?: CreditTerms[];
}
