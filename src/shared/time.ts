/**
 * Business time. Every date that matters to the books (business date, transfer window,
 * document age) is computed in the tenant's IANA time zone through luxon, never by
 * adding hours to a UTC timestamp: DST transitions are luxon's job.
 */
import { DateTime, IANAZone } from "luxon";

export const DEFAULT_TIME_ZONE = "Europe/Oslo";

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * Parses the `--now` argument (ISO-8601 with an offset or `Z`; a zone-less value is read in
 * `zone`) or returns the real clock. Throws a readable error on anything else.
 */
export function parseNow(arg: string | undefined, zone = DEFAULT_TIME_ZONE): DateTime {
  if (arg === undefined || arg === "") return DateTime.now().setZone(zone);
  const parsed = DateTime.fromISO(arg, { zone, setZone: true });
  if (!parsed.isValid) {
    throw new Error(`--now ${JSON.stringify(arg)} is not an ISO-8601 date-time (e.g. 2026-11-27T15:45:00+01:00)`);
  }
  return parsed;
}

/** The calendar date (yyyy-MM-dd) of `instant` in `zone`. */
export function businessDate(instant: DateTime, zone: string): string {
  return instant.setZone(zone).toISODate()!;
}

/** Start of the calendar day `date` (yyyy-MM-dd) in `zone`, as an instant. */
export function startOfDay(date: string, zone: string): DateTime {
  const d = DateTime.fromISO(date, { zone });
  if (!d.isValid) throw new Error(`not a date: ${date}`);
  return d.startOf("day");
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * A calendar date (yyyy-MM-dd) as whole days since 1970-01-01, or null when it is not a real date
 * (2026-02-30). Calendar days carry no zone and no summer time, so this is plain arithmetic: the
 * hot path (a date per document) needs no library parse.
 */
export function epochDay(date: string): number | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d); // setUTCFullYear, not Date.UTC: years below 100 stay themselves
  return t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? t.getTime() / DAY_MS : null;
}

/** A real calendar date written yyyy-MM-dd (2026-02-30 is not). */
export function isIsoDate(text: string): boolean {
  return epochDay(text) !== null;
}

/** Whole calendar days from `from` to `to` (both yyyy-MM-dd), DST-proof. */
export function daysBetween(from: string, to: string): number {
  const a = epochDay(from);
  const b = epochDay(to);
  if (a === null || b === null) throw new Error(`not a date: ${a === null ? from : to}`);
  return b - a;
}

/** `date` shifted by `days` calendar days (yyyy-MM-dd). */
export function addDays(date: string, days: number): string {
  const d = DateTime.fromISO(date, { zone: "UTC" });
  if (!d.isValid) throw new Error(`not a date: ${date}`);
  return d.plus({ days }).toISODate()!;
}

/** Is the local wall-clock time of `instant` in `zone` within [start, end)? Times are "HH:mm". */
export function isWithinWindow(instant: DateTime, zone: string, start: string, end: string): boolean {
  const local = instant.setZone(zone);
  const minutes = local.hour * 60 + local.minute;
  return minutes >= hhmmToMinutes(start) && minutes < hhmmToMinutes(end);
}

export function hhmmToMinutes(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`not a time of day (HH:mm): ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * Visma.net returns date-times without a zone ("2025-01-27T10:46:10.777"), sometimes with one.
 * ASSUMPTION(A1): zone-less values are the company's local time, i.e. the tenant's time zone (the
 * server's zone is not published; Visma moved other endpoints to UTC). If they are UTC, a
 * reading is off by the zone's offset: every cut-off compared with them reaches back by more than
 * the zone's largest offset (visma/filters.ts lookBackOverlap) and the ledger de-duplicates, so
 * nothing is lost either way; only times shown in reports would be off by that offset.
 */
export function parseVismaDateTime(text: string, zone: string): DateTime {
  const parsed = DateTime.fromISO(text.replace(" ", "T"), { zone, setZone: true });
  if (!parsed.isValid) throw new Error(`not a date-time: ${JSON.stringify(text)}`);
  return parsed;
}

/** Visma.net filters reject zone letters: "yyyy-MM-ddTHH:mm:ss" in the tenant's zone. */
export function toVismaFilterDateTime(instant: DateTime, zone: string): string {
  return instant.setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm:ss");
}
