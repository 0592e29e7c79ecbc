/**
 * V8 tuned for what a command is: a process that lives seconds (a tenant job's transfer) or a
 * few minutes (a closing of thousands of payments), never a server.
 *
 * V8 optimises a function once it has spent its "interrupt budget" of executed bytecode, assuming
 * a long life in which optimised code pays back its compilation. A 5,000-document transfer is
 * over within a second or two: about a third of its CPU went to V8's optimising-compiler threads,
 * compiling code that finished soon after. With the budget raised 16-fold, code that stays hot
 * (the closing's loops, a large transfer's per-document work) is still optimised, a little later;
 * code that runs a few thousand times is not. Measured with `npm run bench` (docs/operations.md)
 * on Node 20 (V8 11). Other V8 versions tier differently (Maglev in V8 12 and later) and were not
 * measured, and V8 answers a flag it does not know with an error line on stderr: there it is left
 * at its defaults. ASSUMPTION(A72): set after start, the budget only changes when code is optimised.
 */
import { setFlagsFromString } from "node:v8";

/** V8 11's default interrupt budget (bytes of bytecode executed before a tiering check) times 16. */
export const INTERRUPT_BUDGET = 67_584 * 16;

/** The V8 major versions the budget was measured on. */
const MEASURED_ON = [11];

/** Raises the budget where it was measured; says whether it did. */
export function tuneForShortRuns(v8Version: string = process.versions.v8): boolean {
  if (!MEASURED_ON.includes(Number(v8Version.split(".")[0]))) return false;
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  return true;
}
