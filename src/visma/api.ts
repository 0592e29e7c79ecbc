/**
 * The contract every part of the product uses to talk to Visma.net. `VismaClient`
 * (client.ts) implements it over HTTP; tests may use the same client against the sandbox.
 */
import type {
  ArDocument,
  CashAccount,
  Customer,
  ListResult,
  NewPayment,
  Payment,
  PaymentMethod,
  PaymentType,
} from "./types.ts";

/** Comparison operators the API accepts in `...Condition` parameters. */
export type Condition = ">" | "<" | ">=" | "<=";

/** A date/date-time filter: value is "yyyy-MM-dd" or "yyyy-MM-ddTHH:mm:ss" (never a zone letter). */
export interface DateFilter {
  value: string;
  condition: Condition;
}

export interface DocumentQuery {
  status?: string;
  customer?: string;
  documentDate?: DateFilter;
  lastModifiedDateTime?: DateFilter;
  createdDateTime?: DateFilter;
}

export interface CustomerQuery {
  lastModifiedDateTime?: DateFilter;
}

export interface PaymentQuery {
  customer?: string;
  paymentType?: PaymentType;
  status?: string;
  docDate?: DateFilter;
  invoiceRefNbr?: string;
}

/** Counts kept by the client, for the benchmark and the run report. */
export interface ApiStats {
  requests: number; // HTTP requests sent, retries included
  tokenRequests: number;
  retries: number;
  throttled: number; // 429 responses seen
}

export interface VismaApi {
  listInvoices(query: DocumentQuery): Promise<ListResult<ArDocument>>;
  listCreditNotes(query: DocumentQuery): Promise<ListResult<ArDocument>>;
  getInvoice(number: string): Promise<ArDocument>;
  getCreditNote(number: string): Promise<ArDocument>;
  listCustomers(query?: CustomerQuery): Promise<ListResult<Customer>>;
  listPaymentMethods(): Promise<PaymentMethod[]>;
  listCashAccounts(): Promise<CashAccount[]>;
  listPayments(query: PaymentQuery): Promise<ListResult<Payment>>;
  getPayment(number: string): Promise<Payment>;
  /** POST /v1/customerPayment; returns the new payment's reference number (from Location). */
  createPayment(payment: NewPayment): Promise<string>;
  /** POST /v1/customerPayment/{n}/action/release; throws when actionResult is Failed. */
  releasePayment(number: string, type: PaymentType): Promise<void>;
  readonly stats: ApiStats;
}
