/** What a factor file formatter takes and gives; the transfer step calls these. */
import type { ArDocument, Customer } from "../visma/index.ts";
import type { TenantSettings } from "../config/schema.ts";
import { FactoringError } from "../shared/errors.ts";
import type { FieldNote, FieldProblem } from "../shared/format-problems.ts";

export type FactorSettings = TenantSettings["factor"];

export interface BatchToFormat {
  tenantId: string; // e.g. "acme"
  batchId: string; // e.g. "acme-20261127-01"
  businessDate: string; // yyyy-MM-dd in the tenant's zone
  sequence: number; // batch number of that business date, 1-based
  factor: FactorSettings; // clientNumber, format (sgf|ehf|csv + options), kid rule, currencies
  documents: ArDocument[]; // invoices and credit notes, all amounts positive integer øre
  customers: ReadonlyMap<string, Customer>; // every customer of the documents, by number
  newCustomers: ReadonlySet<string>; // customer numbers never sent to this factor before
}

export interface OutputFile {
  name: string;
  content: Buffer;
  /**
   * "customers" marks a customer register file (.SGK). It is uploaded before the documents
   * file, so a connection cut part-way through a batch never leaves invoices at the factor
   * whose customers it does not know.
   */
  role?: "customers";
}

export interface Formatter {
  /** What stops this document from being formatted, field by field (the layout's own words). Empty = OK. Pure. */
  problems(document: ArDocument, customer: Customer | undefined, factor: FactorSettings): FieldProblem[];
  /** Problems that stop this document from being formatted (field does not fit, missing org number, character outside the file's charset, inconsistent totals...). Empty = OK. Pure. */
  check(document: ArDocument, customer: Customer | undefined, factor: FactorSettings): string[];
  /** The files of the batch. Throws FormatError (naming document and field) if a document fails check(). Deterministic: same input → same bytes. */
  format(batch: BatchToFormat): OutputFile[];
  /**
   * Where the batch's files say something differently from Visma.net without holding a document
   * back (an optional field cut, a unit written as C62): at most one note per document, for the
   * run summary. Pure; assumes every document passes check().
   */
  notes(batch: BatchToFormat): FormatNote[];
  /** The same notes as data (code and values per field), for the reader's language. Pure. */
  fieldNotes(batch: BatchToFormat): DocumentNotes[];
}

/** One document's differences between Visma.net and the factor's file, in English: one sentence or more. */
export interface FormatNote {
  document: ArDocument;
  message: string;
}

/** One document's differences between Visma.net and the factor's file, as data. */
export interface DocumentNotes {
  document: ArDocument;
  notes: FieldNote[];
}

/**
 * A document that cannot be written into the factor's file; `field` names what failed. Its message
 * is English on purpose: an error, like every error line of the CLI (the notices a partner reads
 * render the same problem from its code in the tenant's language).
 */
export class FormatError extends FactoringError {
  constructor(
    readonly documentNumber: string,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
