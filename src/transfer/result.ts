/** The transfer's result, assembled from the values its phases returned (transfer.ts). */
import type { Batch } from "../ledger/types.ts";
import { finish, type Outcome } from "../run/outcome.ts";
import type { Ended } from "../run/phases.ts";
import { addToTotals, baseResult, type TenantRunResult } from "../run/result.ts";
import { refOf } from "../select/select.ts";
import { fieldNoteText } from "../shared/format-problems.ts";
import { notice, type Notice } from "../shared/notice.ts";
import { says } from "../run/says.ts";
import { autoInvoiceNotice } from "./auto-invoice.ts";
import type { FormattedBatch } from "./format-batch.ts";
import type { TransferRead } from "./read.ts";
import type { TransferRun } from "./run.ts";
import type { TransferSelection } from "./select.ts";
import type { Settled } from "./settle-pending.ts";

/** The transfer's phases by name, with the value each returns. */
export interface TransferPhases {
  window: void;
  "settle pending": Settled;
  read: TransferRead;
  select: TransferSelection;
  "record nothing to send": Outcome;
  format: FormattedBatch;
  "record pending": Batch;
  upload: void;
  "record transferred": Batch;
}

export function transferResult(
  run: TransferRun,
  { values: v, outcome, stopped }: Ended<TransferPhases>,
): TenantRunResult {
  const result = baseResult(run.tenant, "transfer", run.today);
  const { read, select: selection, format: batch } = v;
  // A batch that became transferred in this run names its AutoInvoice invoices once.
  const autoInvoice = (b: Batch): Notice[] => {
    const notice = read && autoInvoiceNotice(b, read.customers);
    return notice ? [notice] : [];
  };
  const notices: Notice[] = [
    ...(v["settle pending"]?.unsettled ?? []),
    ...(v["settle pending"]?.confirmed ?? []).flatMap(autoInvoice),
    ...(selection && read ? [...selection.excluded, ...read.unreadableDocuments, ...read.unreadableCustomers] : []),
    // Sent, but the file says something differently from Visma.net (a field cut, a unit as C62).
    ...(batch?.notes ?? []).map((note) =>
      notice(
        "format-note",
        { note: note.notes.map(fieldNoteText).join("; "), notes: note.notes },
        { document: refOf(note.document) },
      ),
    ),
    ...(v["record transferred"] ? autoInvoice(v["record transferred"]) : []),
  ];
  for (const doc of selection?.selected ?? []) addToTotals(result.totals, doc.type, doc.currency, doc.amountOre);
  const assembled: TenantRunResult = {
    ...result,
    notices,
    batches: batch ? [batch.batchId] : [],
    files: batch?.records ?? [],
  };
  return finish(assembled, stopped || !read ? outcome : withIncomplete(outcome, read));
}

/** A run that could not read some elements sent what it could, but failed: the next run looks at the same period again. */
function withIncomplete(outcome: Outcome, read: TransferRead): Outcome {
  const unreadable = read.unreadableDocuments.length + read.unreadableCustomers.length;
  if (unreadable === 0) return outcome;
  return { status: "failed", says: [...outcome.says, says("incomplete-read", { count: unreadable })] };
}
