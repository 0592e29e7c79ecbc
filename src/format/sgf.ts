/**
 * SG Finans / Nordea Finance fixed-width pair: invoice file .SGF (128-character records) and
 * customer file .SGK (254-character records), field lists from reference §2.1/§2.2 with the
 * positions derived there. ISO-8859-1, CRLF after every record, no header or trailer record
 * (ASSUMPTION(A25): the source lists none, §2.3).
 *
 * ASSUMPTION(A26): credit notes carry transaction code 9 and a positive amount (§2.3).
 * ASSUMPTION(A27): F7 holds the amount in NOK. Which field holds the NOK amount of a foreign-currency
 * document (F7, or F15 "currency amount" beside F14) is not public, and Visma.net's document
 * gives no NOK equivalent we could trust to the øre, so a non-NOK document is held back with a
 * finding until the factor confirms the layout (README, "Before go-live"). If the factor wants
 * such documents, this check and F14/F15 are where to change it.
 *
 * Optional fields never hold a document back (fixed-width.ts): an over-long customer reference is
 * cut, and a customer name longer than K6 continues in K18 "name 2"; what is cut is said in the
 * run summary (notes()).
 */
import type { ArDocument, Customer } from "../visma/index.ts";
import { daysBetween, isIsoDate } from "../shared/time.ts";
import { customerPostalAddress, streetText } from "./address.ts";
import { countryByAlpha2 } from "./countries.ts";
import { creditedInvoices } from "./credited.ts";
import { buildRecord, latin1File, yymmdd, type FieldSpec, type RecordResult } from "./fixed-width.ts";
import {
  commonProblems,
  noteOf,
  notesInEnglish,
  organizationDigits,
  renderProblem,
  throwIfProblems,
  type Problem,
} from "./problems.ts";
import { firstNonLatin1, latin1Text } from "./text.ts";
import { type FieldLabel, type FieldNote, fieldProblem } from "../shared/format-problems.ts";
import type { BatchToFormat, DocumentNotes, FactorSettings, Formatter, OutputFile } from "./types.ts";
import { batchFileStem } from "./stem.ts";

const f = (
  id: string,
  label: FieldLabel,
  length: number,
  kind: FieldSpec["kind"],
  required: boolean,
  cut = false,
): FieldSpec => ({
  id,
  label,
  length,
  kind,
  required,
  cut,
});

/** Invoice / credit note record, reference §2.1. */
const SGF_FIELDS: readonly FieldSpec[] = [
  f("F1", "transaction code", 1, "numeric", true),
  f("F2", "client number", 4, "numeric", true),
  f("F3", "debtor no.", 9, "numeric", true),
  f("F4", "invoice no.", 8, "numeric", true),
  f("F5", "invoice date", 6, "numeric", true),
  f("F6", "due date", 6, "numeric", true),
  f("F7", "amount", 11, "numeric", true),
  f("F8", "terms or credited invoice", 5, "numeric", false),
  f("F9", "not in use", 10, "text", false),
  f("F10", "order no.", 15, "text", false, true),
  f("F11", "comment", 25, "text", false),
  f("F12", "sales person no.", 4, "numeric", false),
  f("F13", "project no.", 7, "text", false),
  f("F14", "currency code", 3, "text", false),
  f("F15", "currency amount", 11, "numeric", false),
  f("F16", "not in use", 3, "text", false),
];

/** Where the SGF invoice record's values come from in Visma.net, for the problem messages. */
const SGF_SOURCES: Readonly<Record<string, FieldLabel>> = {
  F2: "factor.clientNumber",
  F3: "customer number",
  F4: "document number",
  F10: "customer reference",
  F11: "KID",
  F14: "currency",
};

/** Customer record, reference §2.2. */
const SGK_FIELDS: readonly FieldSpec[] = [
  f("K1", "control character", 1, "text", true),
  f("K2", "version number", 4, "numeric", true),
  f("K3", "client number", 4, "numeric", true),
  f("K4", "debtor no.", 9, "numeric", true),
  // ASSUMPTION(A30): an identifier, so left-aligned and space-padded (a 9-digit org. no. in 11 places).
  f("K5", "organisation no.", 11, "text", true),
  f("K6", "company name", 35, "text", true),
  f("K7", "first name", 20, "text", false),
  f("K8", "address", 30, "text", true),
  f("K9", "zip code", 4, "text", true),
  f("K10", "post place", 23, "text", true),
  f("K11", "contact person", 20, "text", false),
  f("K12", "telephone", 12, "text", false),
  f("K13", "country name", 20, "text", false),
  f("K14", "country code", 2, "text", true),
  f("K15", "country number", 3, "numeric", true),
  f("K16", "bank giro number", 11, "text", false),
  f("K17", "district", 4, "text", false),
  f("K18", "name 2", 35, "text", false),
  f("K19", "currency code", 3, "text", true),
  f("K20", "not used", 3, "text", false),
];

/** SG Finans: "name can not start using AS etc." (§2.2). */
const COMPANY_FORM_PREFIXES = ["AS", "ASA", "DA", "ANS", "ENK"];

/**
 * A document's record is needed by check(), format() and notes(): built once per document and
 * settings, like the customer records below (documents are read-only values of the run).
 */
const invoiceRecords = new WeakMap<FactorSettings, WeakMap<ArDocument, RecordResult>>();

function invoiceRecord(document: ArDocument, factor: FactorSettings): RecordResult {
  let byDocument = invoiceRecords.get(factor);
  if (!byDocument) invoiceRecords.set(factor, (byDocument = new WeakMap()));
  let record = byDocument.get(document);
  if (!record) byDocument.set(document, (record = buildInvoiceRecord(document, factor)));
  return record;
}

function buildInvoiceRecord(document: ArDocument, factor: FactorSettings): RecordResult {
  const isCredit = document.type === "CreditNote";
  // ASSUMPTION(A31): a credit note without a due date gets its document date in the required F6.
  const dueDate = document.dueDate ?? document.documentDate;
  const dateOk = isIsoDate(document.documentDate) && isIsoDate(dueDate);
  // ASSUMPTION(A32): F8 on an invoice = payment terms in days (due date − invoice date).
  const terms =
    !isCredit && dateOk && dueDate >= document.documentDate ? String(daysBetween(document.documentDate, dueDate)) : "";
  const credited = isCredit ? creditedInvoiceField(document) : { value: "", note: null };
  const amount = Number.isSafeInteger(document.amountOre) && document.amountOre > 0 ? String(document.amountOre) : "";
  const record = buildRecord(
    SGF_FIELDS,
    {
      F1: isCredit ? "9" : "1",
      F2: factor.clientNumber,
      F3: document.customer.number,
      F4: document.number,
      F5: dateOk ? yymmdd(document.documentDate) : "",
      F6: dateOk ? yymmdd(dueDate) : "",
      F7: amount,
      F8: isCredit ? credited.value : terms,
      // ASSUMPTION(A33): F10 "order no. / free text about invoice" = the customer's reference.
      F10: document.customerRef?.trim() ?? "",
      // ASSUMPTION(A34): F11 comment = the KID, so the factor can match payments even if it does not
      // derive the KID itself (a valid KID is at most 25 characters and always fits; never cut).
      F11: document.kid?.trim() ?? "",
      F14: document.currency,
    },
    SGF_SOURCES,
  );
  const notes = credited.note ? [credited.note, ...record.notes] : record.notes;
  // A date or amount that commonProblems() already rejects is left blank here and not reported a second time.
  const problems =
    dateOk && amount !== ""
      ? record.problems
      : withoutFields(record.problems, new Set([...(dateOk ? [] : ["F5", "F6"]), ...(amount === "" ? ["F7"] : [])]));
  return { line: record.line, problems, notes };
}

/**
 * F8 of a credit note: "invoice credited" (§2.1), when Visma.net links the credit note to one
 * invoice (credited.ts). ASSUMPTION(A35): the number is written as a number (leading zeros dropped,
 * zero-padded like every numeric field); a number that does not fit the 5 places is left out and
 * said in the run summary, never cut: a cut number could name another invoice. How the factor
 * wants a longer number is an open question (§2.3), listed in the README's go-live list.
 */
function creditedInvoiceField(document: ArDocument): { value: string; note: FieldNote | null } {
  const numbers = creditedInvoices(document);
  if (numbers.length === 0) return { value: "", note: null };
  const field = { id: "F8", label: "credited invoice" } as const;
  const creditNote = document.number;
  if (numbers.length > 1)
    return { value: "", note: { field, note: { code: "credits-several", creditNote, invoices: numbers } } };
  const invoice = numbers[0]!;
  const digits = /^\d+$/.test(invoice) ? invoice.replace(/^0+(?=\d)/, "") : null;
  if (digits === null)
    return { value: "", note: { field, note: { code: "credited-not-number", creditNote, invoice } } };
  if (digits.length > 5)
    return { value: "", note: { field, note: { code: "credited-too-long", creditNote, invoice } } };
  return { value: digits, note: null };
}

/** SGK holds the name in K6 (35) and continues it in K18 "name 2" (35), split at a space when there is one. */
function splitName(name: string): { k6: string; k18: string; lost: boolean } {
  if (name.length <= 35) return { k6: name, k18: "", lost: false };
  const space = name.lastIndexOf(" ", 35);
  const at = space > 0 ? space : 35;
  const rest = name.slice(at).trim();
  return { k6: name.slice(0, at).trimEnd(), k18: rest.slice(0, 35).trimEnd(), lost: rest.length > 35 };
}

/**
 * A customer's record, built once per customer, currency and settings: a day's documents name the
 * same customers again and again, and each document's check asks for its customer's record.
 * Customers and settings are read-only values of the run, so the record cannot go stale.
 */
const customerRecords = new WeakMap<FactorSettings, WeakMap<Customer, Map<string, RecordResult>>>();

function customerRecord(customer: Customer, currency: string, factor: FactorSettings): RecordResult {
  let byCustomer = customerRecords.get(factor);
  if (!byCustomer) customerRecords.set(factor, (byCustomer = new WeakMap()));
  let byCurrency = byCustomer.get(customer);
  if (!byCurrency) byCustomer.set(customer, (byCurrency = new Map()));
  let record = byCurrency.get(currency);
  if (!record) byCurrency.set(currency, (record = buildCustomerRecord(customer, currency, factor)));
  return record;
}

function buildCustomerRecord(customer: Customer, currency: string, factor: FactorSettings): RecordResult {
  const address = customerPostalAddress(customer);
  const countryCode = address?.countryId?.trim().toUpperCase() ?? "";
  const country = countryCode ? countryByAlpha2(countryCode) : undefined;
  const name = latin1Text(customer.name.trim());
  const extra: Problem[] = [];
  const notes: FieldNote[] = [];
  const k6Name = { id: "K6", label: "company name", source: "customer name" } as const;

  const upperName = name.toUpperCase();
  const form = COMPANY_FORM_PREFIXES.find((p) => upperName.startsWith(`${p} `) || upperName === p);
  if (form) {
    extra.push(fieldProblem(k6Name, { code: "company-form", name, form }));
  }
  // The whole name is required data: a character Latin-1 cannot carry is a problem wherever it sits.
  const badInName = firstNonLatin1(name);
  if (badInName !== null) {
    extra.push(fieldProblem(k6Name, { code: "character", value: name, char: badInName, where: "latin1" }));
  }
  const { k6, k18, lost } = splitName(name);
  if (lost) {
    notes.push({ field: { ...k6Name, id: "K6/K18" }, note: { code: "name-split", name, k6, k18 } });
  }
  const org = organizationDigits(customer);
  if (org !== null && org.length !== 9 && org.length !== 11) {
    extra.push(
      fieldProblem(
        { id: "K5", label: "organisation no.", source: "corporateId" },
        { code: "org-digits", value: customer.corporateId, digits: org.length },
      ),
    );
  }
  const zip = address?.postalCode?.trim() ?? "";
  if (countryCode === "NO" && zip !== "" && !/^\d{4}$/.test(zip)) {
    extra.push(
      fieldProblem(
        { id: "K9", label: "zip code", source: "postal code" },
        { code: "postal-code", value: zip, exactly: true },
      ),
    );
  }
  if (countryCode !== "" && !country) {
    extra.push(
      fieldProblem(
        { id: "K14", label: "country code", source: "address country" },
        { code: "country-unknown", country: countryCode },
      ),
    );
  }
  const record = buildRecord(
    SGK_FIELDS,
    {
      K1: "K",
      K2: "9409",
      K3: factor.clientNumber,
      K4: customer.number,
      K5: org ?? "",
      K6: badInName === null ? k6 : "",
      K8: streetText(address),
      K9: zip,
      K10: address?.city?.trim() ?? "",
      // ASSUMPTION(A36): the optional contact person and telephone are left blank: a phone such as
      // "+47 22 33 44 55" does not fit 12 places, and an optional field must not hold an invoice back.
      K13: country?.name ?? "",
      K14: countryCode,
      K15: country?.numeric ?? "",
      K18: badInName === null ? k18 : "",
      K19: currency,
    },
    {
      K3: "factor.clientNumber",
      K4: "customer number",
      K5: "corporateId",
      K6: "customer name",
      K8: "address lines",
      K9: "postal code",
      K10: "city",
      K14: "address country",
      K18: "customer name, continued",
      K19: "customer currency",
    },
  );
  // A field with a specific problem above is not reported a second time by the generic field check.
  const specific = new Set(extra.map((p) => fieldId(p.field)));
  return {
    line: record.line,
    problems: [...extra, ...withoutFields(record.problems, specific)],
    notes: [...notes, ...record.notes],
  };
}

/** "K9 zip code (postal code)" → "K9". */
function fieldId(field: string): string {
  return field.split(" ")[0] ?? field;
}

function withoutFields(problems: Problem[], ids: ReadonlySet<string>): Problem[] {
  return problems.filter((p) => !ids.has(fieldId(p.field)));
}

function customerCurrency(customer: Customer, fallback: string): string {
  return customer.currency?.trim() || fallback;
}

function assertSgf(factor: FactorSettings): Extract<FactorSettings["format"], { type: "sgf" }> {
  if (factor.format.type !== "sgf") throw new Error(`the SGF formatter was given format ${factor.format.type}`);
  return factor.format;
}

function documentProblems(document: ArDocument, customer: Customer | undefined, factor: FactorSettings): Problem[] {
  assertSgf(factor);
  const problems = [...commonProblems(document, customer, factor), ...invoiceRecord(document, factor).problems];
  if (document.currency !== "NOK") {
    problems.push(fieldProblem({ label: "currency" }, { code: "sgf-foreign-currency", currency: document.currency }));
  }
  if (customer && customer.number === document.customer.number) {
    problems.push(...customerRecord(customer, customerCurrency(customer, document.currency), factor).problems);
  }
  return problems;
}

/** The customers whose record goes into the batch's .SGK, each with the first document that brings it. */
function customersToSend(batch: BatchToFormat): { customer: Customer; currency: string; document: ArDocument }[] {
  const settings = assertSgf(batch.factor);
  const order: { customer: Customer; currency: string; document: ArDocument }[] = [];
  const seen = new Set<string>();
  for (const document of batch.documents) {
    const customer = batch.customers.get(document.customer.number);
    if (!customer || seen.has(customer.number)) continue;
    seen.add(customer.number);
    if (settings.customerFile === "new" && !batch.newCustomers.has(customer.number)) continue;
    order.push({ customer, currency: customerCurrency(customer, document.currency), document });
  }
  return order;
}

function documentNotes(batch: BatchToFormat): DocumentNotes[] {
  const customerNotes = new Map<ArDocument, FieldNote[]>();
  for (const c of customersToSend(batch))
    customerNotes.set(c.document, customerRecord(c.customer, c.currency, batch.factor).notes);
  return batch.documents.flatMap((document) =>
    noteOf(document, [...invoiceRecord(document, batch.factor).notes, ...(customerNotes.get(document) ?? [])]),
  );
}

export const sgfFormatter: Formatter = {
  problems: documentProblems,

  check(document, customer, factor) {
    return documentProblems(document, customer, factor).map((p) => renderProblem(document, p));
  },

  format(batch: BatchToFormat): OutputFile[] {
    assertSgf(batch.factor);
    if (batch.documents.length === 0) return [];
    const stem = batchFileStem(batch.tenantId, batch.businessDate, batch.sequence);
    const invoiceLines: string[] = [];
    for (const document of batch.documents) {
      throwIfProblems(
        document,
        documentProblems(document, batch.customers.get(document.customer.number), batch.factor),
      );
      invoiceLines.push(invoiceRecord(document, batch.factor).line);
    }
    const files: OutputFile[] = [{ name: `${stem}.SGF`, content: latin1File(invoiceLines) }];
    const customers = customersToSend(batch);
    if (customers.length > 0) {
      const lines = customers.map((c) => customerRecord(c.customer, c.currency, batch.factor).line);
      files.push({ name: `${stem}.SGK`, content: latin1File(lines), role: "customers" as const });
    }
    return files;
  },

  notes: (batch) => notesInEnglish(documentNotes(batch)),

  fieldNotes: documentNotes,
};
