/**
 * Which invoice a credit note credits, as far as Visma.net says. The API has no "original
 * invoice" field on a credit note (reference: CustomerCreditNoteDto); the link Visma.net keeps is
 * the credit note's application to the invoice (ArAdjustDto in `applications`, the same link the
 * API creates with `applicationLines` when a credit note is posted "with a reference to an
 * invoice").
 *
 * ASSUMPTION(A14): an application on a credit note whose docType is "Invoice" or "DebitNote" names the
 * credited document by refNbr. If Visma.net spells the type differently, no reference is written
 * (the file is as it was before this feature), never a wrong one. Free text such as
 * externalReference is not read: a guessed number could make the factor settle the wrong invoice.
 * Confirm with a credit note applied to an invoice in a real company (GET customerCreditNote with
 * expandApplications=true).
 */
import type { ArDocument } from "../visma/index.ts";

const CREDITABLE = new Set(["Invoice", "DebitNote"]);

/** The numbers of the invoices a credit note credits (distinct, in the order Visma.net lists them); empty when it does not say. */
export function creditedInvoices(document: ArDocument): string[] {
  if (document.type !== "CreditNote") return [];
  const numbers = document.applications.filter((a) => CREDITABLE.has(a.docType)).map((a) => a.refNbr.trim());
  return [...new Set(numbers.filter((n) => n !== ""))];
}
