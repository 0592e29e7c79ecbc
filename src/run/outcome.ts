/**
 * How a tenant's run ends, and the finishing helpers transfer and close share. A phase that
 * meets a definite end (outside the window, throttled, nothing due) throws `RunEnd` with its
 * outcome; the orchestrator's `conclude` catches it, and the result is assembled from the values
 * the phases returned before it.
 */
import { FactoringError } from "../shared/errors.ts";
import type { TenantRunResult } from "./result.ts";
import type { RunText } from "./says.ts";

export type RunStatus = TenantRunResult["status"];

export interface Outcome {
  status: RunStatus;
  /** What the run did, or why it stopped: one sentence each, as data (run/says.ts). */
  says: RunText[];
  /** Set when the run failed on an error: its own text, for the failure issue. */
  error?: string;
  /**
   * The run was refused on an expected condition a person must act on (e.g. a transfer run by
   * hand outside its window): not a failure of the tenant, but the command ends with exit 1.
   */
  refused?: boolean;
}

export const ok = (...said: RunText[]): Outcome => ({ status: "ok", says: said });
export const nothingToDo = (...said: RunText[]): Outcome => ({ status: "nothing-to-do", says: said });
export const skipped = (...said: RunText[]): Outcome => ({ status: "skipped", says: said });
export const dryRun = (...said: RunText[]): Outcome => ({ status: "dry-run", says: said });
export const failed = (...said: RunText[]): Outcome => ({ status: "failed", says: said });

/** A phase's definite end of the run: caught by `conclude`, never reported as an error. */
export class RunEnd extends FactoringError {
  constructor(readonly outcome: Outcome) {
    super(outcome.says.map((s) => s.code).join(", "));
  }
}

/** Runs the phases; a RunEnd thrown by one of them is its outcome ("stopped"), any other error propagates. */
export async function conclude(phases: () => Promise<Outcome>): Promise<{ outcome: Outcome; stopped: boolean }> {
  try {
    return { outcome: await phases(), stopped: false };
  } catch (error) {
    if (error instanceof RunEnd) return { outcome: error.outcome, stopped: true };
    throw error;
  }
}

/** The result with the outcome applied. */
export function finish(result: TenantRunResult, outcome: Outcome): TenantRunResult {
  return {
    ...result,
    status: outcome.status,
    says: outcome.says,
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
    ...(outcome.refused ? { refused: true as const } : {}),
  };
}

/** A failure appended to an outcome (a mismatch found after the run's own work): failed, both sayings kept. */
export function alsoFailed(result: TenantRunResult, said: RunText): TenantRunResult {
  return { ...result, status: "failed", says: [...result.says, said] };
}
