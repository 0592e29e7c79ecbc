/**
 * The job's deadline: when a run must be done, because GitHub Actions kills the job at its
 * `timeout-minutes` and a killed run leaves its work for the next slot anyway, only less tidily.
 * Given by `--deadline` or FACTORING_JOB_DEADLINE (set a few minutes inside the job's timeout): an
 * ISO-8601 instant with its offset ("2026-11-27T16:05:00+01:00"), or a span from the command's
 * start ("27m", "90s", "1h", "PT27M"). Measured on the real clock, never on --now.
 *
 * Within it: the Visma.net client never waits (a throttle's Retry-After, the rate-limit pacing)
 * past it, the closing posts only what the rate budget and the time left allow, and what does
 * not fit is left for the next slot and said so.
 */
import { DateTime, Duration } from "luxon";
import { FactoringError } from "../shared/errors.ts";

export const DEADLINE_VAR = "FACTORING_JOB_DEADLINE";

/** A deadline that is neither an instant with an offset nor a span. */
export class DeadlineError extends FactoringError {}

const SPAN = /^(\d+)(s|m|h)$/;
const UNIT = { s: "seconds", m: "minutes", h: "hours" } as const;

/** Checks the text (for the flag's parse); `source` names where it came from. Throws DeadlineError. */
export function checkDeadline(text: string, source: string): void {
  deadlineFrom(text, DateTime.fromMillis(0), source);
}

/** The deadline `text` names, a span counted from `started`. Throws DeadlineError naming `source`. */
export function deadlineFrom(text: string, started: DateTime, source: string): DateTime {
  const trimmed = text.trim();
  const span = SPAN.exec(trimmed);
  if (span) return started.plus({ [UNIT[span[2] as keyof typeof UNIT]]: Number(span[1]) });
  if (/^P/i.test(trimmed)) {
    const iso = Duration.fromISO(trimmed.toUpperCase());
    if (iso.isValid && iso.as("milliseconds") > 0) return started.plus(iso);
  } else if (/(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)) {
    const instant = DateTime.fromISO(trimmed, { setZone: true });
    if (instant.isValid) return instant;
  }
  throw new DeadlineError(
    `${source} ${JSON.stringify(text)} is not a deadline: give an instant with its offset (2026-11-27T16:05:00+01:00) or a span from the start ("27m", "90s", "1h")`,
  );
}
