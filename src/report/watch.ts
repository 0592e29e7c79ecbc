/**
 * The watch list's own findings: what a run learns by looking again at documents it already
 * sent. Pure functions of the documents a run read and the ledger; the transfer and the closing
 * add their own findings (exclusions, closing skips) and updateAttention (watch/update.ts)
 * merges all of them into the tenant's persistent attention list.
 *
 * - Due date changed after transfer: any document the run observed that the ledger sent, not
 *   yet closed or skipped, whose due date differs from the one sent.
 * - AutoInvoice not sent: checked by the closing only, for the documents it is about to close —
 *   the moment the integration's guide names ("check that every invoice reached the customer
 *   before the integration closes it").
 */
import type { Batch, LedgerDocument } from "../ledger/types.ts";
import { documentKey } from "../ledger/types.ts";
import type { ArDocument } from "../visma/types.ts";
import type { Finding } from "./types.ts";

/** How many document numbers a summary finding names before it says "and N more". */
const NAMED_NUMBERS = 10;

export interface SentDocument {
  batchId: string;
  doc: LedgerDocument;
}

/** Ledger documents of transferred batches that are not closed or skipped yet, by documentKey. */
export function openLedgerDocuments(batches: readonly Batch[]): Map<string, SentDocument> {
  const out = new Map<string, SentDocument>();
  for (const b of batches) {
    if (b.status !== "transferred") continue;
    for (const doc of b.documents) if (!doc.closing) out.set(documentKey(doc), { batchId: b.id, doc });
  }
  return out;
}

/** The identity of a finding on the attention list: reported once per kind and document. */
export function findingKey(f: Finding): string {
  if (f.document) return `${f.kind}|${documentKey(f.document)}`;
  return `${f.kind}|${f.key ?? f.message}`;
}

export interface WatchInput {
  /** Documents the run read from Visma.net (any status). */
  observed: Iterable<ArDocument>;
  /** openLedgerDocuments() of the ledger as it was when the run started. */
  sent: ReadonlyMap<string, SentDocument>;
  /** Only the closing checks AutoInvoice (see the header). */
  checkAutoInvoice: boolean;
}

export function watchFindings(input: WatchInput): Finding[] {
  const findings: Finding[] = [];
  const unverifiable: string[] = [];
  const seen = new Set<string>();
  for (const doc of input.observed) {
    const key = documentKey(doc);
    const sent = input.sent.get(key);
    if (!sent || seen.has(key)) continue;
    seen.add(key);
    const ref = documentRef(sent.doc);
    if (doc.status !== "Voided" && doc.dueDate !== sent.doc.dueDate) {
      findings.push({
        kind: "due-date-changed",
        document: ref,
        dueDate: { sent: sent.doc.dueDate, current: doc.dueDate },
        message:
          `due date changed after transfer: ${doc.dueDate ?? "(none)"} in Visma.net, ${sent.doc.dueDate ?? "(none)"} sent to the factor in batch ${sent.batchId}; ` +
          `change it in the factor's portal too`,
      });
    }
    if (input.checkAutoInvoice && doc.type === "Invoice" && doc.sendToAutoInvoice && doc.status !== "Voided") {
      if (doc.autoInvoiceSent === false) {
        findings.push({
          kind: "autoinvoice-not-sent",
          document: ref,
          message:
            `marked "Send to AutoInvoice" but Visma.net shows it not sent, so the customer may not have it; ` +
            `send it again from Visma.net (AutoInvoice) and tell the factor if the due date must move`,
        });
      } else if (doc.autoInvoiceSent === undefined || doc.autoInvoiceSent === null) {
        unverifiable.push(doc.number);
      }
    }
  }
  if (unverifiable.length > 0) findings.push(autoInvoiceUnverifiable(unverifiable));
  return findings;
}

/**
 * Said once per run: the API reference confirms only the "send" flag, so without a "sent" field
 * in the response the check has to be made by a person in Visma.net.
 */
function autoInvoiceUnverifiable(numbers: string[]): Finding {
  const sorted = [...numbers].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const named = sorted.slice(0, NAMED_NUMBERS).join(", ") + (sorted.length > NAMED_NUMBERS ? ` and ${sorted.length - NAMED_NUMBERS} more` : "");
  return {
    kind: "autoinvoice-unverifiable",
    key: "autoinvoice-unverifiable",
    message:
      `the AutoInvoice check cannot be made for ${sorted.length} document(s) marked for AutoInvoice (${named}): ` +
      `the Visma.net API does not say whether a document was sent. Check them in Visma.net: customer invoices, ` +
      `show closed documents, filter "Send til Autoinvoice" = Sant and "Sendt til Autoinvoice" = Usant`,
  };
}

/** Just the fields a finding names a document by (a ledger document or an exclusion's ref carry more). */
export function documentRef(doc: NonNullable<Finding["document"]>): NonNullable<Finding["document"]> {
  return { type: doc.type, number: doc.number, customer: doc.customer, customerName: doc.customerName, amountOre: doc.amountOre, currency: doc.currency };
}
