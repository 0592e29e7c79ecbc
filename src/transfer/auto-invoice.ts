/**
 * AutoInvoice: the Visma.net API has no field saying a document *was delivered* to AutoInvoice
 * (`sendToAutoInvoice` is the attachment-tab flag asking for it). What exists is the customer
 * record's `acceptAutoInvoices`. So when a batch has been transferred, its invoices of such
 * customers are named once, for a person to confirm they reached AutoInvoice before the factor
 * notifies the customer — never a document that is not transferred, never again every run (the
 * attention list keeps it until the closing has settled the batch).
 */
import type { Batch } from "../ledger/types.ts";
import { notice, type NoticeOf } from "../shared/notice.ts";
import type { Customer } from "../visma/index.ts";
import { compareNumbers } from "../shared/order.ts";

/**
 * The invoices of a just transferred batch whose customers get their invoices through
 * AutoInvoice, as one notice for the batch (its identity on the attention list), or undefined.
 */
export function autoInvoiceNotice(
  batch: Pick<Batch, "id" | "documents">,
  customers: ReadonlyMap<string, Pick<Customer, "acceptAutoInvoices">>,
): NoticeOf<"autoinvoice-confirm"> | undefined {
  const numbers = batch.documents
    .filter((d) => d.type === "Invoice" && customers.get(d.customer)?.acceptAutoInvoices === true)
    .map((d) => d.number)
    .sort(compareNumbers);
  if (numbers.length === 0) return undefined;
  return notice("autoinvoice-confirm", { batchId: batch.id, invoices: numbers }, { key: batch.id, batchId: batch.id });
}
