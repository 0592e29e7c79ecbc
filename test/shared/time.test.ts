import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  addDays,
  businessDate,
  daysBetween,
  epochDay,
  isIsoDate,
  isWithinWindow,
  parseNow,
  parseVismaDateTime,
  toVismaFilterDateTime,
} from "../../src/shared/time.ts";

const OSLO = "Europe/Oslo";

describe("business time in the tenant's zone", () => {
  it("judges the transfer window on the local wall clock, winter and summer alike", () => {
    expect(isWithinWindow(DateTime.fromISO("2026-11-27T14:30:00Z"), OSLO, "15:30", "16:30")).toBe(true); // 15:30 CET
    expect(isWithinWindow(DateTime.fromISO("2026-11-27T15:30:00Z"), OSLO, "15:30", "16:30")).toBe(false); // 16:30 CET, end excluded
    expect(isWithinWindow(DateTime.fromISO("2026-06-27T13:45:00Z"), OSLO, "15:30", "16:30")).toBe(true); // 15:45 CEST
    expect(isWithinWindow(DateTime.fromISO("2026-06-27T14:45:00Z"), OSLO, "15:30", "16:30")).toBe(false); // 16:45 CEST
  });

  it("counts calendar days across DST changes", () => {
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2); // 29 March has 23 hours in Oslo
    expect(daysBetween("2026-10-24", "2026-10-26")).toBe(2); // 25 October has 25 hours
    expect(addDays("2026-03-28", 1)).toBe("2026-03-29");
    expect(businessDate(DateTime.fromISO("2026-03-28T23:30:00Z"), OSLO)).toBe("2026-03-29");
  });

  it("reads --now with an offset, and a zone-less --now in the tenant's zone", () => {
    expect(parseNow("2026-11-27T15:45:00+01:00", OSLO).toUTC().toISO()).toBe("2026-11-27T14:45:00.000Z");
    expect(parseNow("2026-07-01T15:45:00", OSLO).toUTC().toISO()).toBe("2026-07-01T13:45:00.000Z");
    expect(() => parseNow("yesterday", OSLO)).toThrow(/--now "yesterday" is not an ISO-8601 date-time/);
  });

  it("reads Visma.net's zone-less and zoned timestamps, and writes filters without a zone letter", () => {
    expect(parseVismaDateTime("2025-01-27T10:46:10.777", OSLO).toUTC().toISO()).toBe("2025-01-27T09:46:10.777Z");
    expect(parseVismaDateTime("2025-01-27 10:46:10", OSLO).toUTC().toISO()).toBe("2025-01-27T09:46:10.000Z");
    expect(parseVismaDateTime("2025-01-27T10:46:10+00:00", OSLO).toUTC().toISO()).toBe("2025-01-27T10:46:10.000Z");
    expect(toVismaFilterDateTime(DateTime.fromISO("2026-11-27T14:45:00Z"), OSLO)).toBe("2026-11-27T15:45:00");
  });
});

describe("calendar dates as day numbers (epochDay, the hot path of the selection and the format checks)", () => {
  /** The calendar by Date (proleptic Gregorian, years below 100 kept as written): the reference. */
  function byDate(date: string): number | null {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (!m) return null;
    const t = new Date(0);
    t.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    const real =
      t.getUTCFullYear() === Number(m[1]) && t.getUTCMonth() === Number(m[2]) - 1 && t.getUTCDate() === Number(m[3]);
    return real ? t.getTime() / 86_400_000 : null;
  }
  const pad = (n: number, width: number) => String(n).padStart(width, "0");

  it("numbers every day as Date does, and refuses what is no day, over whole years around 1900, 2000 and 2100", () => {
    const years = [0, 1, 2, 3, 4, 99, 100, 400, 1582, 1899, 1900, 1970, 1999, 2000, 2024, 2026, 2100, 2400, 9999];
    for (const year of years)
      for (let month = 0; month <= 13; month++)
        for (let day = 0; day <= 32; day++) {
          const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          expect([date, epochDay(date)]).toEqual([date, byDate(date)]);
        }
  });

  it("counts consecutive days without a gap from year 0 to 9999", () => {
    const gaps: string[] = [];
    let previous = epochDay("0000-01-01")! - 1;
    for (let year = 0; year <= 9999; year++)
      for (let month = 1; month <= 12; month++)
        for (let day = 1; day <= 31; day++) {
          const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          const n = epochDay(date);
          if (n === null) continue;
          if (n !== previous + 1) gaps.push(date);
          previous = n;
        }
    expect(gaps).toEqual([]);
    expect(previous).toBe(byDate("9999-12-31"));
  });

  it("knows its fixed points, leap days and what is not a date", () => {
    expect(epochDay("1970-01-01")).toBe(0);
    expect(epochDay("1969-12-31")).toBe(-1);
    expect(epochDay("2026-11-27")).toBe(20_784);
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2000-02-29")).toBe(true);
    for (const no of ["2026-02-29", "1900-02-29", "2100-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00"])
      expect(isIsoDate(no)).toBe(false);
    for (const no of ["", "2026-1-01", "2026/01/01", " 2026-01-01", "2026-01-01 ", "2026-01-01T00:00", "+026-01-01"])
      expect(epochDay(no)).toBe(null);
    expect(epochDay("２０２６-01-01")).toBe(null); // full-width digits are no digits here
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(() => daysBetween("2026-02-30", "2026-03-01")).toThrow("not a date: 2026-02-30");
  });
});
