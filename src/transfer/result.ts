/** The transfer's result, assembled from the values its phases returned (transfer.ts). */
import type { Batch } from "../ledger/types.ts";
import type { Ended } from "../run/phases.ts";
import { finish, type Outcome } from "../run/outcome.ts";
import { addToTotals, baseResult, type Finding, type TenantRunResult } from "../run/result.ts";
import { refOf } from "../select/select.ts";
import type { Exclusion } from "../select/types.ts";
import { autoInvoiceFinding } from "../watch/findings.ts";
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

export function transferResult(run: TransferRun, { values: v, outcome, stopped }: Ended<TransferPhases>): TenantRunResult {
  const result = baseResult(run.tenant, "transfer", run.today);
  const findings: Finding[] = (v["settle pending"]?.unsettled ?? []).map((message) => ({ kind: "pending-batch", message }));
  const read = v.read;
  const autoInvoice = (batch: Batch): Finding[] => {
    const finding = read && autoInvoiceFinding(batch, read.customers);
    return finding ? [finding] : [];
  };
  findings.push(...(v["settle pending"]?.confirmed ?? []).flatMap(autoInvoice));
  const selection = v.select;
  const excluded = selection && read ? [...selection.excluded, ...read.unreadableDocuments] : [];
  findings.push(...findingsOf(excluded), ...(selection ? (read?.unreadableCustomers ?? []) : []));
  for (const doc of selection?.selected ?? []) addToTotals(result.totals, doc.type, doc.currency, doc.amountOre);
  const batch = v.format;
  // Sent, but the file says something differently from Visma.net (a field cut, a unit as C62).
  for (const note of batch?.notes ?? []) {
    findings.push({ kind: "format", document: refOf(note.document), message: `sent, but the file differs from Visma.net: ${note.message}` });
  }
  if (v["record transferred"]) findings.push(...autoInvoice(v["record transferred"]));
  const assembled: TenantRunResult = {
    ...result,
    excluded,
    findings,
    batches: batch ? [batch.batchId] : [],
    files: batch?.records ?? [],
  };
  return finish(assembled, stopped || !read ? outcome : withIncomplete(outcome, read));
}

/** A run that could not read some elements sent what it could, but failed: the next run looks at the same period again. */
function withIncomplete(outcome: Outcome, read: TransferRead): Outcome {
  const unreadable = read.unreadableDocuments.length + read.unreadableCustomers.length;
  if (unreadable === 0) return outcome;
  const error = `${unreadable} element(s) from Visma.net could not be read; they were not transferred and the next run looks at the same period again`;
  return { status: "failed", message: [outcome.message, error].filter(Boolean).join("; "), error };
}

function findingsOf(excluded: Exclusion[]): Finding[] {
  const kinds: Partial<Record<Exclusion["reason"], Finding["kind"]>> = {
    "too-old": "too-old",
    kid: "kid",
    "credit-applied": "credit-applied",
    currency: "currency",
    format: "format",
    malformed: "malformed",
    "partly-paid": "other",
    "missing-customer": "other",
    "zero-balance": "other",
    "unsupported-type": "other",
  };
  return excluded.filter((e) => e.needsHuman).map((e) => ({ kind: kinds[e.reason] ?? "other", document: e.document, message: e.detail }));
}
