/**
 * What a tenant's run needs from the outside world, passed in so tests, the demo and the
 * benchmark run the same code against the sandbox with a controlled clock.
 */
import type { DateTime } from "luxon";
import type { Tenant } from "../config/schema.ts";
import type { Delivery } from "../deliver/index.ts";
import type { StateCommitter } from "../ledger/git.ts";
import { logLines } from "../shared/untrusted.ts";
import type { RunReader } from "./reader.ts";

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface RunContext {
  now: DateTime;
  stateDir: string;
  dryRun: boolean;
  /** Run even outside the transfer window (judged against `now`) / when today's transfer already happened. */
  force: boolean;
  env: NodeJS.ProcessEnv;
  committer: StateCommitter;
  log: Logger;
  /** The run's one Visma.net reader (run/reader.ts): opened on first use, remembers what it read. */
  visma: RunReader;
  openDelivery(tenant: Tenant): Promise<Delivery>;
  /**
   * Runs one phase of the tenant's run. Inside GitHub Actions it is a log group named after the
   * tenant and the phase, so a run reads as its phases and what is logged meanwhile lands in it.
   */
  phase<T>(name: string, work: () => Promise<T> | T): Promise<T>;
  /** A human's decision on a pending batch whose files the server check could not confirm. */
  resolvePending?: "sent" | "not-sent";
  runUrl?: string;
  /** The real clock (never --now): what the deadline is measured on. */
  clock: () => DateTime;
  /** When the job must be done by (run/deadline.ts), on the real clock; none outside Actions unless given. */
  deadline?: DateTime;
}

/** Milliseconds left until the run's deadline on the real clock (never below 0); Infinity without one. */
export function timeLeftMs(ctx: Pick<RunContext, "clock" | "deadline">): number {
  if (!ctx.deadline) return Infinity;
  return Math.max(0, ctx.deadline.toMillis() - ctx.clock().toMillis());
}

/**
 * The process's log. In Actions every line of stdout and stderr is read for workflow commands,
 * and messages quote Visma.net and the factor, so each line goes through logLines (the product's
 * own commands go through @actions/core, which escapes its data).
 */
export const consoleLogger: Logger = {
  info: (m) => void process.stdout.write(`${logLines(m)}\n`),
  warn: (m) => void process.stderr.write(`${logLines(`warning: ${m}`)}\n`),
};

/** The link to the Actions run the environment describes (ledger commits and issue comments carry it); none outside Actions. */
export function runUrlOf(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.GITHUB_RUN_ID || !env.GITHUB_REPOSITORY) return undefined;
  return `${env.GITHUB_SERVER_URL ?? "https://github.com"}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
}
