/**
 * Query strings for the list endpoints (reference §3.2, §4, §5.1, §8). Dates go out without a
 * zone letter (filters "do not accept certain characters such as W-Z") and every `…Condition`
 * operator is URL-encoded. ASSUMPTION(A2): unknown parameters are ignored silently by Visma.net, so
 * the names here are exactly the documented ones.
 */
import { Duration, IANAZone, type DateTime } from "luxon";
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
 * The child collections the product reads, each asked for explicitly: ASSUMPTION(A3) their
 * defaults are not published (reference, open question 7), and a server whose default is "off" would otherwise
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

/** Hours on top of the zone's largest offset: writes that land late, clocks that drift. */
export const OVERLAP_MARGIN_HOURS = 2;

/**
 * How far a "modified since" window (and every other cut-off on Visma.net's timestamps) reaches
 * back before the instant it starts from. ASSUMPTION(A1): the zone of lastModifiedDateTime/createdDateTime is not
 * published, and Visma has moved other endpoints to UTC: a server that means UTC where we send and
 * read the tenant's local time shifts every comparison by the zone's offset. So the overlap is the
 * largest offset of `zone` in the year around `at` (either sign, DST included), rounded up to
 * whole hours, plus a margin. Documents seen twice are filtered by the ledger: erring on
 * including costs nothing, erring on excluding loses a document.
 */
export function lookBackOverlap(zone: string, at: DateTime): Duration {
  const tz = IANAZone.create(zone);
  if (!tz.isValid) throw new Error(`not an IANA time zone: ${zone}`);
  let largest = 0;
  for (let week = -53; week <= 53; week++)
    largest = Math.max(largest, Math.abs(tz.offset(at.plus({ weeks: week }).toMillis())));
  return Duration.fromObject({ hours: Math.ceil(largest / 60) + OVERLAP_MARGIN_HOURS });
}
