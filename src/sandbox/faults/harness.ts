/**
 * Case runner of the fault-injection suite: each case gets a fresh world, drives the real
 * scripts through a fault and the reruns a human or the schedule would do, then the four
 * invariants are checked. A case fails on the first broken expectation or invariant.
 */
import pLimit from "p-limit";
import { checkAll, type CheckOptions } from "./invariants.ts";
import { startDrillWorld, type DrillWorld, type RunResult, type WorldOptions } from "./world.ts";
import { FactoringError } from "../../shared/errors.ts";

export class CaseFailure extends FactoringError {}

/** A case that cannot run here (e.g. a product option it needs does not exist yet). */
export class CaseSkipped extends FactoringError {}

export interface CaseContext {
  w: DrillWorld;
  /** Fails the case unless the run ended with `code` (and its output matches `pattern`). */
  expectExit(run: RunResult, code: number, pattern?: RegExp, why?: string): RunResult;
  expect(condition: boolean, message: string): void;
  note(text: string): void;
}

export interface FaultCase {
  name: string;
  world?: WorldOptions;
  /** Options for the final invariant check; `false` skips it (the case checks what applies itself). */
  check?: CheckOptions | false;
  run(ctx: CaseContext): Promise<void>;
}

export interface CaseResult {
  name: string;
  result: "pass" | "FAIL" | "skip";
  seconds: number;
  note: string;
}

export async function runCase(c: FaultCase): Promise<CaseResult> {
  const started = Date.now();
  const notes: string[] = [];
  let world: DrillWorld | undefined;
  const finish = (result: CaseResult["result"], note: string): CaseResult => ({
    name: c.name,
    result,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    note,
  });
  try {
    world = await startDrillWorld(c.world);
    const w = world;
    const ctx: CaseContext = {
      w,
      expectExit(run, code, pattern, why) {
        const last = `${run.script} run ${w.runs.indexOf(run) + 1}`;
        if (run.code !== code) {
          throw new CaseFailure(
            `${last} exited ${run.code ?? run.signal}, expected ${code}${why ? ` (${why})` : ""}: ${tail(run.output)}`,
          );
        }
        if (pattern && !pattern.test(run.output))
          throw new CaseFailure(`${last} output does not match ${pattern}: ${tail(run.output)}`);
        return run;
      },
      expect(condition, message) {
        if (!condition) throw new CaseFailure(message);
      },
      note: (text) => notes.push(text),
    };
    await c.run(ctx);
    if (c.check !== false) {
      const problems = await checkAll(w, c.check ?? {});
      if (problems.length > 0)
        return finish(
          "FAIL",
          `invariants: ${problems.slice(0, 4).join("; ")}${problems.length > 4 ? ` (+${problems.length - 4} more)` : ""}`,
        );
    }
    return finish("pass", notes.join("; "));
  } catch (error) {
    if (error instanceof CaseSkipped) return finish("skip", error.message);
    const message = error instanceof Error ? error.message : String(error);
    return finish("FAIL", error instanceof CaseFailure ? message : `harness error: ${message}`);
  } finally {
    await world?.stop().catch(() => undefined);
  }
}

/** The last lines of a child's output, on one line, for a failure note. */
export function tail(output: string, lines = 4): string {
  return output.trim().split("\n").filter(Boolean).slice(-lines).join(" | ").slice(0, 600);
}

/** Runs cases `parallel` at a time, in order, reporting each as it finishes. */
export async function runCases(
  cases: FaultCase[],
  parallel: number,
  onResult: (r: CaseResult) => void,
): Promise<CaseResult[]> {
  const limit = pLimit(Math.max(1, parallel));
  return Promise.all(
    cases.map((c) =>
      limit(async () => {
        const result = await runCase(c);
        onResult(result);
        return result;
      }),
    ),
  );
}

/** The table of cases and the closing line `N passed, N failed`. */
export function renderTable(results: CaseResult[]): string {
  const nameW = Math.max(4, ...results.map((r) => r.name.length));
  const rows = [
    `${"case".padEnd(nameW)}  result  seconds  note`,
    `${"-".repeat(nameW)}  ------  -------  ----`,
    ...results.map(
      (r) => `${r.name.padEnd(nameW)}  ${r.result.padEnd(6)}  ${r.seconds.toFixed(1).padStart(7)}  ${r.note}`,
    ),
  ];
  const passed = results.filter((r) => r.result === "pass").length;
  const failed = results.filter((r) => r.result === "FAIL").length;
  const skipped = results.length - passed - failed;
  if (skipped > 0) rows.push("", `(${skipped} skipped: see their notes)`);
  rows.push("", `${passed} passed, ${failed} failed`);
  return rows.join("\n");
}
