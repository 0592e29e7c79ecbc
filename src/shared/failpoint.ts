/**
 * Crash points for the fault-injection suite: with FACTORING_FAILPOINT=<name> the process
 * kills itself (SIGKILL, no cleanup, like a cancelled runner) when it reaches that step.
 * Product behaviour is unchanged when the variable is not set.
 */
export type FailpointName =
  | "transfer:after-selection"
  | "transfer:after-pending"
  | "transfer:after-upload"
  | "transfer:after-ledger"
  | "close:after-create"
  | "close:after-release"
  | "close:after-ledger";

export function failpoint(name: FailpointName): void {
  if (process.env.FACTORING_FAILPOINT === name) {
    process.kill(process.pid, "SIGKILL");
  }
}
