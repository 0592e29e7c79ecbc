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
import type { DateTime } from "luxon";
import type { TenantSettings } from "../config/schema.ts";
import { vismaDateTimeMillis } from "../shared/local-time.ts";
import { daysBetween } from "../shared/time.ts";
import type { ArDocument, Customer } from "../visma/index.ts";
import { documentKey } from "../ledger/types.ts";
import type { ExclusionCode, NoticeDocument } from "../shared/notice.ts";
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
  /** The KID rule of the tenant: a problem text, or null when the KID is fine. */
  kidProblem: (kid: string | null) => string | null;
  /** Problems that stop the factor's file format from carrying this document. */
  formatProblems: (document: ArDocument, customer: Customer | undefined) => string[];
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
    if (verdict) excluded.push({ document: refOf(doc), ...verdict });
    else selected.push(doc);
  }
  selected.sort((a, b) => a.type.localeCompare(b.type) || compareNumbers(a.number, b.number));
  return { selected, excluded };
}

type Verdict = { code: ExclusionCode; message: string } | undefined;

function judge(doc: ArDocument, input: SelectionInput): Verdict {
  const { settings } = input;
  const zone = settings.timeZone;
  if (input.alreadySent.has(documentKey(doc))) return { code: "already-transferred", message: "in the ledger already" };
  if (doc.modifiedAt && vismaDateTimeMillis(doc.modifiedAt, zone) < input.since.toMillis()) {
    return { code: "not-new", message: "not modified since the previous transfer" };
  }
  if (!settings.selection.documentTypes.includes(doc.type)) {
    return { code: "document-type", message: `${doc.type} is not in selection.documentTypes` };
  }
  const listedAs = doc.documentType ?? doc.type;
  if (doc.status === "Voided") return { code: "voided-before-transfer", message: "voided in Visma.net" };
  if (doc.status === "Closed") {
    return doc.type === "CreditNote"
      ? {
          code: "credit-applied",
          message:
            "already applied/matched before transfer; a credit note must stay Open and unmatched so the integration can send and close it — handle it with the factor manually",
        }
      : { code: "closed-before-transfer", message: "closed in Visma.net before it was transferred" };
  }
  if (doc.status !== "Open" || doc.hold)
    return { code: "not-open-yet", message: `status ${doc.status}; sent once it is Open` };
  if (doc.createdAt && vismaDateTimeMillis(doc.createdAt, zone) < input.integrationStart.toMillis()) {
    return { code: "created-before-start", message: `created ${doc.createdAt}, before the integration started` };
  }
  // The customer is asked for only where it decides (customersNeeded counts on that).
  const customer = () => input.customers.get(doc.customer.number);
  const methods = settings.selection.paymentMethods;
  if (methods.length > 0) {
    const method = doc.paymentMethodId ?? customer()?.defaultPaymentMethodId ?? null;
    if (!method || !methods.includes(method)) {
      return {
        code: "payment-method",
        message: `payment method ${method ?? "(none)"} is not a factoring method (${methods.join(", ")})`,
      };
    }
  }
  // Decided: only Invoice (invoice endpoint) and CreditNote (credit-note endpoint) are factored;
  // ASSUMPTION(A13): the invoice endpoint lists other types too, each with its documentType.
  // A debit note or an overdue charge carries no invoice's file record or closing here; listed
  // for a person, since it bears a factoring payment method.
  if (listedAs !== doc.type) {
    return {
      code: "unsupported-type",
      message: `Visma.net lists it as a ${listedAs}; only invoices and credit notes are factored (a ${typeName(listedAs)} is not sent as ${doc.type === "Invoice" ? "an invoice" : "a credit note"}) — agree with the factor how to handle it`,
    };
  }
  const age = daysBetween(doc.documentDate, input.businessDate);
  if (age > settings.selection.maxInvoiceAgeDays) {
    return {
      code: "too-old",
      message: `document date ${doc.documentDate} is ${age} days back (limit ${settings.selection.maxInvoiceAgeDays}); handle it with the factor manually`,
    };
  }
  if (!settings.factor.currencies.includes(doc.currency)) {
    return {
      code: "currency",
      message: `currency ${doc.currency} is not accepted by the factor (${settings.factor.currencies.join(", ")})`,
    };
  }
  if (doc.balanceOre <= 0) return { code: "zero-balance", message: "open balance is 0" };
  if (doc.balanceOre < doc.amountOre) {
    return {
      code: "partly-paid-before-transfer",
      message: `open balance ${doc.balanceOre} øre is below the amount ${doc.amountOre} øre: partly paid or applied before transfer; settle with the factor manually`,
    };
  }
  const known = customer();
  if (!known)
    return { code: "missing-customer", message: `customer ${doc.customer.number} was not returned by Visma.net` };
  // A customer does not pay a credit note, so it carries no KID: the rule applies to invoices.
  const kid = doc.type === "Invoice" ? input.kidProblem(doc.kid) : null;
  if (kid)
    return {
      code: "kid",
      message: `${kid}; correct the payment method/KID setup in Visma.net and credit/re-issue the document`,
    };
  const format = input.formatProblems(doc, known);
  if (format.length > 0) return { code: "format", message: format.join("; ") };
  return undefined;
}

/** "DebitNote" → "debit note". */
function typeName(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
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
