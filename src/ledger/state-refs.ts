/**
 * Where the ledger lives in a repository: one branch per tenant, `factoring-state/<tenant>`,
 * holding that tenant's state folder at its root (cursor.json, attention.json, status.json,
 * ledger/<yyyy-mm>.jsonl). The branches share no history with the code; only the workflows write
 * them, and no two tenants ever push to the same ref. Which branch a run was started from does
 * not matter: every run of a tenant reads and writes that tenant's one state branch, so a
 * dispatch from a feature branch and the next scheduled run see the same ledger.
 *
 * On a runner, `state/<tenant>` is a checkout of the tenant's branch (git/checkout.ts): a run
 * fetches its own tenant's tip only, and only the months it reads. The status site and the report
 * check out every tenant's whole tip (`--fetch-state`).
 */
import { execFileSync } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { TENANT_ID } from "../config/tenant-id.ts";
import { FactoringError } from "../shared/errors.ts";
import { authFromEnv, type GitAuth } from "./git/auth.ts";
import { checkoutState, listRemoteBranches } from "./git/checkout.ts";
import { GitCommitter, type CommitMessage, type StateCommitter, type StateWindow } from "./git.ts";
import { monthsToRead, readWindow } from "./store.ts";

export const STATE_BRANCH_PREFIX = "factoring-state/";

export function stateBranch(tenant: string): string {
  return `${STATE_BRANCH_PREFIX}${tenant}`;
}

/** The repository that holds the state branches, and how to authenticate to it. */
export interface StateRemote {
  url: string;
  auth?: GitAuth;
}

/**
 * FACTORING_STATE_REMOTE when set (tests, the benchmark, a partner's mirror); in Actions the
 * repository the workflow runs in; elsewhere the `origin` of the clone in `cwd`.
 */
export function stateRemoteFromEnv(env: NodeJS.ProcessEnv, cwd = process.cwd()): StateRemote {
  const auth = authFromEnv(env);
  if (env.FACTORING_STATE_REMOTE) return { url: env.FACTORING_STATE_REMOTE, auth };
  if (env.GITHUB_REPOSITORY)
    return {
      url: `${(env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "")}/${env.GITHUB_REPOSITORY}.git`,
      auth,
    };
  try {
    const url = execFileSync("git", ["remote", "get-url", "origin"], { cwd, encoding: "utf8", stdio: "pipe" }).trim();
    return { url, auth };
  } catch {
    throw new FactoringError(
      "no repository for the state branches: run inside a clone with an origin, or set FACTORING_STATE_REMOTE",
    );
  }
}

export interface TenantRefsOptions {
  stateDir: string;
  remote: StateRemote;
  /** A dry run: the state is checked out to be read, and recording anything is refused. */
  readOnly?: boolean;
  log?: (message: string) => void;
  /** For tests: GitCommitter's attempts, pause and sleep. */
  retry?: { maxAttempts?: number; backoffMs?: number; sleep?: (ms: number) => Promise<void> };
}

/**
 * The committer of runs in Actions (`--commit`): each tenant's changes are committed to the
 * tenant's own state branch, checked out into state/<tenant> by open() before the run reads it.
 * The write-ahead points are those of every committer: a change is pushed before the run goes
 * on, and a change that cannot be pushed fails the run with what a person needs to record it
 * (StateNotRecordedError).
 */
export class TenantRefsCommitter implements StateCommitter {
  private readonly committers = new Map<string, GitCommitter>();

  constructor(private readonly options: TenantRefsOptions) {}

  async open(tenant: string, window?: StateWindow): Promise<void> {
    if (!TENANT_ID.test(tenant)) throw new FactoringError(`"${tenant}" is not a tenant id; it has no state branch`);
    const dir = resolve(this.options.stateDir, tenant);
    const branch = stateBranch(tenant);
    await checkoutState({
      dir,
      url: this.options.remote.url,
      auth: this.options.remote.auth,
      branch,
      months: window
        ? ({ months, settled }) => monthsToRead(readWindow(window.today, window.lookBackDays), months, settled)
        : undefined,
    });
    this.committers.set(
      tenant,
      new GitCommitter({
        repoDir: dir,
        branch,
        statePaths: ["."],
        auth: this.options.remote.auth ?? null,
        log: this.options.log,
        ...this.options.retry,
      }),
    );
  }

  async record(message: CommitMessage, apply: () => Promise<string[]>): Promise<void> {
    if (this.options.readOnly)
      throw new FactoringError(`a dry run records nothing (${message.action} of ${message.tenant} was not written)`);
    if (!this.committers.has(message.tenant)) await this.open(message.tenant);
    // apply() names paths as the store does (under the state folder, maybe relative to the working directory).
    await this.committers.get(message.tenant)!.record(message, async () => (await apply()).map((p) => resolve(p)));
  }
}

/** The tenants that have a state branch on the remote. */
export async function listStateTenants(remote: StateRemote, cwd = process.cwd()): Promise<string[]> {
  const branches = await listRemoteBranches(cwd, remote.url, STATE_BRANCH_PREFIX, remote.auth);
  return branches.map((b) => b.slice(STATE_BRANCH_PREFIX.length)).filter((t) => TENANT_ID.test(t));
}

/**
 * Checks out the whole tip of each tenant's state branch into stateDir/<tenant> (the status site
 * and the report read history too): every tenant with a branch, or those named. A tenant without
 * a branch has no ledger yet. Returns the tenants checked out.
 */
export async function fetchStates(
  stateDir: string,
  remote: StateRemote,
  tenants?: readonly string[],
): Promise<string[]> {
  const ids = tenants ?? (await listStateTenants(remote));
  await mkdir(stateDir, { recursive: true });
  const found: string[] = [];
  for (const tenant of ids) {
    const there = await checkoutState({
      dir: resolve(stateDir, tenant),
      url: remote.url,
      auth: remote.auth,
      branch: stateBranch(tenant),
    });
    if (there) found.push(tenant);
  }
  return found;
}
