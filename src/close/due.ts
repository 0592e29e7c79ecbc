/** Which transferred documents are due for closing: their transfer is at least closing.delayHours back. */
import type { Batch, LedgerDocument } from "../ledger/types.ts";
import { nothingToDo, RunEnd, skipped, type Outcome } from "../run/outcome.ts";
import { says } from "../run/says.ts";
import type { Totals } from "../run/result.ts";
import { sumOre } from "../shared/money.ts";
import { isDue } from "./plan.ts";
import type { ClosingRun } from "./run.ts";

export interface Due {
  /** Transferred batches whose delay is over and that still hold unclosed documents, oldest first. */
  batches: Batch[];
  /** Their unclosed documents. */
  documents: LedgerDocument[];
  /** Unclosed documents of transferred batches whose delay is not over yet. */
  waiting: Totals;
}

export async function findDue({ tenant, ctx, store, today }: ClosingRun): Promise<Due> {
  if (!tenant.closing.enabled) throw new RunEnd(skipped(says("closing-disabled", {})));
  const batches = (await store.recentBatches(today)).filter((b) => b.status === "transferred");
  const open = batches.flatMap((b) => b.documents.filter((d) => !d.closing).map((d) => ({ batch: b, doc: d })));
  if (open.length === 0) throw new RunEnd(nothingToDo(says("nothing-to-close", {})));
  // A batch whose every document is closed or skipped is no work: it must not widen the reads.
  const due = batches.filter(
    (b) => isDue(b, ctx.now, tenant.closing.delayHours) && b.documents.some((d) => !d.closing),
  );
  const waiting = open.filter((o) => !due.includes(o.batch)).map((o) => o.doc);
  return {
    batches: due,
    documents: open.filter((o) => due.includes(o.batch)).map((o) => o.doc),
    waiting: { count: waiting.length, amountOre: sumOre(waiting.map((d) => d.amountOre)) },
  };
}

/** Every unclosed document still waits for the delay. */
export function waitForDelay({ tenant }: ClosingRun, due: Due): Outcome {
  return nothingToDo(says("waiting-for-delay", { count: due.waiting.count, delayHours: tenant.closing.delayHours }));
}
