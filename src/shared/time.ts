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

const DASH = 45; // "-"

/**
 * A calendar date (yyyy-MM-dd) as whole days since 1970-01-01, or null when it is not a real date
 * (2026-02-30). Calendar days carry no zone and no summer time, so this is plain arithmetic on the
 * proleptic Gregorian calendar (as Date's): the hot path (several dates per document, in the
 * selection and in every format check) reads the digits in place, with no regex, Date or library.
 */
export function epochDay(date: string): number | null {
  if (date.length !== 10 || date.charCodeAt(4) !== DASH || date.charCodeAt(7) !== DASH) return null;
  const year = digitsAt(date, 0, 4);
  const month = digitsAt(date, 5, 7);
  const day = digitsAt(date, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

/** The number written by the ASCII digits text[from..to), or -1 when any is not a digit. */
export function digitsAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Days from 1970-01-01 to a valid date, counted in whole 400-year eras (146,097 days each) from a
 * year taken to start on 1 March, so that the leap day falls last (H. Hinnant, "chrono-compatible
 * low-level date algorithms", days_from_civil).
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400; // 0..399
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1; // 0..365
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
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
