/**
 * The fault-injection suite (`npm run test:faults`): runs every case, prints the table and the
 * closing line `N passed, N failed`. Cases run two at a time (the machine has two cores and each
 * case is mostly waiting on child processes). `FAULTS_ONLY=<substring>` runs matching cases only.
 */
import { renderTable, runCases, type CaseResult } from "./harness.ts";
import { CASES } from "./cases.ts";

export interface SuiteOptions {
  parallel?: number;
  only?: string;
  log?: (line: string) => void;
}

export async function runFaultSuite(
  options: SuiteOptions = {},
): Promise<{ results: CaseResult[]; failed: number; table: string }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const cases = options.only ? CASES.filter((c) => c.name.toLowerCase().includes(options.only!.toLowerCase())) : CASES;
  if (cases.length === 0) throw new Error(`no fault case matches "${options.only}"`);
  log(`fault-injection suite: ${cases.length} case(s), ${options.parallel ?? 2} at a time`);
  const results = await runCases(cases, options.parallel ?? 2, (r) =>
    log(`  ${r.result.padEnd(4)} ${r.name} (${r.seconds.toFixed(1)} s)`),
  );
  const table = renderTable(results);
  log("");
  log(table);
  return { results, failed: results.filter((r) => r.result === "FAIL").length, table };
}
