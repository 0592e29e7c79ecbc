/**
 * The tenant's attention list: the open notices a person must act on (reach "attention",
 * shared/notice.ts), kept in state/<tenant>/attention.json (ledger/attention-file.ts) and merged
 * by every transfer and closing run. The "needs attention" issue and `npm run report` show this
 * list, so a notice stays listed until it is settled, not merely until a run stops seeing its
 * document. Routine and summary notices never enter it.
 *
 * Identity: code + document (noticeKey), so a notice is listed once however often runs report
 * it; a new report refreshes its text and `lastSeen`.
 *
 * When an entry is cleared (the first rule that holds):
 * 0. Codes this version no longer lists (e.g. the old "autoinvoice-not-sent") are dropped.
 * 1. batch (autoinvoice-confirm): said once, kept until the closing has recorded every document
 *    of its batch (closed or skipped).
 * 2. Without a document (a pending batch, an uncertain payment, an unreadable customer): it
 *    belongs to the command that reported it, cleared by that command's next completed run
 *    (status ok / nothing-to-do) that does not report it again.
 * 3. A document Visma.net shows Voided: cleared, except what was settled with the factor
 *    ("factor": a void after the transfer is itself what such a skip reports).
 * 4. By what settles the code (shared/notice.ts settledBy):
 *    sent:     the document is in the ledger after all, or Visma.net shows it Closed;
 *    due-date: Visma.net shows the due date sent to the factor again;
 *    recorded: the ledger records the document closed or skipped;
 *    closed:   the ledger records the document closed;
 *    void, factor: nothing else shows it (rule 3, or rule 5).
 * 5. Retention: an entry no run has reported for ATTENTION_RETENTION_DAYS days is dropped, with
 *    the reason in the run summary (and git history of attention.json keeps it). Open items
 *    reported again keep their place: the clock counts from the last report.
 */
import type { AttentionEntry, AttentionFile } from "../ledger/attention-file.ts";
import { documentKey, type LedgerDocument } from "../ledger/types.ts";
import type { AttentionOutcome, Command } from "../run/result.ts";
import type { ClearedReason } from "../run/says.ts";
import { isNoticeCode, noticeDocument, reachOf, settledBy, type Notice } from "../shared/notice.ts";
import { daysBetween } from "../shared/time.ts";
import type { ArDocument } from "../visma/index.ts";
import { noticeKey } from "./notices.ts";
import { compareNumbers } from "../shared/order.ts";

const ATTENTION_RETENTION_DAYS = 30;

/** Entries a later read of their document can settle: the ones worth re-reading documents for. */
export function isObservable(entry: AttentionEntry): boolean {
  return !!entry.document && isNoticeCode(entry.code) && settledBy(entry.code) !== "factor";
}

export interface MergeInput {
  command: Command;
  /** Business date of the run. */
  today: string;
  /** The run finished (ok / nothing-to-do): rule 2 may clear what it did not report. */
  completed: boolean;
  /** The run's notices; only those a person must act on enter the list. */
  notices: readonly Notice[];
  /** Documents read from Visma.net by this run (its own reads and the re-check), by documentKey. */
  observed: ReadonlyMap<string, ArDocument>;
  /** Every ledger document of the recent batches (after the run), by documentKey. */
  ledger: ReadonlyMap<string, LedgerDocument>;
  /** Ids of transferred batches whose every document is closed or skipped (after the run). */
  settledBatches: ReadonlySet<string>;
}

/** The new list: a pure function of the stored list and what the run saw. */
export function mergeAttention(
  current: AttentionFile,
  input: MergeInput,
): { file: AttentionFile; outcome: AttentionOutcome } {
  const byKey = new Map(current.entries.map((e) => [e.key, e] as const));
  const reported = new Set<string>();
  const added: AttentionEntry[] = [];
  for (const n of input.notices) {
    if (reachOf(n.code) !== "attention") continue;
    const key = noticeKey(n);
    if (reported.has(key)) continue;
    reported.add(key);
    const before = byKey.get(key);
    const entry: AttentionEntry = {
      key,
      code: n.code,
      source: input.command,
      // Only the stored fields: a document may carry more, which the file's schema drops on
      // reading, so the re-read list would never equal the merged one.
      ...(n.document ? { document: noticeDocument(n.document) } : {}),
      ...(n.dueDate ? { dueDate: n.dueDate } : {}),
      ...(n.batchId ? { batchId: n.batchId } : {}),
      data: n.data,
      firstSeen: before?.firstSeen ?? input.today,
      lastSeen: input.today,
    };
    byKey.set(key, entry);
    if (!before) added.push(entry);
  }

  const cleared: AttentionOutcome["cleared"] = [];
  for (const [key, entry] of byKey) {
    if (reported.has(key)) continue;
    const why = clearedBecause(entry, input);
    if (why) {
      cleared.push({ entry, why });
      byKey.delete(key);
    }
  }
  const entries = [...byKey.values()].sort(compareEntries);
  return {
    file: { tenant: current.tenant, ...(current.checkedAt ? { checkedAt: current.checkedAt } : {}), entries },
    outcome: { entries, added, cleared },
  };
}

function clearedBecause(entry: AttentionEntry, input: MergeInput): ClearedReason | undefined {
  if (!isNoticeCode(entry.code) || reachOf(entry.code) !== "attention")
    return { code: "retired-code", noticeCode: entry.code };
  const settles = settledBy(entry.code);
  const doc = entry.document;
  if (settles === "batch") {
    if (entry.batchId && input.settledBatches.has(entry.batchId))
      return { code: "batch-settled", batchId: entry.batchId };
  } else if (!doc) {
    if (input.completed && entry.source === input.command)
      return { code: "completed-without", command: input.command, date: input.today };
  } else {
    const key = documentKey(doc);
    const seen = input.observed.get(key);
    const ledger = input.ledger.get(key);
    if (seen?.status === "Voided" && settles !== "factor") return { code: "voided" };
    if (settles === "sent") {
      if (ledger) return { code: "transferred-after-all" };
      if (seen?.status === "Closed") return { code: "closed-in-visma" };
    }
    if (settles === "due-date" && seen && entry.dueDate && seen.dueDate === entry.dueDate.sent)
      return { code: "due-date-restored", date: entry.dueDate.sent };
    const closing = ledger?.closing;
    if (settles === "recorded" && closing) {
      return closing.status === "closed"
        ? { code: "recorded-closed", paymentType: closing.paymentType, paymentNumber: closing.paymentNumber }
        : { code: "recorded-skipped", reason: closing.reason };
    }
    if (settles === "closed" && closing?.status === "closed")
      return { code: "recorded-closed", paymentType: closing.paymentType, paymentNumber: closing.paymentNumber };
  }
  const age = daysBetween(entry.lastSeen, input.today);
  if (age > ATTENTION_RETENTION_DAYS) return { code: "retention", days: age, keepDays: ATTENTION_RETENTION_DAYS };
  return undefined;
}

/** Documents first (by type and number), then the rest; the same list always renders the same. */
function compareEntries(a: AttentionEntry, b: AttentionEntry): number {
  const da = a.document;
  const db = b.document;
  if (da && db) {
    return da.type.localeCompare(db.type) || compareNumbers(da.number, db.number) || a.code.localeCompare(b.code);
  }
  if (da || db) return da ? -1 : 1;
  return a.key.localeCompare(b.key);
}
