/**
 * The frame every command shares: load tenants, run each one isolated (its own lock, its own
 * try/catch, one log group), report per tenant (console, job summary, issues) and decide the
 * exit code. One tenant's failure never stops another's run.
 */
import { execFileSync } from "node:child_process";
import * as core from "@actions/core";
import { DateTime } from "luxon";
import { formatProblem } from "../config/problems.ts";
import { ReportingSchema, type Tenant } from "../config/schema.ts";
import { bridgeSecrets, SECRET_NAMES_VAR } from "../config/secretBridge.ts";
import { secretNamesOf } from "../config/secretNames.ts";
import { TENANT_ID } from "../config/tenantId.ts";
import { loadTenants } from "../config/validate.ts";
import { openDelivery } from "../deliver/index.ts";
import { FileOnlyCommitter, GitCommitter, StateNotRecordedError, type StateCommitter } from "../ledger/git.ts";
import { lockTenant } from "../ledger/lock.ts";
import { nextRunStatus, readRunStatus, sameRunStatus, writeRunStatus, type RunReport } from "../ledger/run-status.ts";
import { GitHubClient } from "../report/github/client.ts";
import { issueLinkMarkdown, publishIssues, runUrlOf, type IssueLink, type ReportedTenant } from "../report/publish.ts";
import { renderMarkdown, renderText } from "../report/render.ts";
import { forLog } from "../report/untrusted.ts";
import { baseResult, type Command, type TenantRunResult } from "../report/types.ts";
import { businessDate, DEFAULT_TIME_ZONE, parseNow } from "../shared/time.ts";
import { createVismaClient } from "../visma/client.ts";
import { consoleLogger, type Logger, type RunContext } from "./context.ts";
import { boundedNow } from "./nowBounds.ts";

export interface CommandOptions {
  tenant?: string;
  now?: string;
  dryRun: boolean;
  force: boolean;
  tenantsDir: string;
  stateDir: string;
  /** Commit and push ledger changes (Actions); otherwise files are only written. */
  commit: boolean;
  resolvePending?: "sent" | "not-sent";
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  /** The real current time (default: the system clock). The demo, tests and the benchmark pass the clock of their world. */
  clock?: () => DateTime;
  /** Injection points for tests, the demo and the benchmark. */
  openVisma?: RunContext["openVisma"];
  openDelivery?: RunContext["openDelivery"];
  committer?: StateCommitter;
  /** Publish GitHub issues; default: inside Actions with a token, and not on a dry run. */
  issues?: boolean;
}

export interface CommandOutcome {
  results: TenantRunResult[];
  exitCode: number;
}

export type TenantStep = (tenant: Tenant, ctx: RunContext) => Promise<TenantRunResult>;

export async function runCommand(command: Command, options: CommandOptions, step: TenantStep): Promise<CommandOutcome> {
  const env = options.env ?? process.env;
  const log = options.log ?? consoleLogger;
  const inActions = env.GITHUB_ACTIONS === "true";
  if (env[SECRET_NAMES_VAR] !== undefined) bridgeSecrets(env, { tenant: options.tenant });

  const real = options.clock?.() ?? DateTime.now();
  const requested = options.now ? parseNow(options.now) : real;
  const runUrl = runUrlOf(env);
  const committer = options.committer ?? (options.commit && !options.dryRun ? gitCommitter(env) : new FileOnlyCommitter());
  const github = (options.issues ?? (inActions && !!env.GITHUB_TOKEN)) && !options.dryRun
      ? new GitHubClient({ apiUrl: env.GITHUB_API_URL, repository: env.GITHUB_REPOSITORY, token: env.GITHUB_TOKEN })
      : undefined;

  const { tenants, failures } = await loadTenants(options.tenantsDir, options.tenant);
  // Before anything runs: a --now out of bounds is the operator's slip, refused as a whole.
  const now = boundedNow(requested, real, { arg: options.now || undefined, force: options.force, tenants });
  const results: TenantRunResult[] = [];
  /** Issues, log group and job summary of one tenant: the same for a broken file as for a run. */
  const report = async (tenant: ReportedTenant, result: TenantRunResult): Promise<IssueLink[]> => {
    let links: IssueLink[] = [];
    if (github) {
      links = await publishIssues(github, tenant, result, runUrl).catch((error: Error) => {
        log.warn(`${tenant.id}: could not update GitHub issues: ${error.message}`);
        return [];
      });
    }
    if (inActions) {
      core.startGroup(`${tenant.id}: ${result.status}`);
      log.info(renderText(result));
      core.endGroup();
      for (const f of result.findings) core.warning(forLog(`${tenant.id}: ${f.message}`), { title: `${tenant.id} ${f.kind}` });
      core.summary.addRaw(renderMarkdown(result, links.map(issueLinkMarkdown)), true);
    } else {
      log.info(renderText(result));
    }
    results.push(result);
    return links;
  };
  const status = { stateDir: options.stateDir, committer, log, runUrl, clock: () => options.clock?.() ?? DateTime.now() };

  // A broken file fails its own tenant, with the located messages, in its own issue; the others run.
  for (const f of failures) {
    const r = baseResult({ id: f.id, name: f.id }, command, businessDate(now, DEFAULT_TIME_ZONE));
    r.status = "failed";
    r.error = `the tenant file has errors (run npm run validate):\n${f.problems.map(formatProblem).join("\n")}`;
    r.message = "tenant file has errors";
    log.warn(r.error);
    const links = await report({ id: f.id, name: f.id, reporting: ReportingSchema.parse(undefined) }, r);
    // Its id comes from a file name that may break the tenant-id rule: no folder is made for such a name.
    if (!options.dryRun && TENANT_ID.test(f.id)) {
      const lock = await lockTenant(options.stateDir, f.id).catch(() => undefined);
      if (lock) await recordRunStatus(status, r, links, []).finally(() => lock.release());
    }
  }

  for (const tenant of tenants) {
    const ctx: RunContext = {
      now: now.setZone(tenant.timeZone),
      stateDir: options.stateDir,
      dryRun: options.dryRun,
      force: options.force,
      env,
      committer,
      log,
      openVisma: options.openVisma ?? ((t) => createVismaClient(t, env, clientOptions(env))),
      openDelivery: options.openDelivery ?? ((t) => openDelivery(t.delivery, env, { tenantFile: t.file })),
      resolvePending: options.resolvePending,
      runUrl,
    };
    await runIsolated(command, tenant, ctx, step, async (result, locked) => {
      const links = await report(tenant, result);
      // Under the tenant's lock, so two runs of one tenant never interleave their records.
      if (locked && !ctx.dryRun) await recordRunStatus(status, result, links, tenantSecrets(tenant, env));
    });
  }
  if (inActions && env.GITHUB_STEP_SUMMARY) await core.summary.write();
  const failed = results.filter((r) => r.status === "failed");
  if (failed.length > 0 && inActions) core.setFailed(`${command} failed for ${failed.map((r) => r.tenant).join(", ")}`);
  return { results, exitCode: failed.length > 0 ? 1 : 0 };
}

/** Runs the tenant's step under its lock and hands the result to `finish` before the lock is released. */
async function runIsolated(
  command: Command,
  tenant: Tenant,
  ctx: RunContext,
  step: TenantStep,
  finish: (result: TenantRunResult, locked: boolean) => Promise<void>,
): Promise<void> {
  let lock;
  let result: TenantRunResult;
  try {
    lock = ctx.dryRun ? undefined : await lockTenant(ctx.stateDir, tenant.id);
    result = await step(tenant, ctx);
  } catch (error) {
    result = baseResult(tenant, command, businessDate(ctx.now, tenant.timeZone));
    result.status = "failed";
    result.message = (error as Error).message;
    result.error = describeError(error);
  }
  try {
    await finish(result, lock !== undefined);
  } finally {
    await lock?.release();
  }
}

interface StatusRecording {
  stateDir: string;
  committer: StateCommitter;
  log: Logger;
  runUrl?: string;
  clock: () => DateTime;
}

/**
 * Updates state/<tenant>/status.json (ledger/run-status.ts) with how this run ended, when that
 * changed. Dry runs and skipped runs say nothing about the tenant's health and are not recorded.
 * A failure here is logged and never fails the run: the record is a report, not the books.
 */
async function recordRunStatus(rec: StatusRecording, result: TenantRunResult, links: IssueLink[], secrets: string[]): Promise<void> {
  if (result.status !== "ok" && result.status !== "nothing-to-do" && result.status !== "failed") return;
  const run: RunReport = {
    command: result.command,
    status: result.status,
    businessDate: result.businessDate,
    at: rec.clock().toISO()!,
    message: result.message,
    issueUrl: links.find((l) => l.failure)?.url,
    runUrl: rec.runUrl,
    secrets,
  };
  try {
    const current = await readRunStatus(rec.stateDir, result.tenant).catch(() => undefined);
    const next = nextRunStatus(current, result.tenant, run);
    if (sameRunStatus(current, next)) return;
    await rec.committer.record(
      { tenant: result.tenant, businessDate: result.businessDate, action: `run-status ${result.command} ${result.status}`, counts: {}, runUrl: rec.runUrl },
      // Re-read: in Actions the committer may apply this on a newer tip.
      async () => {
        const again = await readRunStatus(rec.stateDir, result.tenant).catch(() => undefined);
        return writeRunStatus(rec.stateDir, nextRunStatus(again, result.tenant, run));
      },
    );
  } catch (error) {
    rec.log.warn(`${result.tenant}: the run status was not recorded: ${(error as Error).message}`);
  }
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
  if (!/^\d+$/.test(raw)) throw new Error(`FACTORING_VISMA_TIMEOUT_MS must be milliseconds (digits), got ${JSON.stringify(raw)}`);
  return { timeoutMs: Number(raw) };
}

function gitCommitter(env: NodeJS.ProcessEnv): GitCommitter {
  const branch = env.GITHUB_REF_NAME || execFileSync("git", ["rev-parse", "--abbrev-ref", "HEAD"], { encoding: "utf8" }).trim();
  return new GitCommitter({ repoDir: process.cwd(), branch });
}
