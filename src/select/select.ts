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
 *
 * The transfer reads customers only for the documents whose judgement needs them, so the judgement
 * comes in two steps: screenDocuments before the customers are read, judgeScreened after.
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

/** What the first step of the selection takes: everything but the customers. */
export type ScreeningInput = Omit<SelectionInput, "customers">;

/**
 * The first step of the selection, taken before any customer is read: every document (each once)
 * with what the checks that need no customer say of it, and the customers the rest asks for.
 */
export interface Screening {
  input: ScreeningInput;
  documents: readonly Screened[];
  /**
   * The customers the selection needs: those of the documents that no rule before the customer's
   * own decides. The transfer reads documents first and then only these (transfer/customers.ts).
   */
  customersNeeded: ReadonlySet<string>;
}

/**
 * A document as far as it is judged without its customer: excluded (the verdict), or waiting for
 * its customer's default payment method (it has none of its own) or only for its customer (every
 * check before `missing-customer` passed).
 */
interface Screened {
  doc: ArDocument;
  outcome: Excluded | "awaits method" | "awaits customer";
}

type Excluded = NoticeText<ExclusionCode>;
type Verdict = Excluded | undefined;

/** Both steps at once: the doctor's forecast and any caller that holds the customers already. */
export function selectDocuments(input: SelectionInput): Selection {
  return judgeScreened(screenDocuments(input), input.customers);
}

/**
 * The first step. The transfer needs it to know which customers to read, and keeps it for its
 * select phase (judgeScreened), so no document's dates, key and age are worked out twice a run.
 */
export function screenDocuments(input: ScreeningInput): Screening {
  const cutOffs = { since: input.since.toMillis(), integrationStart: input.integrationStart.toMillis() };
  const documents: Screened[] = [];
  const customersNeeded = new Set<string>();
  const seen = new Set<string>();
  for (const doc of input.documents) {
    const key = documentKey(doc);
    if (seen.has(key)) continue; // the same document from two overlapping queries
    seen.add(key);
    const outcome = screen(doc, key, input, cutOffs);
    if (typeof outcome === "string") customersNeeded.add(doc.customer.number);
    documents.push({ doc, outcome });
  }
  return { input, documents, customersNeeded };
}

/** The second step: each screened document judged to the end with its customer, as far as it was read. */
export function judgeScreened({ input, documents }: Screening, customers: CustomerLookup): Selection {
  const selected: ArDocument[] = [];
  const excluded: Exclusion[] = [];
  for (const { doc, outcome } of documents) {
    const verdict = typeof outcome === "string" ? judgeWithCustomer(doc, outcome, input, customers) : outcome;
    if (verdict) excluded.push({ ...verdict, document: refOf(doc) });
    else selected.push(doc);
  }
  // localeCompare only where the types differ: a day's thousands of comparisons are mostly within one type.
  selected.sort((a, b) => (a.type === b.type ? 0 : a.type.localeCompare(b.type)) || compareNumbers(a.number, b.number));
  return { selected, excluded };
}

/*
 * The judgement of one document, split where its customer is first needed. The order of the
 * checks is behaviour (the first that fails is the reason given):
 *
 *   before the method   already-transferred, not-new, document-type, voided, closed/credit-applied,
 *                       not-open-yet, created-before-start
 *   the method          payment-method: the document's own, else its customer's default
 *   between             unsupported-type, too-old, currency, zero-balance, partly-paid
 *   the customer        missing-customer, kid, format
 *
 * A document without a method of its own waits for its customer before "between" runs, as a
 * document that the method excludes never runs it.
 */

interface CutOffs {
  since: number;
  integrationStart: number;
}

function screen(doc: ArDocument, key: string, input: ScreeningInput, cutOffs: CutOffs): Screened["outcome"] {
  const before = beforeMethod(doc, key, input, cutOffs);
  if (before) return before;
  const methods = input.settings.selection.paymentMethods;
  if (methods.length > 0) {
    if (doc.paymentMethodId == null) return "awaits method";
    const own = methodVerdict(doc.paymentMethodId, methods);
    if (own) return own;
  }
  return betweenMethodAndCustomer(doc, input) ?? "awaits customer";
}

function judgeWithCustomer(
  doc: ArDocument,
  awaits: "awaits method" | "awaits customer",
  input: ScreeningInput,
  customers: CustomerLookup,
): Verdict {
  const known = customers.get(doc.customer.number);
  if (awaits === "awaits method") {
    const methods = input.settings.selection.paymentMethods;
    const verdict =
      methodVerdict(known?.defaultPaymentMethodId ?? null, methods) ?? betweenMethodAndCustomer(doc, input);
    if (verdict) return verdict;
  }
  return customerVerdict(doc, known, input);
}

function beforeMethod(doc: ArDocument, key: string, input: ScreeningInput, cutOffs: CutOffs): Verdict {
  const { settings } = input;
  const zone = settings.timeZone;
  if (input.alreadySent.has(key)) return { code: "already-transferred", data: {} };
  if (doc.modifiedAt && vismaDateTimeMillis(doc.modifiedAt, zone) < cutOffs.since) return { code: "not-new", data: {} };
  if (!settings.selection.documentTypes.includes(doc.type)) return { code: "document-type", data: { type: doc.type } };
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
    if (created < cutOffs.integrationStart)
      return { code: "created-before-start", data: { createdAt: DateTime.fromMillis(created, { zone }).toISO()! } };
  }
  return undefined;
}

/** The payment method (the document's, else its customer's default) against the tenant's factoring methods. */
function methodVerdict(method: string | null, methods: TenantSettings["selection"]["paymentMethods"]): Verdict {
  if (!method || !methods.includes(method)) return { code: "payment-method", data: { method, methods } };
  return undefined;
}

function betweenMethodAndCustomer(doc: ArDocument, { settings, businessDate }: ScreeningInput): Verdict {
  // Decided: only Invoice (invoice endpoint) and CreditNote (credit-note endpoint) are factored;
  // ASSUMPTION(A13): the invoice endpoint lists other types too, each with its documentType.
  // A debit note or an overdue charge carries no invoice's file record or closing here; listed
  // for a person, since it bears a factoring payment method.
  const listedAs = doc.documentType ?? doc.type;
  if (listedAs !== doc.type) return { code: "unsupported-type", data: { listedAs, type: doc.type } };
  const age = daysBetween(doc.documentDate, businessDate);
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
  return undefined;
}

function customerVerdict(doc: ArDocument, known: Customer | undefined, input: ScreeningInput): Verdict {
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
