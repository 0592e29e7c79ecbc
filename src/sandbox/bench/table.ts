/** The short human-readable table the benchmark writes to stderr next to its JSON lines. */
import type { BenchOutput } from "./run.ts";

export function renderTable(out: BenchOutput): string {
  const rows = [
    [
      "phase",
      "docs",
      "wall ms",
      "CPU ms",
      "docs/s",
      "API calls",
      "lower bound",
      "ratio",
      "calls/doc",
      "429",
      "in flight",
      "heap MB",
      "ledger B/doc",
      "targets",
    ],
    ...[out.transfer, ...out.closings].map((f) => [
      f.phase === "close" ? `close ${f.grouping}` : "transfer",
      String(f.documents),
      String(f.wallMs),
      String(f.cpuMs),
      f.documentsPerSecond.toFixed(1),
      String(f.apiCalls),
      String(f.lowerBound),
      f.ratioToLowerBound.toFixed(3),
      f.callsPerDocument.toFixed(3),
      String(f.throttled),
      `${f.maxInFlight}/${f.concurrency}`,
      f.peakHeapUsedMB.toFixed(0),
      f.ledgerBytesPerDocument.toFixed(0),
      Object.values(f.pass).every(Boolean)
        ? "pass"
        : `FAIL (${Object.entries(f.pass)
            .filter(([, v]) => !v)
            .map(([k]) => k)
            .join(", ")})`,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r
      .map((c, i) => (i === 0 || i === r.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
  const s = out.summary;
  const cold = out.coldTransfer;
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  lines.push(
    "",
    `transfer in a fresh process (CPU after start, ${cold.runs.length} runs): ${cold.runs.map((r) => r.cpuMs).join(", ")} ms; ` +
      `least ${cold.minCpuMs} ms (${cold.pass.underOneSecond ? "under" : "NOT under"} 1 s), main thread ${cold.runs.map((r) => r.mainThreadMs ?? "?").join(", ")} ms`,
    `total ${(s.totalWallMs / 1000).toFixed(1)} s (${s.underTwoMinutes ? "under" : "OVER"} two minutes), process peak RSS ${s.processPeakRssMB} MB; ` +
      `all targets ${s.allTargetsPass ? "pass" : "DO NOT pass"}`,
  );
  return lines.join("\n");
}
