/** The transfer runs inside the tenant's window, once a business day; --force overrides both. */
import { RunEnd, skipped } from "../run/outcome.ts";
import { says } from "../run/says.ts";
import { isWithinWindow } from "../shared/time.ts";
import type { TransferRun } from "./run.ts";

export function checkWindow({ tenant, ctx, zone, today, cursor }: TransferRun): void {
  if (ctx.force) return;
  // Today's transfer done is the answer whatever the hour: a late slot after it stays a quiet skip.
  if (cursor?.lastTransfer?.businessDate === today)
    throw new RunEnd(skipped(says("already-ran", { at: cursor.lastTransfer.completedAt })));
  const { start, end } = tenant.transfer.window;
  if (!isWithinWindow(ctx.now, zone, start, end)) {
    // A person's run is refused (exit 1, one line); a scheduled slot outside a tenant's window (a
    // window of its own, a slot GitHub started late) is a quiet skip: the next slot or day takes
    // the documents, and a run red every day would teach the partner to ignore red runs.
    const scheduled = ctx.env.GITHUB_EVENT_NAME === "schedule";
    const outcome = skipped(says("outside-window", { start, end, zone, now: ctx.now.toISO()! }));
    throw new RunEnd(scheduled ? outcome : { ...outcome, refused: true });
  }
}
