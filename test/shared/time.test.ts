import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  addDays,
  businessDate,
  daysBetween,
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
