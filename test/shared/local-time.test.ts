// The hot path's date handling (shared/local-time.ts, shared/time.ts epochDay): always luxon's
// answer, without a luxon parse per value. Compared with luxon over every hour of a year in three
// zones (summer-time changes included), the forms Visma.net sends, and values that are not dates.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { vismaDateTimeMillis, vismaLocalDateTime } from "../../src/shared/local-time.ts";
import { daysBetween, epochDay, isIsoDate, parseVismaDateTime } from "../../src/shared/time.ts";

const luxonLocal = (text: string, zone: string) =>
  parseVismaDateTime(text, zone).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS");

describe("Visma.net date-times without a parse per value", () => {
  // Lord Howe changes by half an hour, Santiago at midnight (a local midnight that does not exist),
  // Chatham keeps a quarter-hour offset, Kolkata never changes.
  it("agree with luxon for every 130 minutes of a year, across the summer-time changes, in seven zones", () => {
    const differ: string[] = [];
    const zones = [
      "Europe/Oslo",
      "America/New_York",
      "UTC",
      "Australia/Lord_Howe",
      "America/Santiago",
      "Pacific/Chatham",
      "Asia/Kolkata",
    ];
    for (const zone of zones) {
      let t = DateTime.fromISO("2026-01-01T00:00:00", { zone: "UTC" });
      const end = t.plus({ years: 1, days: 1 });
      for (; t < end; t = t.plus({ minutes: 130 })) {
        const text = `${t.toFormat("yyyy-MM-dd'T'HH:mm:ss")}.${String(t.minute * 7).padStart(3, "0")}`;
        if (vismaLocalDateTime(text, zone) !== luxonLocal(text, zone)) differ.push(`${zone} ${text} local`);
        if (vismaDateTimeMillis(text, zone) !== parseVismaDateTime(text, zone).toMillis())
          differ.push(`${zone} ${text}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it("agree with luxon on a day whose summer time ends at midnight (its last hour repeated)", () => {
    // Sao Paulo left summer time at 24:00 on 18 February 1995: 23:00–23:59 came twice.
    const differ: string[] = [];
    for (const zone of ["America/Sao_Paulo"]) {
      for (let minute = 0; minute < 24 * 60; minute += 7) {
        const text = `1995-02-18T${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}:42.123`;
        if (vismaDateTimeMillis(text, zone) !== parseVismaDateTime(text, zone).toMillis()) differ.push(text);
        if (vismaLocalDateTime(text, zone) !== luxonLocal(text, zone)) differ.push(`${text} local`);
      }
    }
    expect(differ).toEqual([]);
  });

  it("take every form luxon takes, and a time in the gap of the spring change as luxon moves it", () => {
    const zone = "Europe/Oslo";
    for (const text of [
      "2026-03-29T02:30:00", // does not exist in Oslo: luxon moves it an hour on
      "2026-10-25T02:30:00", // exists twice
      "2025-01-27T10:46:10.777",
      "2025-01-27 10:46:10.7",
      "2025-01-27T10:46:10.123456789",
      "2025-01-27T10:46",
      "2025-01-27T10:46:10Z",
      "2025-01-27T10:46:10+05:30",
      "2025-01-27T10:46:10.5-0300",
      "0001-01-01T00:00:00",
    ]) {
      expect(vismaLocalDateTime(text, zone), text).toBe(luxonLocal(text, zone));
      expect(vismaDateTimeMillis(text, zone), text).toBe(parseVismaDateTime(text, zone).toMillis());
    }
  });

  it("refuse what luxon refuses", () => {
    for (const text of [
      "2026-02-30T10:00:00",
      "2026-13-01T10:00:00",
      "2026-01-01T24:30:00",
      "2026-01-01T10:60",
      "yesterday",
    ]) {
      expect(() => vismaLocalDateTime(text, "Europe/Oslo"), text).toThrow(/not a date-time/);
      expect(() => vismaDateTimeMillis(text, "Europe/Oslo"), text).toThrow(/not a date-time/);
    }
  });
});

describe("calendar dates as plain arithmetic", () => {
  it("count whole days as luxon does and know which dates are real", () => {
    let d = DateTime.fromISO("2023-12-25", { zone: "UTC" });
    for (let i = 0; i < 800; i += 1, d = d.plus({ days: 1 })) {
      const date = d.toISODate()!;
      expect(daysBetween("2024-01-01", date)).toBe(
        Math.round(d.diff(DateTime.fromISO("2024-01-01", { zone: "UTC" }), "days").days),
      );
      expect(isIsoDate(date)).toBe(true);
    }
    expect(epochDay("1970-01-02")).toBe(1);
    expect(epochDay("0099-01-01")).toBe(
      Math.round(DateTime.fromISO("0099-01-01", { zone: "UTC" }).toMillis() / 86_400_000),
    );
    for (const bad of ["2026-02-29", "2024-02-30", "2026-04-31", "2026-00-10", "2026-1-10", "26-01-10", ""]) {
      expect(isIsoDate(bad), bad).toBe(false);
    }
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(() => daysBetween("2026-02-30", "2026-03-01")).toThrow("not a date: 2026-02-30");
  });
});
