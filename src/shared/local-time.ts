/**
 * Visma.net's zone-less date-times on the hot path, without a luxon parse per document.
 *
 * A transfer reads thousands of documents, each with two or three date-times, and a luxon parse
 * with its zone conversion costs about a tenth of a millisecond each. Here a value of the usual
 * form ("2025-01-27T10:46:10.777", a space for the T, seconds and fraction optional) is read by
 * slicing the string; its calendar date is checked and its UTC offset in the zone found once per
 * date and zone (through luxon, so the zone rules stay the library's); a day on which the offset
 * changes (the switch to or from summer time), a value with its own zone, or any other form goes
 * through luxon itself (parseVismaDateTime). So the result is always luxon's, only cheaper.
 */
import { DateTime } from "luxon";
import { parseVismaDateTime } from "./time.ts";

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
    const start = DateTime.fromISO(date, { zone });
    offset = null;
    if (start.isValid && start.toISODate() === date) {
      const end = start.endOf("day");
      if (start.offset === end.offset) offset = start.offset;
    }
    byDate.set(date, offset);
  }
  return offset;
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

const two = (n: number) => (n < 10 ? `0${n}` : String(n));
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** Visma.net's date-time as the instant it names (epoch ms); zone-less values are local to `zone` (A1). Throws like parseVismaDateTime. */
export function vismaDateTimeMillis(text: string, zone: string): number {
  const p = fastParts(text, zone);
  if (!p) return parseVismaDateTime(text, zone).toMillis();
  const [y, mo, d] = p.date.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, mo - 1, d, p.hour, p.minute, p.second, p.millisecond) - p.offset * 60_000;
}

/** Visma.net's date-time as the local "yyyy-MM-ddTHH:mm:ss.SSS" of `zone`. Throws like parseVismaDateTime. */
export function vismaLocalDateTime(text: string, zone: string): string {
  const p = fastParts(text, zone);
  if (!p) return parseVismaDateTime(text, zone).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS");
  return `${p.date}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}.${three(p.millisecond)}`;
}
