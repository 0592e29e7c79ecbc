// The 120-day case, shortened (npm run bench -- --days 120 runs the whole of it): a company's
// daily life through the real commands against the sandbox over HTTP, each run's calls next to the
// floor of its work (src/sandbox/bench/floor.ts). Counts of calls, never timing: the same settings
// give the same figures, so they are pinned here, and a change that makes a run call more than
// its day's work needs shows up as a changed number.
import { describe, expect, it } from "vitest";
import { DAYS_DEFAULTS, runDays } from "../../src/sandbox/bench/days.ts";
import { dayLines } from "../../src/sandbox/bench/days-table.ts";

describe("the 120-day case, over 22 days of a smaller company", () => {
  it("keeps every closing at its floor however the history grows, idle slots at the token and a page, transfers at theirs", async () => {
    const out = await runDays({ ...DAYS_DEFAULTS, days: 22, customers: 300, documentsPerDay: 30, maxPageSize: 100 });
    const f = out.figures;

    expect(f.pass).toEqual({
      lastClosingWithin5Percent: true,
      idleSlotsWithinTokenAndPagePerType: true,
      noRunFailed: true,
    });
    // The last day's closing (a Wednesday, closing Monday's batch): exactly its floor.
    expect(f.lastClosing).toMatchObject({ day: 22, at: "07:23", calls: 62, floor: 62, ratio: 1 });
    expect(f.lastClosing.floorParts).toMatchObject({ paymentLookupPages: 1, dueDocumentPages: 2, readBackPages: 2 });
    // Every working closing at its floor, in each ten days alike: the payment lookup does not widen with history.
    expect(f.closings).toEqual({ working: 14, maxRatio: 1, calls: 877, floor: 877 });
    expect(f.byTenDays.map((t) => [t.closingCalls, t.closingFloor])).toEqual([
      [373, 373],
      [442, 442],
      [62, 62],
    ]);
    // Idle slots: the token and a page for the attention list's re-check at most (allowed: token + a page per type).
    expect(f.idleClosings).toMatchObject({ slots: 52, maxCalls: 2, allowed: 3, maxCallsOver: [] });
    // Transfers: documents once, only the customers the day's documents need.
    expect(f.transfers).toEqual({ runs: 22, maxRatio: 1, calls: 142, floor: 142 });

    // The bench's per-day lines: every run of the day with its calls and floor (a done transfer's second slot left out).
    const lines = dayLines(out);
    expect(lines).toHaveLength(22);
    const last = lines.at(-1)!;
    expect(last.runs.map((r) => [r.command, r.at, r.idle ?? false])).toEqual([
      ["close", "07:23", false],
      ["close", "10:23", true],
      ["close", "13:23", true],
      ["transfer", "15:45", false],
    ]);
    expect(last.runs[0]).toMatchObject({ calls: 62, floor: 62, ratio: 1 });
    expect(lines.every((d) => d.runs.filter((r) => r.command === "transfer").length === 1)).toBe(true);
  }, 180_000);
});
