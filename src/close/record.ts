/**
 * Recording the closing in the ledger: the documents confirmed closed and the documents skipped
 * because they changed after the transfer, written by re-reading each batch (so the change can be
 * re-applied on a newer tip by the committer) and never over an earlier run's record.
 */
import { documentKey, type Batch, type ClosingEntry } from "../ledger/types.ts";
import { failpoint } from "../shared/failpoint.ts";
import type { Due } from "./due.ts";
import type { ClosingPlan } from "./plan.ts";
import type { ClosingRun } from "./run.ts";
import type { Verification } from "./verify.ts";

/** The closing entries of this run, by batch id and documentKey. */
export type ClosingEntries = Map<string, Map<string, ClosingEntry>>;

export function closingEntries(plan: ClosingPlan, verification: Verification, at: string): ClosingEntries {
  const entries: ClosingEntries = new Map();
  const add = (batchId: string, key: string, entry: ClosingEntry) => {
    const batch = entries.get(batchId) ?? new Map<string, ClosingEntry>();
    batch.set(key, entry);
    entries.set(batchId, batch);
  };
  for (const c of verification.closed) add(c.batchId, documentKey(c.document), c.entry);
  for (const s of plan.skips)
    add(s.batchId, documentKey(s.document), { status: "skipped", reason: s.code, data: s.data, at });
  return entries;
}

/**
 * Pure: the batch with this run's entries written in. A document that already has a closing
 * record keeps it: an earlier run's record (a payment that exists in Visma.net) is never
 * overwritten, whatever this run concluded.
 */
export function withClosings(batch: Batch, entries: ReadonlyMap<string, ClosingEntry>): Batch {
  return {
    ...batch,
    documents: batch.documents.map((d) => {
      const entry = entries.get(documentKey(d));
      return entry && !d.closing ? { ...d, closing: entry } : d;
    }),
  };
}

export async function recordClosings(
  { tenant, ctx, store, today }: ClosingRun,
  due: Due,
  plan: ClosingPlan,
  verification: Verification,
): Promise<void> {
  const entries = closingEntries(plan, verification, ctx.now.toISO()!);
  if (entries.size === 0) return;
  const counts = { closed: verification.closed.length, skipped: plan.skips.length };
  await ctx.committer.record(
    { tenant: tenant.id, businessDate: today, action: "close", counts, runUrl: ctx.runUrl },
    async () => {
      const written = new Set<string>();
      for (const [batchId, docs] of entries) {
        const batch = due.batches.find((b) => b.id === batchId)!;
        const paths = await store.updateBatch(batch.id, batch.businessDate, (stored) => {
          stored.documents = withClosings(stored, docs).documents;
        });
        paths.forEach((p) => written.add(p));
      }
      // Months before the window whose batches are now all settled are no longer read by runs.
      return [...written, ...(await store.settleMonths(today))];
    },
  );
  failpoint("close:after-ledger");
}
