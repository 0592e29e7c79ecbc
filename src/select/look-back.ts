/**
 * Where a transfer starts looking: the instant the integration started (documents created before
 * it are never sent automatically) and the "modified since" cut-off of the list queries, both
 * widened by the overlap that covers Visma.net's unpublished timestamp zone. One function, so the
 * transfer and the doctor's forecast of the first run compute the same window.
 */
import { DateTime, type Duration } from "luxon";
import type { Cursor } from "../ledger/types.ts";
import { addDays, businessDate, startOfDay } from "../shared/time.ts";
import { lookBackOverlap } from "../visma/index.ts";

export interface LookBack {
  /** The cursor's integration start, or (first run) the start of the previous business day. */
  integrationStart: DateTime;
  /** Documents modified before this instant were covered by an earlier run (overlap included). */
  since: DateTime;
  /** How far each cut-off reaches back beyond its instant. */
  overlap: Duration;
}

export function transferLookBack(cursor: Cursor | undefined, now: DateTime, zone: string): LookBack {
  const integrationStart = cursor
    ? DateTime.fromISO(cursor.integrationStart)
    : startOfDay(addDays(businessDate(now, zone), -1), zone);
  const overlap = lookBackOverlap(zone, now);
  const since = (cursor?.lastTransfer ? DateTime.fromISO(cursor.lastTransfer.startedAt) : integrationStart).minus(
    overlap,
  );
  return { integrationStart, since, overlap };
}
