/**
 * What the factor-file formatters (src/format) find, as data: a field of the file and either a
 * problem that holds the document back or a note (the file says something differently from
 * Visma.net), each by code with its values, so each language says it in its own words
 * (report/messages). A problem also carries its English field and sentence: format() throws the
 * first problem as a FormatError, and errors (like the CLI's error lines) are English by design;
 * and a problem stored before the codes existed holds only those two, which still render.
 *
 * The English texts live here, next to their data, and report/messages/en.ts reuses them, so an
 * English report reads byte for byte what the formatters said before (test/format/problem-texts.test.ts).
 */
import { formatMoney, oreToDecimalString } from "./money.ts";
import { type KidIssue, kidIssueText } from "./notice.ts";

/** The labels of the file's fields and of where their values come from in Visma.net, in English (their codes). */
export const FIELD_LABELS = [
  // Every format (format/problems.ts).
  "amount",
  "VAT amount",
  "currency",
  "customer",
  "document date",
  "due date",
  "KID",
  // SGF invoice record (format/sgf.ts).
  "transaction code",
  "client number",
  "debtor no.",
  "invoice no.",
  "invoice date",
  "terms or credited invoice",
  "credited invoice",
  "not in use",
  "order no.",
  "comment",
  "sales person no.",
  "project no.",
  "currency code",
  "currency amount",
  // SGK customer record.
  "control character",
  "version number",
  "organisation no.",
  "company name",
  "first name",
  "address",
  "zip code",
  "post place",
  "contact person",
  "telephone",
  "country name",
  "country code",
  "country number",
  "bank giro number",
  "district",
  "name 2",
  "not used",
  // Where SGF values come from.
  "factor.clientNumber",
  "customer number",
  "document number",
  "customer reference",
  "corporateId",
  "customer name",
  "address lines",
  "postal code",
  "city",
  "address country",
  "customer name, continued",
  "customer currency",
  // EHF (format/ehf.ts, format/ehf-amounts.ts).
  "customer organisation number",
  "customer address line 1",
  "customer address line 2",
  "customer address line 3",
  "customer postal code",
  "customer city",
  "customer country",
  "line",
  "description",
  "VAT",
  "VAT rate of tax",
  "VAT code",
  "VAT breakdown",
  "lines",
  "line amounts",
  "taxable amounts",
  "VAT amounts",
  "VAT categories",
] as const;

export type FieldLabel = (typeof FIELD_LABELS)[number];

/**
 * A field as data: "K9 zip code (postal code)" is `{ id: "K9", label: "zip code", source: "postal
 * code" }`; `arg` follows the label ("VAT code 3"), and `then` follows that ("line 2 description"); a CSV column is named by the tenant's own
 * column name, which no language changes.
 */
export type FieldName =
  | { id?: string; label: FieldLabel; arg?: string; source?: FieldLabel; then?: FieldLabel }
  | { column: string };

/** Why a field holds the document back. */
export type ProblemText =
  | { code: "amount-not-positive"; amountOre: number; currency: string }
  | { code: "amount-not-whole"; amount: number }
  | { code: "vat-out-of-range"; vatOre: number; amountOre: number; currency: string }
  | { code: "currency-not-accepted"; currency: string; accepted: string[] }
  | { code: "customer-not-loaded"; customer: string }
  | { code: "customer-mismatch"; given: string; customer: string }
  | { code: "not-a-date"; value: string }
  | { code: "no-due-date" }
  | { code: "due-before-document"; dueDate: string; documentDate: string }
  | { code: "kid"; issue: KidIssue }
  | { code: "required" }
  | { code: "not-digits"; value: string }
  /** `char` is the character itself; `where`: what cannot carry it. */
  | { code: "character"; value: string; char: string; where: "latin1" | "control" }
  | { code: "too-long"; value: string; max: number }
  | { code: "company-form"; name: string; form: string }
  | { code: "org-digits"; value: string | null; digits: number }
  | { code: "postal-code"; value: string; exactly: boolean }
  | { code: "country-unknown"; country: string }
  | { code: "sgf-foreign-currency"; currency: string }
  | { code: "csv-no-org"; customer: string }
  // EHF.
  | { code: "file-name"; value: string }
  | { code: "ehf-no-org"; customer: string }
  | { code: "org-not-9"; value: string | null }
  /** `expected`: the check digit the number should end with, or null when no valid number starts like it. */
  | {
      code: "org-check-digit";
      customer: string;
      name: string;
      value: string | null;
      digits: string;
      expected: number | null;
    }
  | { code: "empty" }
  | { code: "address-missing" }
  | { code: "country-not-no"; country: string }
  /** `codePoint`: "U+0001", the first character XML cannot carry (all of them invisible). */
  | { code: "xml-character"; value: string; codePoint: string }
  | { code: "not-a-percentage"; value: string | null }
  | { code: "zero-rate-charged"; category: string; percent: string }
  | { code: "exemption-reasons"; category: string }
  | { code: "vat-without-details"; vatOre: number; currency: string }
  | { code: "no-lines" }
  | { code: "lines-sum"; linesOre: number; netOre: number; currency: string }
  | { code: "taxable-sum"; taxableOre: number; netOre: number; currency: string }
  | { code: "vat-sum"; detailsOre: number; vatOre: number; currency: string }
  | { code: "rate-lines-sum"; percent: string; linesOre: number; taxableOre: number; currency: string }
  | {
      code: "rate-vat";
      vatOre: number;
      taxableOre: number;
      expectedOre: number;
      toleranceOre: number;
      currency: string;
    }
  | { code: "zero-rate-vat"; category: string; vatOre: number; currency: string }
  | { code: "category-o-mixed" }
  | { code: "category-k" }
  | { code: "no-description" }
  | { code: "quantity-not-decimal"; value: string | null }
  | { code: "line-vat-code"; vatCode: string | null }
  | { code: "unit-price-not-decimal"; value: string }
  /** The line amount is written as the file's decimal, like the quantity and price beside it. */
  | { code: "quantity-zero"; amountOre: number };

export type ProblemCode = ProblemText["code"];

/** What the file says differently from Visma.net, without holding the document back. */
export type NoteText =
  /** An optional field cut to fit: `char` the first character the file cannot carry (or null), `max` the field's length. */
  | { code: "cut"; value: string; char: string | null; max: number; written: string }
  | { code: "credits-several"; creditNote: string; invoices: string[] }
  | { code: "credited-not-number"; creditNote: string; invoice: string }
  | { code: "credited-too-long"; creditNote: string; invoice: string }
  | { code: "name-split"; name: string; k6: string; k18: string }
  | { code: "unit-unknown"; unit: string | null; written: string }
  /** Decimal texts as the file writes them; `amountOre` the line amount (written as a decimal too). */
  | { code: "net-price"; quantity: string; unitPrice: string; gross: string; amountOre: number; net: string };

export type NoteCode = NoteText["code"];

/** A field of the factor's file a document does not fit. */
export interface FieldProblem {
  /** The field in English (what FormatError names, and all a problem stored before the codes holds). */
  field: string;
  /** The problem in English (likewise). */
  message: string;
  /** The field and the problem as data, said in the reader's language. */
  coded?: { field: FieldName; problem: ProblemText };
}

/** One thing a document's file says differently from Visma.net. */
export interface FieldNote {
  field: FieldName;
  note: NoteText;
}

/** The texts of a union of `{ code, … }` data, one per code (as the catalogue declares them). */
type TextsByCode<U extends { code: string }> = { [C in U["code"]]: (p: Extract<U, { code: C }>) => string };

/** A value as the texts quote it. */
export const quoted = (value: unknown): string => JSON.stringify(value) as string;

/** An amount as money, or as it came when it is no whole number of øre (the problem being reported). */
const shown = (ore: number, currency: string) => (Number.isSafeInteger(ore) ? formatMoney(ore, currency) : String(ore));

/** "U+00A0" for a character. */
export function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** A control character (which has no visible form to quote). */
export function isControl(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** A character in a sentence: `"€" (U+20AC)`, or `control character U+0001`. */
export function describeChar(char: string): string {
  return isControl(char) ? `control character ${codePoint(char)}` : `"${char}" (${codePoint(char)})`;
}

const LATIN1 = "which the ISO-8859-1 file cannot carry";

export const PROBLEMS_EN: TextsByCode<ProblemText> = {
  "amount-not-positive": (p) => `amount must be positive, got ${formatMoney(p.amountOre, p.currency)}`,
  "amount-not-whole": (p) => `amount must be a whole number of øre, got ${p.amount}`,
  "vat-out-of-range": (p) =>
    `VAT must be between 0 and the amount (${shown(p.amountOre, p.currency)}), got ${shown(p.vatOre, p.currency)}`,
  "currency-not-accepted": (p) =>
    `${p.currency} is not among the factor's currencies (${p.accepted.join(", ")}); add it to factor.currencies if the factor accepts it`,
  "customer-not-loaded": (p) => `customer ${p.customer} was not loaded from Visma.net`,
  "customer-mismatch": (p) => `customer ${p.given} given for a document of customer ${p.customer}`,
  "not-a-date": (p) => `expected yyyy-MM-dd, got ${quoted(p.value)}`,
  "no-due-date": () => "the invoice has no due date; set credit terms in Visma.net",
  "due-before-document": (p) => `due date ${p.dueDate} is before the document date ${p.documentDate}`,
  kid: (p) => `${kidIssueText(p.issue)}; check the document's payment method in Visma.net`,
  required: () => "required but empty",
  "not-digits": (p) => `${quoted(p.value)} is not a whole number; the field takes digits only`,
  character: (p) =>
    `${quoted(p.value)} contains ${describeChar(p.char)}, ${p.where === "latin1" ? LATIN1 : "a control character is not allowed in a field"}`,
  "too-long": (p) => `${quoted(p.value)} is ${p.value.length} characters; the field holds ${p.max}`,
  "company-form": (p) =>
    `${quoted(p.name)} starts with the company form "${p.form}", which SG Finans does not accept; write it after the name (e.g. "Nordlys ${p.form}") in Visma.net`,
  "org-digits": (p) =>
    `${quoted(p.value)} has ${p.digits} digits; expected a 9-digit organisation number or an 11-digit birth number`,
  "postal-code": (p) => `${quoted(p.value)} is not a Norwegian postal code (${p.exactly ? "exactly " : ""}4 digits)`,
  "country-unknown": (p) =>
    `country ${quoted(p.country)} is not in the country table (src/format/countries.ts); add its ISO 3166-1 numeric code there`,
  "sgf-foreign-currency": (p) =>
    `${p.currency}: the SGF layout has no confirmed field for the NOK amount of a foreign-currency document; it waits until the factor confirms the layout (see the README's go-live list)`,
  "csv-no-org": (p) => `customer ${p.customer} has no organisation number (corporateId)`,
  "file-name": (p) => `${quoted(p.value)} cannot be part of a file name (letters, digits, "-", "_")`,
  "ehf-no-org": (p) => `customer ${p.customer} has no organisation number; EHF needs one`,
  "org-not-9": (p) => `${quoted(p.value)} is not a 9-digit Norwegian organisation number`,
  "org-check-digit": (p) =>
    `customer ${p.customer} ${p.name} has organisation number ${quoted(p.value)}, which fails the organisation-number check digit (MOD11): ${
      p.expected === null
        ? `no valid number starts with ${p.digits.slice(0, -1)}`
        : `the last digit should be ${p.expected}`
    }; correct it in Visma.net`,
  empty: () => "empty",
  "address-missing": () => "missing; the factor needs the full postal address",
  "country-not-no": (p) => `${p.country}: only Norwegian customers (organisation number scheme 0192) are sent as EHF`,
  "xml-character": (p) => `${quoted(p.value)} contains ${p.codePoint}, which XML cannot carry`,
  "not-a-percentage": (p) => `${quoted(p.value)} is not a percentage`,
  "zero-rate-charged": (p) =>
    `factor.format.vatCategories maps it to category ${p.category}, but the document charges it at ${p.percent}%; only a 0 % code can be ${p.category}`,
  "exemption-reasons": (p) =>
    `another VAT code of this document is category ${p.category} too, with another exemption reason; Peppol allows one ${p.category} breakdown per document, so give both codes the same reason in factor.format.vatCategories`,
  "vat-without-details": (p) => `the document has ${formatMoney(p.vatOre, p.currency)} VAT but no tax details`,
  "no-lines": () => "the document has no lines; EHF needs at least one",
  "lines-sum": (p) =>
    `lines add up to ${formatMoney(p.linesOre, p.currency)} but amount − VAT is ${formatMoney(p.netOre, p.currency)}`,
  "taxable-sum": (p) =>
    `tax details' taxable amounts add up to ${formatMoney(p.taxableOre, p.currency)} but amount − VAT is ${formatMoney(p.netOre, p.currency)}`,
  "vat-sum": (p) =>
    `tax details' VAT adds up to ${formatMoney(p.detailsOre, p.currency)} but the document VAT is ${formatMoney(p.vatOre, p.currency)}`,
  "rate-lines-sum": (p) =>
    `lines at ${p.percent}% add up to ${formatMoney(p.linesOre, p.currency)} but the taxable amount at that rate is ${formatMoney(p.taxableOre, p.currency)}`,
  "rate-vat": (p) =>
    `VAT ${formatMoney(p.vatOre, p.currency)} on taxable ${formatMoney(p.taxableOre, p.currency)} should be ${formatMoney(p.expectedOre, p.currency)} (the rules allow a difference below ${formatMoney(p.toleranceOre, p.currency)})`,
  "zero-rate-vat": (p) => `category ${p.category} subtotal carries ${formatMoney(p.vatOre, p.currency)} VAT`,
  "category-o-mixed": () =>
    "a document with category O (outside the scope of VAT) may have no other VAT category (BR-O-11); check factor.format.vatCategories or split the invoice",
  "category-k": () =>
    "category K (intra-community supply) needs a buyer in another EEA country with its VAT number and delivery details; EHF files here go to Norwegian buyers only",
  "no-description": () => "the line has no description; the item name is mandatory in EHF",
  "quantity-not-decimal": (p) => `quantity ${quoted(p.value)} is not a decimal number`,
  "line-vat-code": (p) =>
    `VAT code ${quoted(p.vatCode)} matches none of the document's tax details, so its VAT rate is unknown`,
  "unit-price-not-decimal": (p) => `unit price ${quoted(p.value)} is not a decimal number`,
  "quantity-zero": (p) =>
    `quantity 0 with a line amount of ${oreToDecimalString(p.amountOre)}; EHF needs quantity × price to give the amount`,
};

const TELL_EN = (creditNote: string) =>
  `left blank, so tell the factor which invoice credit note ${creditNote} credits`;

export const NOTES_EN: TextsByCode<NoteText> = {
  cut: (p) =>
    `${quoted(p.value)} ${[
      ...(p.char === null ? [] : [`contains ${describeChar(p.char)}, ${LATIN1}`]),
      ...(p.value.length > p.max ? [`is ${p.value.length} characters; the field holds ${p.max}`] : []),
    ].join(" and ")}, so the factor gets ${quoted(p.written)}`,
  "credits-several": (p) =>
    `the credit note credits invoices ${p.invoices.join(", ")} and F8 holds one; ${TELL_EN(p.creditNote)}`,
  "credited-not-number": (p) => `invoice ${p.invoice} is not a number, which F8 takes; ${TELL_EN(p.creditNote)}`,
  "credited-too-long": (p) => `invoice ${p.invoice} does not fit the 5 places of F8; ${TELL_EN(p.creditNote)}`,
  "name-split": (p) =>
    `${quoted(p.name)} is ${p.name.length} characters; K6 and K18 hold 70 together, so the factor gets ${quoted(p.k6)} + ${quoted(p.k18)}`,
  "unit-unknown": (p) =>
    `unit ${quoted(p.unit ?? undefined)} is not a UN/ECE Recommendation 20 code and has no mapping; written as ${p.written} (one)`,
  "net-price": (p) =>
    `quantity ${p.quantity} × unit price ${p.unitPrice} is ${p.gross}, not the line amount ${oreToDecimalString(p.amountOre)}; written with the net price ${p.net} so the line adds up`,
};

/** The English field labels (their codes are the English words). */
export const FIELDS_EN = Object.fromEntries(FIELD_LABELS.map((label) => [label, label])) as Record<FieldLabel, string>;

/** A field's name from a language's labels: "K9 zip code (postal code)" / "K9 postnummer (postnummer)". */
export function fieldNameIn(
  field: FieldName,
  labels: Readonly<Record<FieldLabel, string>>,
  column: (name: string) => string,
): string {
  if ("column" in field) return column(field.column);
  const id = field.id ? `${field.id} ` : "";
  const arg = `${field.arg ? ` ${field.arg}` : ""}${field.then ? ` ${labels[field.then] ?? field.then}` : ""}`;
  const source = field.source ? ` (${labels[field.source] ?? field.source})` : "";
  return `${id}${labels[field.label] ?? field.label}${arg}${source}`;
}

/** A problem with its English field and sentence beside its data (what the formatters report). */
export function fieldProblem(field: FieldName, problem: ProblemText): FieldProblem {
  const text = PROBLEMS_EN[problem.code] as (p: ProblemText) => string;
  return { field: fieldNameIn(field, FIELDS_EN, (c) => c), message: text(problem), coded: { field, problem } };
}

/** A note in English: "F10 order no. (customer reference): … so the factor gets …". */
export function fieldNoteText(note: FieldNote): string {
  const text = NOTES_EN[note.note.code] as (p: NoteText) => string;
  return `${fieldNameIn(note.field, FIELDS_EN, (c) => c)}: ${text(note.note)}`;
}
