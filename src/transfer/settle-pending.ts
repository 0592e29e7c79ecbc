/**
 * A pending batch was recorded but the run that wrote it did not confirm the upload. The
 * server decides: every file there with the recorded size → transferred. Anything else is
 * uncertain (the upload may have failed, or the factor may already have fetched the file),
 * so a human decides (--resolve-pending); the batch is never sent again on a guess.
 */
import type { Batch } from "../ledger/types.ts";
import { failed, RunEnd, type Outcome } from "../run/outcome.ts";
import { says } from "../run/says.ts";
import { notice, type NoticeOf } from "../shared/notice.ts";
import type { TransferRun } from "./run.ts";

export interface Settled {
  /** The ledger's recent batches as the run found them. */
  batches: Batch[];
  /** Pending batches settled now (their status in the ledger changed). */
  settled: number;
  /** Pending batches that became transferred in this run (their AutoInvoice invoices are named once). */
  confirmed: Batch[];
  /** One notice per batch that stays pending: what was found, for a person to decide. */
  unsettled: NoticeOf<"pending-batch">[];
}

export async function settlePending(run: TransferRun): Promise<Settled> {
  const { ctx, store, today, tenant } = run;
  const batches = await store.recentBatches(today);
  const pending = batches.filter((b) => b.status === "pending");
  const settled: Settled = { batches, settled: 0, confirmed: [], unsettled: [] };
  if (pending.length === 0) return settled;
  if (ctx.dryRun) throw new RunEnd(failed(says("pending-dry-run", { batches: pending.map((b) => b.id) })));
  const delivery = await run.delivery();
  for (const batch of pending) {
    const found = await delivery.find(batch.files.map((f) => f.name));
    const complete = batch.files.every((f) => found.get(f.name) === f.bytes);
    const decision = complete ? "server-check" : ctx.resolvePending ? `human:${ctx.resolvePending}` : undefined;
    if (!decision) {
      const files = batch.files.map((f) => ({ name: f.name, bytes: f.bytes, found: found.get(f.name) ?? null }));
      settled.unsettled.push(
        notice(
          "pending-batch",
          { batchId: batch.id, documents: batch.documents.length, target: delivery.target, files },
          { key: batch.id },
        ),
      );
      continue;
    }
    const sent = decision !== "human:not-sent";
    await ctx.committer.record(
      {
        tenant: tenant.id,
        businessDate: today,
        action: sent ? "transfer-confirmed" : "transfer-abandoned",
        counts: { documents: batch.documents.length },
        runUrl: ctx.runUrl,
      },
      () =>
        store.updateBatch(batch.id, batch.businessDate, (b) => {
          b.status = sent ? "transferred" : "abandoned";
          b.resolvedBy = decision;
          if (sent) b.transferredAt = ctx.now.toISO()!;
        }),
    );
    ctx.log.info(`pending batch ${batch.id} settled as ${sent ? "transferred" : "not sent"} (${decision})`);
    settled.settled += 1;
    if (sent) settled.confirmed.push(batch);
  }
  return settled;
}

/** The run stops while a batch stays pending: nothing is sent until a person decided. */
export function pendingUnsettled(settled: Settled): Outcome {
  return failed(says("pending-unsettled", { batches: settled.unsettled.map((n) => n.data.batchId) }));
}
