/**
 * `--now` (the workflows' `now` input) lets a person run a catch-up for an earlier moment. It is
 * bounded by the real time, because the transfer records its clock as the cursor the next run
 * reads from: a typo'd date a year ahead would make every document created until then look old,
 * and none of them would ever be sent.
 *
 * - ahead of the real time by more than a small clock skew: refused, --force or not;
 * - within that skew: taken as the real time, so the cursor never passes it;
 * - further back than a tenant's look-back window (selection.maxInvoiceAgeDays, beyond which no
 *   document is transferred anyway): refused unless --force.
 */
import type { DateTime } from "luxon";
import type { Tenant } from "../config/schema.ts";
import { DEFAULT_TIME_ZONE } from "../shared/time.ts";

/** Clocks of the machine that dispatched a run and the runner may differ a little. */
const FUTURE_SKEW_MINUTES = 5;

export function boundedNow(
  requested: DateTime,
  real: DateTime,
  options: {
    arg: string | undefined;
    force: boolean;
    tenants: readonly (Pick<Tenant, "id" | "selection"> & Partial<Pick<Tenant, "timeZone">>)[];
  },
): DateTime {
  if (options.arg === undefined) return requested;
  const ahead = requested.diff(real, "minutes").minutes;
  if (ahead > FUTURE_SKEW_MINUTES) {
    throw new Error(
      `--now ${options.arg} is ${span(ahead)} ahead of the real time (${localTime(real, options.tenants[0]?.timeZone ?? DEFAULT_TIME_ZONE)}); a run cannot be dated in the future ` +
        `(its cursor would skip every document created until then). Leave --now out, or give a time up to now.`,
    );
  }
  if (!options.force) {
    const daysBack = real.diff(requested, "days").days;
    const short = options.tenants.filter((t) => daysBack > t.selection.maxInvoiceAgeDays);
    if (short.length > 0) {
      const names = short
        .map((t) => `${t.id} (selection.maxInvoiceAgeDays: ${t.selection.maxInvoiceAgeDays})`)
        .join(", ");
      throw new Error(
        `--now ${options.arg} is ${Math.floor(daysBack)} days back, further than the look-back window of ${names}: ` +
          `documents are judged by that day's dates and the cursor moves there. Run with --force if that is what you mean.`,
      );
    }
  }
  return requested > real ? real.setZone(requested.zone) : requested;
}

/** The real time as the operator reads it: in the zone --now was read in (the tenant's), never the machine's UTC. */
function localTime(real: DateTime, zone: string): string {
  return `${real.setZone(zone).toFormat("yyyy-MM-dd HH:mm")} ${zone}`;
}

function span(minutes: number): string {
  if (minutes >= 2 * 24 * 60) return `${Math.floor(minutes / (24 * 60))} days`;
  if (minutes >= 120) return `${Math.floor(minutes / 60)} hours`;
  return `${Math.ceil(minutes)} minutes`;
}
