/**
 * The frame every tenant command shares: load the tenants, bound --now, run each tenant isolated
 * (its own lock, its own try/catch), hand each result to the reporter, record how the run ended
 * (state/<tenant>/status.json, run/status.ts), and decide the exit code.
 * One tenant's failure never stops another's run. A broken tenant file fails its own tenant, with
 * the located messages; the others run.
 */
import * as core from "@actions/core";
import { DateTime } from "luxon";
import { formatProblem } from "../config/problems.ts";
import { ReportingSchema, type Tenant } from "../config/schema.ts";
import { bridgeSecrets, SECRET_NAMES_VAR } from "../config/secret-bridge.ts";
import { secretNamesOf } from "../config/secret-names.ts";
import { TENANT_ID } from "../config/tenant-id.ts";
import { loadTenants } from "../config/validate.ts";
import { openDelivery } from "../deliver/index.ts";
import { FileOnlyCommitter, StateNotRecordedError, type StateCommitter } from "../ledger/git.ts";
import { lockTenant, type TenantLock } from "../ledger/lock.ts";
import type { Language } from "../shared/language.ts";
import { stateRemoteFromEnv, TenantRefsCommitter } from "../ledger/state-refs.ts";
import { businessDate, DEFAULT_TIME_ZONE, parseNow } from "../shared/time.ts";
import { createVismaClient, type VismaApi } from "../visma/index.ts";
import { consoleLogger, runUrlOf, timeLeftMs, type Logger, type RunContext } from "./context.ts";
import { guardBranch } from "./branch-guard.ts";
import { deadlineFrom } from "./deadline.ts";
import { boundedNow } from "./now-bounds.ts";
import { RunReader } from "./reader.ts";
import { baseResult, type Command, type ReportedTenant, type TenantRunResult } from "./result.ts";
import { says } from "./says.ts";
import { recordRunStatus } from "./status.ts";

export interface CommandOptions {
  tenant?: string;
  now?: string;
  dryRun: boolean;
  force: boolean;
  tenantsDir: string;
  stateDir: string;
  /**
   * The state lives on the tenants' state branches (Actions): each tenant's is checked out before
   * its run and its changes are pushed there (a dry run only reads it). Otherwise the files under
   * stateDir are the state.
   */
  commit: boolean;
  resolvePending?: "sent" | "not-sent";
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  /** The real current time (default: the system clock). The demo, tests and the benchmark pass the clock of their world. */
  clock?: () => DateTime;
  /** Injection points for tests, the demo and the benchmark. `log` takes the client's own lines (retries, new tokens, pacing). */
  openVisma?: (tenant: Tenant, log: (message: string) => void) => VismaApi;
  openDelivery?: RunContext["openDelivery"];
  committer?: StateCommitter;
  /** Publish GitHub issues; default: inside Actions with a token, and not on a dry run. */
  issues?: boolean;
  /** Report in this language whatever the tenants' reporting.language says (the demo's --language). */
  language?: Language;
  /** When the job must be done by: --deadline / FACTORING_JOB_DEADLINE (run/deadline.ts), checked by the command's parse. */
  deadline?: string;
}

export interface CommandOutcome {
  results: TenantRunResult[];
  exitCode: number;
}

export type TenantStep = (tenant: Tenant, ctx: RunContext) => Promise<TenantRunResult>;

/** A step that takes what the tenant's run produced so far: the day's reconciliation, the watch list. */
export type FollowUp = (tenant: Tenant, ctx: RunContext, result: TenantRunResult) => Promise<TenantRunResult>;

/** `step`, then each follow-up on its result, in order. */
export function followedBy(step: TenantStep, ...followUps: FollowUp[]): TenantStep {
  return async (tenant, ctx) => {
    let result = await step(tenant, ctx);
    for (const next of followUps) result = await next(tenant, ctx, result);
    return result;
  };
}

/** What the report of a tenant's result produced that the run frame records. */
export interface Reported {
  /** The tenant's failure issue the report opened or commented on (failed runs, with issues on). */
  failureIssueUrl?: string;
}

/** Where each tenant's result goes (console, log group, job summary, issues: see report/job.ts). */
export interface TenantReporter {
  tenant(tenant: ReportedTenant, result: TenantRunResult): Promise<Reported>;
  /** After every tenant ran: e.g. write the job summary and mark the step failed. */
  finish(command: Command, results: readonly TenantRunResult[]): Promise<void>;
}

export async function runTenants(
  command: Command,
  options: CommandOptions,
  step: TenantStep,
  reporter: TenantReporter,
): Promise<CommandOutcome> {
  const env = options.env ?? process.env;
  const log = options.log ?? consoleLogger;
  if (env[SECRET_NAMES_VAR] !== undefined) bridgeSecrets(env, { tenant: options.tenant });

  // Before anything runs: only the default branch's reviewed code may send and record (issue 13 §1).
  guardBranch(env, options);
  const real = options.clock?.() ?? DateTime.now();
  const requested = options.now ? parseNow(options.now) : real;
  const committer =
    options.committer ??
    (options.commit
      ? new TenantRefsCommitter({
          stateDir: options.stateDir,
          remote: stateRemoteFromEnv(env),
          readOnly: options.dryRun,
          log: (m) => log.warn(m),
        })
      : new FileOnlyCommitter());
  const { tenants, failures } = await loadTenants(options.tenantsDir, options.tenant);
  // Before anything runs: a --now out of bounds is the operator's slip, refused as a whole.
  const now = boundedNow(requested, real, { arg: options.now || undefined, force: options.force, tenants });
  const runUrl = runUrlOf(env);
  /** The real time of a run, for its status record and its deadline (whatever --now said). */
  const clock = () => options.clock?.() ?? DateTime.now();
  const deadline = options.deadline ? deadlineFrom(options.deadline, real, "the deadline") : undefined;
  const results: TenantRunResult[] = [];

  for (const f of failures) {
    const r = baseResult({ id: f.id, name: f.id }, command, businessDate(now, DEFAULT_TIME_ZONE));
    r.status = "failed";
    r.error = `the tenant file has errors (run npm run validate):\n${f.problems.map(formatProblem).join("\n")}`;
    r.says = [says("tenant-file-errors", {})];
    log.warn(r.error);
    const reported = await reporter.tenant(
      { id: f.id, name: f.id, reporting: ReportingSchema.parse(undefined), timeZone: DEFAULT_TIME_ZONE },
      r,
    );
    results.push(r);
    // Its id comes from a file name that may break the tenant-id rule: no folder is made for such a name.
    if (!options.dryRun && TENANT_ID.test(f.id)) {
      const lock = await lockTenant(options.stateDir, f.id).catch(() => undefined);
      const recorder = { stateDir: options.stateDir, committer, log, runUrl, clock };
      if (lock) await recordRunStatus(recorder, r, reported, []).finally(() => lock.release());
    }
  }

  const openVisma =
    options.openVisma ??
    ((t: Tenant, clientLog: (m: string) => void) =>
      createVismaClient(t, env, { ...clientOptions(env), log: clientLog }));
  const inActions = env.GITHUB_ACTIONS === "true";
  for (const tenant of tenants) {
    const open = (t: Tenant) => {
      const client = openVisma(t, (m) => log.info(`${t.id}: Visma.net: ${m}`));
      // The client never waits for a throttle or the pacing past the job's deadline.
      if (deadline) client.limitWaits?.(timeLeftMs({ clock, deadline }));
      return client;
    };
    const ctx: RunContext = {
      now: now.setZone(tenant.timeZone),
      stateDir: options.stateDir,
      dryRun: options.dryRun,
      force: options.force,
      env,
      committer,
      log,
      visma: new RunReader(() => open(tenant)),
      openDelivery: options.openDelivery ?? ((t) => openDelivery(t.delivery, env, { tenantFile: t.file })),
      phase: (name, work) =>
        inActions ? core.group(`${tenant.id}: ${name}`, async () => work()) : Promise.resolve().then(work),
      resolvePending: options.resolvePending,
      runUrl,
      clock,
      ...(deadline ? { deadline } : {}),
    };
    results.push(await runIsolated(command, tenant, ctx, step, reporter, clock));
  }
  await reporter.finish(command, results);
  return { results, exitCode: results.some((r) => r.status === "failed" || r.refused) ? 1 : 0 };
}

/**
 * One tenant's run under its lock: the step (any error is the tenant's failed result), the
 * report, and the run-status record. The lock is held until the record is written, so two runs
 * of one tenant never interleave their records, and the record names the failure issue the
 * report opened.
 */
async function runIsolated(
  command: Command,
  tenant: Tenant,
  ctx: RunContext,
  step: TenantStep,
  reporter: TenantReporter,
  clock: () => DateTime,
): Promise<TenantRunResult> {
  let lock: TenantLock | undefined;
  let result: TenantRunResult;
  try {
    lock = ctx.dryRun ? undefined : await lockTenant(ctx.stateDir, tenant.id);
    // The tenant's state as its branch holds it, the months this run reads (a checkout in Actions).
    await ctx.committer.open?.(tenant.id, {
      today: businessDate(ctx.now, tenant.timeZone),
      lookBackDays: tenant.selection.maxInvoiceAgeDays,
    });
    result = await step(tenant, ctx);
    if (ctx.visma.opened) result = { ...result, apiRequests: ctx.visma.stats.requests };
  } catch (error) {
    result = baseResult(tenant, command, businessDate(ctx.now, tenant.timeZone));
    result.status = "failed";
    result.says = [says("error", { text: error instanceof Error ? error.message : String(error) })];
    result.error = describeError(error);
    // The run's summary says what went wrong in a line; DEBUG=1 adds where.
    if (ctx.env.DEBUG === "1" && error instanceof Error && error.stack) ctx.log.warn(error.stack);
  }
  try {
    const reported = await reporter.tenant(tenant, result);
    // Through ctx.committer, like every other state write of the run.
    if (lock) await recordRunStatus({ ...ctx, clock }, result, reported, tenantSecrets(tenant, ctx.env));
  } finally {
    await lock?.release();
  }
  return result;
}

/** The values of the tenant's secrets as this run has them: masked in anything recorded. */
function tenantSecrets(tenant: Tenant, env: NodeJS.ProcessEnv): string[] {
  return secretNamesOf(tenant).flatMap((name) => (env[name] ? [env[name]] : []));
}

function describeError(error: unknown): string {
  if (error instanceof StateNotRecordedError) {
    const files = error.files.map((f) => `--- ${f.path}\n${f.content ?? "(deleted)"}`).join("\n");
    return `${error.message}\n\n${files}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** FACTORING_VISMA_TIMEOUT_MS shortens the per-request timeout (the fault suite uses it). */
function clientOptions(env: NodeJS.ProcessEnv): { timeoutMs?: number } {
  const raw = env.FACTORING_VISMA_TIMEOUT_MS;
  if (raw === undefined || raw === "") return {};
  if (!/^\d+$/.test(raw))
    throw new Error(`FACTORING_VISMA_TIMEOUT_MS must be milliseconds (digits), got ${JSON.stringify(raw)}`);
  return { timeoutMs: Number(raw) };
}
