/**
 * The one way the product lists invoices and credit notes: a query per document type (the
 * invoice and the credit-note endpoint), read in parallel, as one list. Unreadable elements keep
 * the type of the endpoint they came from.
 */
import type { DocumentQuery, VismaApi } from "./api.ts";
import type { ArDocument, DocumentType, MalformedElement } from "./types.ts";

export type DocumentQueries = Partial<Record<DocumentType, DocumentQuery>>;

export interface DocumentList {
  items: ArDocument[];
  malformed: { type: DocumentType; element: MalformedElement }[];
}

export async function listDocuments(visma: VismaApi, queries: DocumentQueries): Promise<DocumentList> {
  const none = { items: [], malformed: [] };
  const [invoices, credits] = await Promise.all([
    queries.Invoice ? visma.listInvoices(queries.Invoice) : none,
    queries.CreditNote ? visma.listCreditNotes(queries.CreditNote) : none,
  ]);
  return {
    items: [...invoices.items, ...credits.items],
    malformed: [
      ...invoices.malformed.map((element) => ({ type: "Invoice" as const, element })),
      ...credits.malformed.map((element) => ({ type: "CreditNote" as const, element })),
    ],
  };
}

/** The same query for each of `types`. */
export function forTypes(types: Iterable<DocumentType>, query: DocumentQuery): DocumentQueries {
  const out: DocumentQueries = {};
  for (const type of types) out[type] = query;
  return out;
}
