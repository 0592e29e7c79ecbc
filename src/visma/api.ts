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
  /** Read only until about this many documents (whole pages): a sample for a health check, never for a run. */
  sample?: number;
}

export interface CustomerQuery {
  lastModifiedDateTime?: DateFilter;
  /**
   * Read the list whole only when page 1 shows it takes at most this many pages; otherwise page 1
   * alone, with `complete: false` (the caller reads the rest by number). Not a filter: never sent.
   */
  pagesAtMost?: number;
}

export interface PaymentQuery {
  customer?: string;
  paymentType?: PaymentType;
  status?: string;
  docDate?: DateFilter;
  invoiceRefNbr?: string;
}

/** The X-RateLimit-* headers of the last answer that carried them (reference §6). */
export interface RateLimitSeen {
  limit: number | null;
  remaining: number | null;
  /** Seconds until the window resets, as sent. */
  resetSeconds: number | null;
  policy: string | null;
  /** When the answer arrived (epoch ms, the client's clock). */
  at: number;
}

/**
 * What the document lists looked like, counted while parsing (no extra calls): for each child
 * collection the product asks for with an expand flag, how many documents carried it; and the
 * shape taxDetails[].vatId came in (the contract's object, or an older plain string).
 */
export interface ResponseShapes {
  documents: number;
  children: Record<"applications" | "taxDetails" | "invoiceAddress", { present: number; absent: number }>;
  vatId: { object: number; string: number };
}

/** The `Date` header of the last API answer that sent one: the server's clock (RFC 7231, 1 s resolution). */
export interface ServerDateSeen {
  header: string;
  /** When the answer arrived (epoch ms, the client's clock). */
  at: number;
}

/** Counts kept by the client, for the benchmark, the run report and a later health check. */
export interface ApiStats {
  requests: number; // HTTP requests sent, retries included
  tokenRequests: number;
  retries: number;
  throttled: number; // 429 responses seen
  rateLimit: RateLimitSeen | null;
  shapes: ResponseShapes;
  /** Absent in stats not kept by the HTTP client (e.g. the benchmark's sums). */
  serverDate?: ServerDateSeen | null;
}

export interface VismaApi {
  listInvoices(query: DocumentQuery): Promise<ListResult<ArDocument>>;
  listCreditNotes(query: DocumentQuery): Promise<ListResult<ArDocument>>;
  getInvoice(number: string): Promise<ArDocument>;
  getCreditNote(number: string): Promise<ArDocument>;
  listCustomers(query?: CustomerQuery): Promise<ListResult<Customer>>;
  /** GET /v1/customer/{number}: one customer (a 404 is a VismaApiError with status 404). */
  getCustomer(number: string): Promise<Customer>;
  listPaymentMethods(): Promise<PaymentMethod[]>;
  listCashAccounts(): Promise<CashAccount[]>;
  listPayments(query: PaymentQuery): Promise<ListResult<Payment>>;
  getPayment(number: string): Promise<Payment>;
  /** POST /v1/customerPayment; returns the new payment's reference number (from Location). */
  createPayment(payment: NewPayment): Promise<string>;
  /** POST /v1/customerPayment/{n}/action/release; throws when actionResult is Failed. */
  releasePayment(number: string, type: PaymentType): Promise<void>;
  /**
   * From now on, wait out a throttle (429 Retry-After) or the rate-limit pacing for at most `ms`
   * in all — what is left of the run's window or of its job's time (the earliest limit given
   * holds); a longer wait ends the call with VismaThrottledError, unsent.
   */
  limitWaits?(ms: number): void;
  readonly stats: ApiStats;
}
