/**
 * Which documents go to the factor today: a pure function of what Visma.net returned, the
 * ledger and the clock. Every document seen either goes into the batch or gets exactly one
 * exclusion with its reason, so nothing disappears silently.
 *
 * The list queries ask for documents modified since the previous transfer (minus an
 * overlap): creating a document and releasing it from Hold both modify it, so this one
 * query covers "created since" and "turned Open since"; documents seen twice are filtered
 * by the ledger. Filters are re-checked here because the API is reported to ignore (ASSUMPTION(A2))
 * parameters it does not know.
 */
import { DateTime } from "luxon";
import type { TenantSettings } from "../config/schema.ts";
import { vismaDateTimeMillis } from "../shared/local-time.ts";
import { daysBetween } from "../shared/time.ts";
import type { ArDocument, Customer } from "../visma/index.ts";
import { documentKey } from "../ledger/types.ts";
import type { ExclusionCode, FieldProblem, KidIssue, NoticeDocument, NoticeText } from "../shared/notice.ts";
import type { Exclusion, Selection } from "./types.ts";
import { compareNumbers } from "../shared/order.ts";

export interface SelectionInput {
  settings: Pick<TenantSettings, "timeZone" | "selection" | "factor">;
  businessDate: string; // yyyy-MM-dd in the tenant's zone
  /** Documents modified before this instant were covered by an earlier run. */
  since: DateTime;
  /** Documents created before this instant predate the integration. */
  integrationStart: DateTime;
  documents: readonly ArDocument[];
  /** The customers read (by number): asked only for documents whose judgement needs their customer. */
  customers: CustomerLookup;
  /** documentKey() of every document in a pending or transferred batch. */
  alreadySent: ReadonlySet<string>;
  /** The KID rule of the tenant: what is wrong with a KID, or null when it is fine. */
  kidIssue: (kid: string | null) => KidIssue | null;
  /** Problems that stop the factor's file format from carrying this document, field by field. */
  formatProblems: (document: ArDocument, customer: Customer | undefined) => FieldProblem[];
}

/** Customers by number, as far as they were read. */
export interface CustomerLookup {
  get(number: string): Customer | undefined;
}

/**
 * The customers the selection of `input.documents` needs: those of the documents that no rule
 * before the customer's own decides. The transfer reads documents first and then only these
 * customers (transfer/customers.ts); the judgement is the selection's own, asked with no customer
 * at hand, noting whose customer it asks for.
 */
export function customersNeeded(input: Omit<SelectionInput, "customers">): Set<string> {
  const asked = new Set<string>();
  selectDocuments({
    ...input,
    customers: {
      get: (number) => {
        asked.add(number);
        return undefined;
      },
    },
  });
  return asked;
}

export function selectDocuments(input: SelectionInput): Selection {
  const selected: ArDocument[] = [];
  const excluded: Exclusion[] = [];
  const seen = new Set<string>();
  for (const doc of input.documents) {
    const key = documentKey(doc);
    if (seen.has(key)) continue; // the same document from two overlapping queries
    seen.add(key);
    const verdict = judge(doc, input);
    if (verdict) excluded.push({ ...verdict, document: refOf(doc) });
    else selected.push(doc);
  }
  selected.sort((a, b) => a.type.localeCompare(b.type) || compareNumbers(a.number, b.number));
  return { selected, excluded };
}

type Verdict = NoticeText<ExclusionCode> | undefined;

function judge(doc: ArDocument, input: SelectionInput): Verdict {
  const { settings } = input;
  const zone = settings.timeZone;
  if (input.alreadySent.has(documentKey(doc))) return { code: "already-transferred", data: {} };
  if (doc.modifiedAt && vismaDateTimeMillis(doc.modifiedAt, zone) < input.since.toMillis())
    return { code: "not-new", data: {} };
  if (!settings.selection.documentTypes.includes(doc.type)) return { code: "document-type", data: { type: doc.type } };
  const listedAs = doc.documentType ?? doc.type;
  if (doc.status === "Voided") return { code: "voided-before-transfer", data: {} };
  if (doc.status === "Closed") {
    // A credit note must stay Open and unmatched so the integration can send and close it.
    return doc.type === "CreditNote"
      ? { code: "credit-applied", data: {} }
      : { code: "closed-before-transfer", data: {} };
  }
  if (doc.status !== "Open" || doc.hold) return { code: "not-open-yet", data: { status: doc.status } };
  if (doc.createdAt) {
    const created = vismaDateTimeMillis(doc.createdAt, zone);
    if (created < input.integrationStart.toMillis())
      return { code: "created-before-start", data: { createdAt: DateTime.fromMillis(created, { zone }).toISO()! } };
  }
  // The customer is asked for only where it decides (customersNeeded counts on that).
  const customer = () => input.customers.get(doc.customer.number);
  const methods = settings.selection.paymentMethods;
  if (methods.length > 0) {
    const method = doc.paymentMethodId ?? customer()?.defaultPaymentMethodId ?? null;
    if (!method || !methods.includes(method)) return { code: "payment-method", data: { method, methods } };
  }
  // Decided: only Invoice (invoice endpoint) and CreditNote (credit-note endpoint) are factored;
  // ASSUMPTION(A13): the invoice endpoint lists other types too, each with its documentType.
  // A debit note or an overdue charge carries no invoice's file record or closing here; listed
  // for a person, since it bears a factoring payment method.
  if (listedAs !== doc.type) return { code: "unsupported-type", data: { listedAs, type: doc.type } };
  const age = daysBetween(doc.documentDate, input.businessDate);
  const limitDays = settings.selection.maxInvoiceAgeDays;
  if (age > limitDays) return { code: "too-old", data: { documentDate: doc.documentDate, ageDays: age, limitDays } };
  if (!settings.factor.currencies.includes(doc.currency))
    return { code: "currency", data: { currency: doc.currency, accepted: settings.factor.currencies } };
  if (doc.balanceOre <= 0) return { code: "zero-balance", data: {} };
  if (doc.balanceOre < doc.amountOre) {
    return {
      code: "partly-paid-before-transfer",
      data: { balanceOre: doc.balanceOre, amountOre: doc.amountOre, currency: doc.currency },
    };
  }
  const known = customer();
  if (!known) return { code: "missing-customer", data: { customer: doc.customer.number } };
  // A customer does not pay a credit note, so it carries no KID: the rule applies to invoices.
  const kid = doc.type === "Invoice" ? input.kidIssue(doc.kid) : null;
  if (kid) return { code: "kid", data: kid };
  const problems = input.formatProblems(doc, known);
  if (problems.length > 0) return { code: "format", data: { problems } };
  return undefined;
}

export function refOf(doc: ArDocument): NoticeDocument {
  return {
    type: doc.type,
    number: doc.number,
    customer: doc.customer.number,
    customerName: doc.customer.name,
    amountOre: doc.amountOre,
    currency: doc.currency,
  };
}
