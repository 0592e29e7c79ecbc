// The job's deadline (--deadline / FACTORING_JOB_DEADLINE): an instant with its offset or a span
// from the command's start, refused with the forms it takes when it is neither.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { tenantRunFlags, tenantRunOptions } from "../../src/commands/tenant-run.ts";
import { UsageError } from "../../src/commands/command.ts";
import { deadlineFrom, DeadlineError } from "../../src/run/deadline.ts";
import { timeLeftMs } from "../../src/run/context.ts";

const started = DateTime.fromISO("2026-11-27T15:30:00+01:00", { setZone: true });

describe("the job's deadline", () => {
  it("takes a span from the start (27m, 90s, 1h, PT27M) or an instant with its offset", () => {
    expect(deadlineFrom("27m", started, "x").toISO()).toBe("2026-11-27T15:57:00.000+01:00");
    expect(deadlineFrom("90s", started, "x").toISO()).toBe("2026-11-27T15:31:30.000+01:00");
    expect(deadlineFrom("1h", started, "x").toISO()).toBe("2026-11-27T16:30:00.000+01:00");
    expect(deadlineFrom("PT27M", started, "x").toISO()).toBe("2026-11-27T15:57:00.000+01:00");
    expect(deadlineFrom("2026-11-27T15:05:00Z", started, "x").toMillis()).toBe(
      DateTime.fromISO("2026-11-27T16:05:00+01:00").toMillis(),
    );
  });

  it("refuses a local time without an offset, a bare number and nonsense, naming where it came from", () => {
    for (const bad of ["2026-11-27T16:05:00", "27", "soon", "PT0S"]) {
      expect(() => deadlineFrom(bad, started, "FACTORING_JOB_DEADLINE")).toThrow(DeadlineError);
    }
    expect(() => deadlineFrom("soon", started, "--deadline")).toThrow(
      /--deadline "soon" is not a deadline: give an instant/,
    );
  });

  it("is read from the flag, else from FACTORING_JOB_DEADLINE; a bad one is a usage error", () => {
    const values = { "tenants-dir": "tenants", "state-dir": "state" } as Parameters<typeof tenantRunOptions>[0];
    expect(tenantRunOptions(values, { FACTORING_JOB_DEADLINE: "27m" }).deadline).toBe("27m");
    expect(tenantRunOptions({ ...values, deadline: "10m" }, { FACTORING_JOB_DEADLINE: "27m" }).deadline).toBe("10m");
    expect(tenantRunOptions(values, {}).deadline).toBeUndefined();
    expect(() => tenantRunOptions(values, { FACTORING_JOB_DEADLINE: "soon" })).toThrow(UsageError);
    expect(Object.keys(tenantRunFlags)).toContain("deadline");
  });

  it("leaves the time until it on the real clock, never below 0, and no limit without one", () => {
    const deadline = started.plus({ minutes: 5 });
    expect(timeLeftMs({ clock: () => started, deadline })).toBe(300_000);
    expect(timeLeftMs({ clock: () => started.plus({ minutes: 9 }), deadline })).toBe(0);
    expect(timeLeftMs({ clock: () => started })).toBe(Infinity);
  });
});
