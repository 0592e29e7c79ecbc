/**
 * Problems shared by every format: a document problem names the document and the field, so the
 * watch list can tell a human exactly what to fix in Visma.net. Each carries its code and data
 * (shared/format-problems.ts) for the reader's language, beside its English text: check() renders
 * them in English, and format() throws the first as a FormatError, which stays English like every
 * error line of the CLI.
 */
import { isIsoDate } from "../shared/time.ts";
import type { ArDocument, Customer } from "../visma/index.ts";
import { kidIssue } from "./kid.ts";
import { type FieldNote, type FieldProblem, fieldNoteText, fieldProblem } from "../shared/format-problems.ts";
import { FormatError, type DocumentNotes, type FactorSettings, type FormatNote } from "./types.ts";

/** The file field or document property concerned (e.g. "F10 order no." or "KID"), and what is wrong with it. */
export type Problem = FieldProblem;

function documentLabel(document: ArDocument): string {
  return `${document.type === "CreditNote" ? "Credit note" : "Invoice"} ${document.number}`;
}

export function renderProblem(document: ArDocument, problem: Problem): string {
  return `${documentLabel(document)}: ${problem.field}: ${problem.message}`;
}

/** Throws the first problem of a document as a FormatError; does nothing when there is none. */
export function throwIfProblems(document: ArDocument, problems: Problem[]): void {
  const first = problems[0];
  if (!first) return;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : "";
  throw new FormatError(document.number, first.field, `${renderProblem(document, first)}${more}`);
}

/** Checks that do not depend on the file layout: amounts, currency, customer, KID. */
export function commonProblems(
  document: ArDocument,
  customer: Customer | undefined,
  factor: FactorSettings,
): Problem[] {
  const problems: Problem[] = [];
  const { amountOre, vatOre, currency } = document;
  if (!Number.isSafeInteger(amountOre) || amountOre <= 0) {
    problems.push(
      fieldProblem(
        { label: "amount" },
        Number.isSafeInteger(amountOre)
          ? { code: "amount-not-positive", amountOre, currency }
          : { code: "amount-not-whole", amount: amountOre },
      ),
    );
  }
  if (!Number.isSafeInteger(vatOre) || vatOre < 0 || vatOre > amountOre) {
    problems.push(fieldProblem({ label: "VAT amount" }, { code: "vat-out-of-range", vatOre, amountOre, currency }));
  }
  if (!factor.currencies.includes(currency)) {
    problems.push(
      fieldProblem(
        { label: "currency" },
        { code: "currency-not-accepted", currency, accepted: [...factor.currencies] },
      ),
    );
  }
  if (!customer) {
    problems.push(
      fieldProblem({ label: "customer" }, { code: "customer-not-loaded", customer: document.customer.number }),
    );
  } else if (customer.number !== document.customer.number) {
    problems.push(
      fieldProblem(
        { label: "customer" },
        { code: "customer-mismatch", given: customer.number, customer: document.customer.number },
      ),
    );
  }
  if (!isIsoDate(document.documentDate)) {
    problems.push(fieldProblem({ label: "document date" }, { code: "not-a-date", value: document.documentDate }));
  }
  if (document.dueDate !== null && !isIsoDate(document.dueDate)) {
    problems.push(fieldProblem({ label: "due date" }, { code: "not-a-date", value: document.dueDate }));
  }
  if (document.type === "Invoice" && document.dueDate === null) {
    problems.push(fieldProblem({ label: "due date" }, { code: "no-due-date" }));
  }
  if (document.dueDate !== null && isIsoDate(document.dueDate) && document.dueDate < document.documentDate) {
    problems.push(
      fieldProblem(
        { label: "due date" },
        { code: "due-before-document", dueDate: document.dueDate, documentDate: document.documentDate },
      ),
    );
  }
  // A customer does not pay a credit note: the KID rule applies to invoices only.
  const kid = document.type === "Invoice" ? kidIssue(document.kid, factor.kid) : null;
  if (kid) problems.push(fieldProblem({ label: "KID" }, { code: "kid", issue: kid }));
  return problems;
}

/** The customer's organisation number as digits ("NO 987 654 321 MVA" → "987654321"), or null. */
export function organizationDigits(customer: Customer): string | null {
  if (!customer.corporateId) return null;
  const digits = customer.corporateId.replace(/\D/g, "");
  return digits === "" ? null : digits;
}

/** A document's notes as the one entry the run summary shows for it, or none. */
export function noteOf(document: ArDocument, notes: readonly FieldNote[]): DocumentNotes[] {
  return notes.length === 0 ? [] : [{ document, notes: [...notes] }];
}

/** Each document's notes in one English text. */
export function notesInEnglish(notes: readonly DocumentNotes[]): FormatNote[] {
  return notes.map(({ document, notes }) => ({ document, message: notes.map(fieldNoteText).join("; ") }));
}
