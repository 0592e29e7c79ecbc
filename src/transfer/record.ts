/**
 * The transfer's ledger writes, in write-ahead order: the batch is recorded (and pushed, in
 * Actions) as pending before a byte leaves for the factor, and as transferred after the upload.
 * A crash between them leaves a pending batch the next run settles by looking at the server
 * (settle-pending.ts), never by sending again.
 */
import type { DateTime } from "luxon";
import type { LedgerStore } from "../ledger/store.ts";
import type { Batch, Cursor, LedgerDocument } from "../ledger/types.ts";
import { dryRun, failed, nothingToDo, ok, RunEnd, type Outcome } from "../run/outcome.ts";
import { says } from "../run/says.ts";
import { failpoint } from "../shared/failpoint.ts";
import type { ArDocument } from "../visma/index.ts";
import type { FormattedBatch } from "./format-batch.ts";
import { isComplete, type TransferRead } from "./read.ts";
import type { TransferRun } from "./run.ts";

/** Nothing to send: a complete read still moves the cursor, so the next run starts from here. */
export async function recordNothingToSend(
  { tenant, ctx, store, today }: TransferRun,
  read: TransferRead,
): Promise<Outcome> {
  if (ctx.dryRun) return dryRun(says("nothing-to-send", {}));
  if (isComplete(read)) {
    await ctx.committer.record(
      { tenant: tenant.id, businessDate: today, action: "transfer-empty", counts: {}, runUrl: ctx.runUrl },
      () => updateCursor(store, read.integrationStart, [], lastTransferOf(ctx.now, today, [])),
    );
  }
  return nothingToDo(says("nothing-to-send", {}));
}

/** A dry run stops with the batch formatted: nothing is written or sent. */
export function wouldSend(batch: FormattedBatch): Outcome {
  return dryRun(says("would-send", { batchId: batch.batchId, files: batch.files.length }));
}

/** Records the batch as pending (write-ahead). Files already at the factor that the ledger does not know stop the run. */
export async function recordPending(run: TransferRun, batch: FormattedBatch, read: TransferRead): Promise<Batch> {
  const { tenant, ctx, store, today, cursor } = run;
  const delivery = await run.delivery();
  const clash = await delivery.find(batch.files.map((f) => f.name));
  if (clash.size > 0) {
    throw new RunEnd(
      failed(says("files-exist", { files: [...clash.keys()], target: delivery.target, tenant: tenant.id })),
    );
  }
  const pending: Batch = {
    id: batch.batchId,
    businessDate: today,
    sequence: batch.sequence,
    status: "pending",
    target: delivery.target,
    createdAt: ctx.now.toISO()!,
    files: batch.records,
    documents: batch.documents.map(toLedgerDocument),
    newCustomers: [...batch.newCustomers],
  };
  await ctx.committer.record(
    { tenant: tenant.id, businessDate: today, action: "transfer-pending", counts: countsOf(batch), runUrl: ctx.runUrl },
    async () => [
      ...(await store.putBatch(pending)),
      ...(cursor ? [] : await updateCursor(store, read.integrationStart, [])),
    ],
  );
  failpoint("transfer:after-pending");
  return pending;
}

/** Records the uploaded batch as transferred and, after a complete read, moves the cursor. */
export async function recordTransferred(
  { tenant, ctx, store, today }: TransferRun,
  pending: Batch,
  batch: FormattedBatch,
  read: TransferRead,
): Promise<Batch> {
  // The run's clock (not the wall clock), so the closing delay follows --now in tests and the demo.
  const transferredAt = ctx.now.toISO()!;
  await ctx.committer.record(
    { tenant: tenant.id, businessDate: today, action: "transfer", counts: countsOf(batch), runUrl: ctx.runUrl },
    async () => [
      ...(await store.updateBatch(pending.id, today, (b) => {
        b.status = "transferred";
        b.transferredAt = transferredAt;
      })),
      // An incomplete read must not move the look-back window: the next run covers the period again.
      ...(await updateCursor(
        store,
        read.integrationStart,
        [...batch.customers.keys()],
        isComplete(read) ? lastTransferOf(ctx.now, today, [pending.id]) : undefined,
      )),
    ],
  );
  failpoint("transfer:after-ledger");
  return { ...pending, status: "transferred", transferredAt };
}

export function sent(batch: Batch): Outcome {
  const count = (type: ArDocument["type"]) => batch.documents.filter((d) => d.type === type).length;
  return ok(
    says("sent", {
      batchId: batch.id,
      invoices: count("Invoice"),
      creditNotes: count("CreditNote"),
      target: batch.target,
    }),
  );
}

function toLedgerDocument(doc: ArDocument): LedgerDocument {
  return {
    type: doc.type,
    number: doc.number,
    customer: doc.customer.number,
    customerName: doc.customer.name,
    currency: doc.currency,
    amountOre: doc.amountOre,
    documentDate: doc.documentDate,
    dueDate: doc.dueDate,
    kid: doc.kid,
  };
}

/** Creates the cursor if needed, adds the customers sent, and moves the window when given a completed transfer. */
function updateCursor(
  store: LedgerStore,
  integrationStart: DateTime,
  customersSent: string[],
  lastTransfer?: Cursor["lastTransfer"],
): Promise<string[]> {
  return store.updateCursor((c) => {
    const next: Cursor = {
      tenant: store.tenant,
      integrationStart: c?.integrationStart ?? integrationStart.toISO()!,
      customersSent: [...new Set([...(c?.customersSent ?? []), ...customersSent])].sort(),
    };
    const last = lastTransfer ?? c?.lastTransfer;
    if (last) next.lastTransfer = last;
    return next;
  });
}

/** The run's clock, not the wall clock: "today's transfer already ran at 15:37" follows --now. */
function lastTransferOf(now: DateTime, today: string, batches: string[]): NonNullable<Cursor["lastTransfer"]> {
  return { businessDate: today, startedAt: now.toISO()!, completedAt: now.toISO()!, batches };
}

function countsOf(batch: FormattedBatch): Record<string, number> {
  const count = (type: ArDocument["type"]) => batch.documents.filter((d) => d.type === type).length;
  return { invoices: count("Invoice"), creditNotes: count("CreditNote"), files: batch.files.length };
}
