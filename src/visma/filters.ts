/**
 * Query strings for the list endpoints (reference §3.2, §4, §5.1, §8). Dates go out without a
 * zone letter (filters "do not accept certain characters such as W-Z") and every `…Condition`
 * operator is URL-encoded. Unknown parameters are reportedly ignored silently by Visma.net, so
 * the names here are exactly the documented ones.
 */
import type { CustomerQuery, DateFilter, DocumentQuery, PaymentQuery } from "./api.ts";

export type QueryParams = Array<[string, string]>;

const FILTER_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)?$/;
const CONDITIONS = new Set([">", "<", ">=", "<="]);

/** Throws unless `value` is "yyyy-MM-dd" or "yyyy-MM-ddTHH:mm:ss[.SSS]" with no zone. */
export function assertFilterDate(name: string, value: string): void {
  if (FILTER_DATE.test(value)) return;
  const zone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(value)
    ? " carries a time zone; Visma.net filters reject zone letters and offsets, send the tenant's local time (toVismaFilterDateTime)"
    : ' is not "yyyy-MM-dd" or "yyyy-MM-ddTHH:mm:ss"';
  throw new Error(`filter ${name}: ${JSON.stringify(value)}${zone}`);
}

function addDate(params: QueryParams, name: string, filter: DateFilter | undefined): void {
  if (!filter) return;
  assertFilterDate(name, filter.value);
  if (!CONDITIONS.has(filter.condition)) {
    throw new Error(`filter ${name}Condition: ${JSON.stringify(filter.condition)} is not one of >, <, >=, <=`);
  }
  params.push([name, filter.value], [`${name}Condition`, filter.condition]);
}

function addText(params: QueryParams, name: string, value: string | undefined): void {
  if (value !== undefined && value !== "") params.push([name, value]);
}

/**
 * The child collections the product reads, each asked for explicitly: their defaults are not
 * published (reference, open question 7), and a server whose default is "off" would otherwise
 * send EHF documents without tax details and closings without applications.
 */
export const DOCUMENT_EXPANDS = ["expandApplications", "expandTaxDetails", "expandInvoiceAddress"] as const;

/** customerinvoice / customerCreditNote. */
export function documentParams(q: DocumentQuery): QueryParams {
  const p: QueryParams = [];
  addText(p, "status", q.status);
  addText(p, "customer", q.customer);
  addDate(p, "documentDate", q.documentDate);
  addDate(p, "lastModifiedDateTime", q.lastModifiedDateTime);
  addDate(p, "createdDateTime", q.createdDateTime);
  for (const flag of DOCUMENT_EXPANDS) p.push([flag, "true"]);
  return p;
}

export function customerParams(q: CustomerQuery = {}): QueryParams {
  const p: QueryParams = [];
  addDate(p, "lastModifiedDateTime", q.lastModifiedDateTime);
  p.push(["expandPaymentMethods", "true"]);
  return p;
}

export function paymentParams(q: PaymentQuery): QueryParams {
  const p: QueryParams = [];
  addText(p, "customer", q.customer);
  addText(p, "paymentType", q.paymentType);
  addText(p, "status", q.status);
  addDate(p, "docDate", q.docDate);
  addText(p, "invoiceRefNbr", q.invoiceRefNbr);
  return p;
}

/** "a=1&b=%3E%3D": every name and value percent-encoded (":" included), in the given order. */
export function encodeQuery(params: QueryParams): string {
  return params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}

/**
 * Hours a "modified since" window reaches back before the previous look. Visma.net's zone-less
 * timestamps may be UTC or local (NOT CONFIRMED) and writes may land late; documents seen twice
 * are filtered by the ledger, so the overlap costs nothing and closes every gap.
 */
export const MODIFIED_OVERLAP_HOURS = 3;
