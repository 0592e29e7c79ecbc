/**
 * The watch list's own notices: what a run learns by looking again at documents it already
 * sent. Pure functions of the documents a run read and the ledger; the transfer and the closing
 * add their own notices (exclusions, the AutoInvoice confirmation, closing skips) and
 * updateAttention (watch/update.ts) merges those a person must act on into the attention list.
 *
 * Due date changed after transfer: any document the run observed that the ledger sent, not yet
 * closed or skipped when the run started, whose due date differs from the one sent.
 */
import { documentKey, type Batch, type LedgerDocument } from "../ledger/types.ts";
import { notice, noticeDocument, type Notice } from "../shared/notice.ts";
import type { ArDocument } from "../visma/index.ts";

export interface SentDocument {
  batchId: string;
  doc: LedgerDocument;
}

/**
 * Ledger documents of transferred batches that were open when the run started, by documentKey:
 * those without a closing record, and those whose record this run wrote (`closedNow`): a due
 * date changed before the closing still has to be changed at the factor.
 */
export function openLedgerDocuments(
  batches: readonly Batch[],
  closedNow: ReadonlySet<string> = new Set(),
): Map<string, SentDocument> {
  const out = new Map<string, SentDocument>();
  for (const b of batches) {
    if (b.status !== "transferred") continue;
    for (const doc of b.documents)
      if (!doc.closing || closedNow.has(documentKey(doc))) out.set(documentKey(doc), { batchId: b.id, doc });
  }
  return out;
}

/** The identity of a notice on the attention list: listed once per code and document. */
export function noticeKey(n: Notice): string {
  if (n.document) return `${n.code}|${documentKey(n.document)}`;
  return n.key === undefined ? n.code : `${n.code}|${n.key}`;
}

export interface WatchInput {
  /** Documents the run read from Visma.net (any status). */
  observed: Iterable<ArDocument>;
  /** openLedgerDocuments(): what the ledger had sent and not closed when the run started. */
  sent: ReadonlyMap<string, SentDocument>;
}

export function watchNotices(input: WatchInput): Notice[] {
  const notices: Notice[] = [];
  const seen = new Set<string>();
  for (const doc of input.observed) {
    const key = documentKey(doc);
    const sent = input.sent.get(key);
    if (!sent || seen.has(key)) continue;
    seen.add(key);
    if (doc.status !== "Voided" && doc.dueDate !== sent.doc.dueDate) {
      const dueDate = { sent: sent.doc.dueDate, current: doc.dueDate };
      notices.push(
        notice(
          "due-date-changed",
          { batchId: sent.batchId, ...dueDate },
          { document: noticeDocument(sent.doc), dueDate },
        ),
      );
    }
  }
  return notices;
}
