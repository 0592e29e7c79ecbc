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
import { bridgeSecrets, SECRET_NAMES_VAR } from "../config/secret-bridge.ts";
import { loadTenants } from "../config/validate.ts";
import { openDelivery } from "../deliver/index.ts";
import { FileOnlyCommitter, GitCommitter, StateNotRecordedError, type StateCommitter } from "../ledger/git.ts";
import { lockTenant } from "../ledger/lock.ts";
import { GitHubClient } from "../report/github/client.ts";
import { publishIssues, runUrlOf, type ReportedTenant } from "../report/publish.ts";
import { renderMarkdown, renderText } from "../report/render.ts";
import { forLog } from "../shared/untrusted.ts";
import { baseResult, type Command, type TenantRunResult } from "./result.ts";
import { businessDate, DEFAULT_TIME_ZONE, parseNow } from "../shared/time.ts";
import { createVismaClient } from "../visma/client.ts";
import { consoleLogger, type Logger, type RunContext } from "./context.ts";
import { boundedNow } from "./now-bounds.ts";

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
  const report = async (tenant: ReportedTenant, result: TenantRunResult): Promise<void> => {
    let links: string[] = [];
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
      core.summary.addRaw(renderMarkdown(result, links), true);
    } else {
      log.info(renderText(result));
    }
    results.push(result);
  };

  // A broken file fails its own tenant, with the located messages, in its own issue; the others run.
  for (const f of failures) {
    const r = baseResult({ id: f.id, name: f.id }, command, businessDate(now, DEFAULT_TIME_ZONE));
    r.status = "failed";
    r.error = `the tenant file has errors (run npm run validate):\n${f.problems.map(formatProblem).join("\n")}`;
    r.message = "tenant file has errors";
    log.warn(r.error);
    await report({ id: f.id, name: f.id, reporting: ReportingSchema.parse(undefined) }, r);
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
    await report(tenant, await runIsolated(command, tenant, ctx, step));
  }
  if (inActions && env.GITHUB_STEP_SUMMARY) await core.summary.write();
  const failed = results.filter((r) => r.status === "failed");
  if (failed.length > 0 && inActions) core.setFailed(`${command} failed for ${failed.map((r) => r.tenant).join(", ")}`);
  return { results, exitCode: failed.length > 0 ? 1 : 0 };
}

async function runIsolated(command: Command, tenant: Tenant, ctx: RunContext, step: TenantStep): Promise<TenantRunResult> {
  let lock;
  try {
    lock = ctx.dryRun ? undefined : await lockTenant(ctx.stateDir, tenant.id);
    return await step(tenant, ctx);
  } catch (error) {
    const r = baseResult(tenant, command, businessDate(ctx.now, tenant.timeZone));
    r.status = "failed";
    r.message = (error as Error).message;
    r.error = describeError(error);
    return r;
  } finally {
    await lock?.release();
  }
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
