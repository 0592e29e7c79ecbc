/**
 * Problems shared by every format: a document problem names the document and the field, so the
 * watch list can tell a human exactly what to fix in Visma.net. check() renders them as text;
 * format() throws the first as a FormatError.
 */
import { isIsoDate } from "../shared/time.ts";
import type { ArDocument, Customer } from "../visma/index.ts";
import { kidProblem } from "./kid.ts";
import { formatMoney } from "../shared/money.ts";
import type { FieldProblem } from "../shared/notice.ts";
import { FormatError, type FactorSettings, type FormatNote } from "./types.ts";

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
  if (!Number.isSafeInteger(document.amountOre) || document.amountOre <= 0) {
    problems.push({
      field: "amount",
      message: Number.isSafeInteger(document.amountOre)
        ? `amount must be positive, got ${formatMoney(document.amountOre, document.currency)}`
        : `amount must be a whole number of øre, got ${document.amountOre}`,
    });
  }
  if (!Number.isSafeInteger(document.vatOre) || document.vatOre < 0 || document.vatOre > document.amountOre) {
    problems.push({
      field: "VAT amount",
      message: `VAT must be between 0 and the amount (${shown(document.amountOre, document.currency)}), got ${shown(document.vatOre, document.currency)}`,
    });
  }
  if (!factor.currencies.includes(document.currency)) {
    problems.push({
      field: "currency",
      message: `${document.currency} is not among the factor's currencies (${factor.currencies.join(", ")}); add it to factor.currencies if the factor accepts it`,
    });
  }
  if (!customer) {
    problems.push({ field: "customer", message: `customer ${document.customer.number} was not loaded from Visma.net` });
  } else if (customer.number !== document.customer.number) {
    problems.push({
      field: "customer",
      message: `customer ${customer.number} given for a document of customer ${document.customer.number}`,
    });
  }
  if (!isIsoDate(document.documentDate)) {
    problems.push({
      field: "document date",
      message: `expected yyyy-MM-dd, got ${JSON.stringify(document.documentDate)}`,
    });
  }
  if (document.dueDate !== null && !isIsoDate(document.dueDate)) {
    problems.push({ field: "due date", message: `expected yyyy-MM-dd, got ${JSON.stringify(document.dueDate)}` });
  }
  if (document.type === "Invoice" && document.dueDate === null) {
    problems.push({ field: "due date", message: "the invoice has no due date; set credit terms in Visma.net" });
  }
  if (document.dueDate !== null && isIsoDate(document.dueDate) && document.dueDate < document.documentDate) {
    problems.push({
      field: "due date",
      message: `due date ${document.dueDate} is before the document date ${document.documentDate}`,
    });
  }
  // A customer does not pay a credit note: the KID rule applies to invoices only.
  const kid = document.type === "Invoice" ? kidProblem(document.kid, factor.kid) : null;
  if (kid) problems.push({ field: "KID", message: `${kid}; check the document's payment method in Visma.net` });
  return problems;
}

/** An amount as money, or as it came when it is no whole number of øre (the problem being reported). */
function shown(ore: number, currency: string): string {
  return Number.isSafeInteger(ore) ? formatMoney(ore, currency) : String(ore);
}

/** The customer's organisation number as digits ("NO 987 654 321 MVA" → "987654321"), or null. */
export function organizationDigits(customer: Customer): string | null {
  if (!customer.corporateId) return null;
  const digits = customer.corporateId.replace(/\D/g, "");
  return digits === "" ? null : digits;
}

/** A document's notes as the one FormatNote the run summary shows for it, or none. */
export function noteOf(document: ArDocument, messages: readonly string[]): FormatNote[] {
  return messages.length === 0 ? [] : [{ document, message: messages.join("; ") }];
}
