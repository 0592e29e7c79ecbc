/**
 * Visma.net's zone-less date-times on the hot path, without a luxon parse per document.
 *
 * A transfer reads thousands of documents, each with two or three date-times, and a luxon parse
 * with its zone conversion costs about a tenth of a millisecond each. Here a value of the usual
 * form ("2025-01-27T10:46:10.777", a space for the T, seconds and fraction optional) is read by
 * slicing the string; its calendar date is checked and its UTC offset in the zone found once per
 * date and zone (through luxon's IANAZone, so the zone rules stay the library's); a day on which the offset
 * changes (the switch to or from summer time), a value with its own zone, or any other form goes
 * through luxon itself (parseVismaDateTime). So the result is always luxon's, only cheaper.
 */
import { IANAZone } from "luxon";
import { digitsAt, epochDay, parseVismaDateTime } from "./time.ts";

const LOCAL = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/;

/** Per zone, per calendar date: its UTC offset in minutes, or null (not a date, or the offset changes that day). */
const offsets = new Map<string, Map<string, number | null>>();

/** The date's one UTC offset in `zone` (minutes), or null when it is not a date or the offset changes during it. */
function offsetOf(date: string, zone: string): number | null {
  let byDate = offsets.get(zone);
  if (!byDate) {
    byDate = new Map();
    offsets.set(zone, byDate);
  }
  let offset = byDate.get(date);
  if (offset === undefined) {
    offset = dayOffset(date, zone);
    byDate.set(date, offset);
  }
  return offset;
}

const DAY_MS = 86_400_000;

/**
 * The offset of `zone` over the whole local day `date`, asked of the zone's rules (luxon's
 * IANAZone, which reads them from Intl) at the day's first and last millisecond; null when they
 * differ (a change day), when `date` is no calendar date, or when the zone is unknown.
 */
function dayOffset(date: string, zone: string): number | null {
  const tz = IANAZone.create(zone);
  if (!tz.isValid) return null;
  const day = epochDay(date);
  if (day === null) return null;
  const midnight = day * DAY_MS;
  const guess = tz.offset(midnight);
  const first = midnight - guess * 60_000;
  // The first instant after the day too: a change exactly at 24:00 repeats or skips the day's last hour.
  const next = first + DAY_MS;
  if (tz.offset(first) !== guess || tz.offset(next - 1) !== guess || tz.offset(next) !== guess) return null;
  return guess;
}

interface Parts {
  date: string;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offset: number;
}

/** The value's parts, when it has the usual form on a date of one offset; undefined otherwise. */
function fastParts(text: string, zone: string): Parts | undefined {
  const m = LOCAL.exec(text);
  if (!m || m[1]!.startsWith("00")) return undefined; // years below 100: luxon's own reading
  const hour = Number(m[2]);
  const minute = Number(m[3]);
  const second = m[4] === undefined ? 0 : Number(m[4]);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = offsetOf(m[1]!, zone);
  if (offset === null) return undefined;
  // As luxon reads a fraction of a second (the digits after the point, floored to milliseconds).
  const millisecond = m[5] === undefined ? 0 : Math.floor(Number.parseFloat(`0.${m[5]}`) * 1000);
  return { date: m[1]!, hour, minute, second, millisecond, offset };
}

/** The usual form exactly ("2025-01-27T10:46:10.777"): the one Visma.net sends and normalise.ts writes. */
const LOCAL_FORM = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}$/;

const two = (n: number) => (n < 10 ? `0${n}` : String(n));
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** Visma.net's date-time as the instant it names (epoch ms); zone-less values are local to `zone` (A1). Throws like parseVismaDateTime. */
export function vismaDateTimeMillis(text: string, zone: string): number {
  if (LOCAL_FORM.test(text) && !text.startsWith("00")) {
    // The usual form, digits read where they stand: the selection asks this of every document twice.
    const offset = offsetOf(text.slice(0, 10), zone);
    if (offset !== null) {
      const t = text;
      const utc = Date.UTC(
        digitsAt(t, 0, 4),
        digitsAt(t, 5, 7) - 1,
        digitsAt(t, 8, 10),
        digitsAt(t, 11, 13),
        digitsAt(t, 14, 16),
        digitsAt(t, 17, 19),
        digitsAt(t, 20, 23),
      );
      return utc - offset * 60_000;
    }
  }
  const p = fastParts(text, zone);
  if (!p) return parseVismaDateTime(text, zone).toMillis();
  const [y, mo, d] = p.date.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, mo - 1, d, p.hour, p.minute, p.second, p.millisecond) - p.offset * 60_000;
}

/** Visma.net's date-time as the local "yyyy-MM-ddTHH:mm:ss.SSS" of `zone`. Throws like parseVismaDateTime. */
export function vismaLocalDateTime(text: string, zone: string): string {
  // Three fraction digits read back exactly (every one of the thousand), so the text is the result.
  if (LOCAL_FORM.test(text) && !text.startsWith("00") && offsetOf(text.slice(0, 10), zone) !== null) return text;
  const p = fastParts(text, zone);
  if (!p) return parseVismaDateTime(text, zone).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS");
  return `${p.date}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}.${three(p.millisecond)}`;
}
