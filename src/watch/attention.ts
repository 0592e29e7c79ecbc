/**
 * The tenant's attention list: the open findings, kept in state/<tenant>/attention.json (stable
 * JSON like the ledger, committed with it in Actions) and merged by every transfer and closing
 * run. The "needs attention" issue and `npm run report` show this list, so a finding stays
 * listed until it is resolved, not merely until a run stops seeing its document.
 *
 * Identity: kind + document (findingKey), so a finding is listed once however often runs
 * report it; a new report refreshes its text and `lastSeen`.
 *
 * When an entry is cleared (the first rule that holds):
 * 0. Kinds this version no longer reports (e.g. the old "autoinvoice-not-sent") are dropped.
 *    autoinvoice-confirm (a transferred batch's invoices of AutoInvoice customers) is said once
 *    and kept until the closing has recorded every document of its batch (closed or skipped).
 * 1. Other findings without a document (pending batch, an uncertain payment) belong to the
 *    command that reported them: cleared by that command's next completed run (status ok /
 *    nothing-to-do) that does not report them again.
 * 2. Not sent (too-old, kid, currency, format, malformed, other exclusions of the transfer):
 *    cleared when the document was transferred after all (it is in the ledger) or a run reads it
 *    Closed or Voided in Visma.net (nothing left to hand to the factor).
 * 3. due-date-changed: cleared when Visma.net shows the due date sent again, or the document
 *    is Voided. Whether the factor's portal was updated cannot be read, so otherwise rule 6.
 * 5. other (closing read-back): cleared when the ledger records the document closed.
 *    payment-refused: cleared when the ledger records the document closed or skipped.
 *    credit-applied: cleared when the credit note is Voided.
 *    changed-after-transfer: nothing in Visma.net shows it settled with the factor; rule 6.
 * 6. Retention: an entry no run has reported for ATTENTION_RETENTION_DAYS days is dropped, with
 *    the reason in the run summary (and git history of attention.json keeps it). Open items
 *    reported again keep their place: the clock counts from the last report.
 */
import type { AttentionEntry, AttentionFile } from "../ledger/attention-file.ts";
import { documentKey, type LedgerDocument } from "../ledger/types.ts";
import { daysBetween } from "../shared/time.ts";
import type { ArDocument } from "../visma/types.ts";
import { FINDING_KINDS, type AttentionOutcome, type Command, type Finding } from "../run/result.ts";
import { documentRef, findingKey } from "./findings.ts";

const ATTENTION_RETENTION_DAYS = 30;

/** Kinds whose document was not sent; rule 2. */
const NOT_SENT: ReadonlySet<string> = new Set(["too-old", "kid", "currency", "format", "malformed"]);

/** Kinds a later read of the document can resolve: the entries worth re-reading documents for. */
export function isObservable(entry: AttentionEntry): boolean {
  return !!entry.document && entry.kind !== "changed-after-transfer";
}

export interface MergeInput {
  command: Command;
  /** Business date of the run. */
  today: string;
  /** The run finished (ok / nothing-to-do): rule 1 may clear what it did not report. */
  completed: boolean;
  findings: readonly Finding[];
  /** Documents read from Visma.net by this run (its own reads and the re-check), by documentKey. */
  observed: ReadonlyMap<string, ArDocument>;
  /** Every ledger document of the recent batches (after the run), by documentKey. */
  ledger: ReadonlyMap<string, LedgerDocument>;
  /** Ids of transferred batches whose every document is closed or skipped (after the run). */
  settledBatches: ReadonlySet<string>;
}

/** The new list: a pure function of the stored list and what the run saw. */
export function mergeAttention(current: AttentionFile, input: MergeInput): { file: AttentionFile; outcome: AttentionOutcome } {
  const byKey = new Map(current.entries.map((e) => [e.key, e] as const));
  const reported = new Set<string>();
  const added: AttentionEntry[] = [];
  for (const f of input.findings) {
    const key = findingKey(f);
    if (reported.has(key)) continue;
    reported.add(key);
    const before = byKey.get(key);
    const entry: AttentionEntry = {
      key,
      kind: f.kind,
      source: input.command,
      // Only the stored fields: an exclusion's document carries more (dates), which the file's
      // schema drops on reading, so the re-read list would never equal the merged one.
      ...(f.document ? { document: documentRef(f.document) } : {}),
      ...(f.dueDate ? { dueDate: f.dueDate } : {}),
      ...(f.batchId ? { batchId: f.batchId } : {}),
      message: f.message,
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
  return { file: { tenant: current.tenant, ...(current.checkedAt ? { checkedAt: current.checkedAt } : {}), entries }, outcome: { entries, added, cleared } };
}

function clearedBecause(entry: AttentionEntry, input: MergeInput): string | undefined {
  const doc = entry.document;
  if (!(FINDING_KINDS as readonly string[]).includes(entry.kind)) return `this version no longer reports ${entry.kind} findings`;
  if (entry.kind === "autoinvoice-confirm") {
    if (entry.batchId && input.settledBatches.has(entry.batchId)) return `every document of batch ${entry.batchId} is closed or skipped`;
  } else if (!doc) {
    if (input.completed && entry.source === input.command) return `the ${input.command} of ${input.today} completed without it`;
  } else {
    const key = documentKey(doc);
    const seen = input.observed.get(key);
    const ledger = input.ledger.get(key);
    const what = `${doc.type === "Invoice" ? "invoice" : "credit note"} ${doc.number}`;
    // A void after the transfer is itself what changed-after-transfer reports: it stays (rule 6).
    if (seen?.status === "Voided" && entry.kind !== "changed-after-transfer") return `${what} is Voided in Visma.net`;
    if (NOT_SENT.has(entry.kind) || (entry.kind === "other" && entry.source === "transfer")) {
      if (ledger) return `${what} was transferred to the factor after all`;
      if (seen?.status === "Closed") return `${what} is Closed in Visma.net`;
    }
    if (entry.kind === "due-date-changed" && seen && entry.dueDate && seen.dueDate === entry.dueDate.sent) {
      return `${what} has the due date sent to the factor again (${entry.dueDate.sent})`;
    }
    if (entry.kind === "payment-refused" && ledger?.closing) {
      return `${what} is recorded ${ledger.closing.status === "closed" ? `closed by ${ledger.closing.paymentType} ${ledger.closing.paymentNumber}` : `skipped (${ledger.closing.reason})`}`;
    }
    if (entry.kind === "other" && entry.source === "close" && ledger?.closing?.status === "closed") {
      return `${what} is recorded closed by ${ledger.closing.paymentType} ${ledger.closing.paymentNumber}`;
    }
  }
  const age = daysBetween(entry.lastSeen, input.today);
  if (age > ATTENTION_RETENTION_DAYS) {
    return `not reported for ${age} days (the list keeps items ${ATTENTION_RETENTION_DAYS} days after the last report); dropped — git history of attention.json keeps it`;
  }
  return undefined;
}

/** Documents first (by type and number), then the rest; the same list always renders the same. */
function compareEntries(a: AttentionEntry, b: AttentionEntry): number {
  const da = a.document;
  const db = b.document;
  if (da && db) {
    return da.type.localeCompare(db.type) || da.number.localeCompare(db.number, "en", { numeric: true }) || a.kind.localeCompare(b.kind);
  }
  if (da || db) return da ? -1 : 1;
  return a.key.localeCompare(b.key);
}
