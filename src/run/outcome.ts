/**
 * How a tenant's run ends, and the finishing helpers transfer and close share. A phase that
 * meets a definite end (outside the window, throttled, nothing due) throws `RunEnd` with its
 * outcome; the orchestrator's `conclude` catches it, and the result is assembled from the values
 * the phases returned before it.
 */
import { FactoringError } from "../shared/errors.ts";
import type { TenantRunResult } from "./result.ts";

export type RunStatus = TenantRunResult["status"];

export interface Outcome {
  status: RunStatus;
  /** One line on what the run did, or why it stopped. */
  message: string;
  /** Set when the run failed: what a person reads in the failure issue. */
  error?: string;
}

export const ok = (message: string): Outcome => ({ status: "ok", message });
export const nothingToDo = (message: string): Outcome => ({ status: "nothing-to-do", message });
export const skipped = (message: string): Outcome => ({ status: "skipped", message });
export const dryRun = (message: string): Outcome => ({ status: "dry-run", message });
export const failed = (message: string, error = message): Outcome => ({ status: "failed", message, error });

/** A phase's definite end of the run: caught by `conclude`, never reported as an error. */
export class RunEnd extends FactoringError {
  constructor(readonly outcome: Outcome) {
    super(outcome.message);
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
    message: outcome.message,
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
  };
}

/** A failure appended to an outcome (a mismatch found after the run's own work): failed, both messages kept. */
export function alsoFailed(result: TenantRunResult, message: string, error: string): TenantRunResult {
  return {
    ...result,
    status: "failed",
    message: [result.message, message].filter(Boolean).join("; "),
    error: [result.error, error].filter(Boolean).join("\n"),
  };
}
