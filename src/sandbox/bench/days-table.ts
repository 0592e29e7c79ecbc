/**
 * The 120-day case's output (`npm run bench -- --days N`): one JSON line per day (each run's calls
 * next to the floor of its work) and a per-day table on stderr, then the summary (days.ts).
 */
import type { DaysOutput, RunCost } from "./days.ts";

export interface DayLine {
  phase: "day";
  day: number;
  date: string;
  /** The day's closing slots and transfer slots: calls, floor and ratio each (idle slots marked). */
  runs: { at: string; command: RunCost["command"]; idle?: true; calls: number; floor: number; ratio: number | null }[];
}

export function dayLines(out: DaysOutput): DayLine[] {
  const days = new Map<number, DayLine>();
  for (const r of out.runs) {
    const line = days.get(r.day) ?? { phase: "day" as const, day: r.day, date: r.date, runs: [] };
    if (r.command === "transfer" && r.status === "skipped") continue; // the second slot after a done transfer
    line.runs.push({
      at: r.at,
      command: r.command,
      ...(r.idle ? { idle: true as const } : {}),
      calls: r.calls,
      floor: r.floor,
      ratio: r.floor === 0 ? null : Math.round((r.calls / r.floor) * 1000) / 1000,
    });
    days.set(r.day, line);
  }
  return [...days.values()];
}

/** Per day: the working closings' calls / floor, the idle slots' calls at most, the transfer's calls / floor. */
export function renderDaysTable(out: DaysOutput): string {
  const header = [
    "day",
    "date",
    "closing calls",
    "floor",
    "ratio",
    "idle slot max",
    "transfer calls",
    "floor",
    "ratio",
  ];
  const rows = dayLines(out).map((d) => {
    const working = d.runs.filter((r) => r.command === "close" && !r.idle);
    const idle = d.runs.filter((r) => r.command === "close" && r.idle);
    const transfer = d.runs.filter((r) => r.command === "transfer");
    const sum = (rs: typeof d.runs, key: "calls" | "floor") => rs.reduce((n, r) => n + r[key], 0);
    const ratio = (rs: typeof d.runs) =>
      sum(rs, "floor") === 0 ? "-" : (sum(rs, "calls") / sum(rs, "floor")).toFixed(3);
    return [
      String(d.day),
      d.date,
      working.length > 0 ? String(sum(working, "calls")) : "-",
      working.length > 0 ? String(sum(working, "floor")) : "-",
      working.length > 0 ? ratio(working) : "-",
      idle.length > 0 ? String(Math.max(...idle.map((r) => r.calls))) : "-",
      transfer.length > 0 ? String(sum(transfer, "calls")) : "-",
      transfer.length > 0 ? String(sum(transfer, "floor")) : "-",
      transfer.length > 0 ? ratio(transfer) : "-",
    ];
  });
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const lines = all.map((r) => r.map((c, i) => (i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  const f = out.figures;
  const last = f.lastClosing;
  lines.push(
    "",
    `last closing (day ${last.day}, ${last.date} ${last.at}): ${last.calls} calls, floor ${last.floor}, ratio ${last.ratio} (target ≤ 1.05: ${f.pass.lastClosingWithin5Percent ? "pass" : "FAIL"})`,
    `working closings: ${f.closings.calls} calls, floor ${f.closings.floor}, worst ratio ${f.closings.maxRatio}; ` +
      `idle slots: at most ${f.idleClosings.maxCalls} calls (allowed ${f.idleClosings.allowed}: ${f.pass.idleSlotsWithinTokenAndPagePerType ? "pass" : "FAIL"}); ` +
      `transfers: worst ratio ${f.transfers.maxRatio}`,
  );
  return lines.join("\n");
}
