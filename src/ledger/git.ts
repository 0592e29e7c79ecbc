/**
 * Recording ledger changes: locally by just writing the files, in Actions by committing and pushing
 * them with real git (one branch per tenant: ledger/state-refs.ts).
 *
 * Concurrency model: each tenant's state has a branch of its own that only that tenant's runs
 * write, and the workflows never run two jobs of one tenant at once, so a push is rejected only
 * when something else wrote the branch meanwhile (a person, a run outside the workflows). We then
 * do NOT rebase (a textual merge is how ledger entries get lost); we go back to the remote tip,
 * let `apply()` re-read the files there and re-apply its change (for the append-only month logs:
 * append again), and push again (benchmark-action/github-action-benchmark's "retry by
 * regenerating").
 */
import { readFileSync, existsSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { authEnv, authFromEnv, type GitAuth } from "./git/auth.ts";
import { formatCommitMessage, type CommitMessage } from "./git/message.ts";
import { git, gitOk } from "./git/run.ts";
import { backoffDelay } from "../shared/backoff.ts";
import { FactoringError } from "../shared/errors.ts";

export type { CommitMessage } from "./git/message.ts";
export { parseCommitMessage } from "./git/message.ts";

/** The months a run reads (ledger/store.ts readWindow): a state checkout brings at least these. */
export interface StateWindow {
  /** The run's business date (yyyy-MM-dd) in the tenant's zone. */
  today: string;
  /** The tenant's selection.maxInvoiceAgeDays. */
  lookBackDays: number;
}

export interface StateCommitter {
  /**
   * Makes the tenant's state present under the state dir before its run reads it (a checkout of
   * the tenant's state branch); nothing to do when the files on disk are the state.
   */
  open?(tenant: string, window?: StateWindow): Promise<void>;
  /** Applies `apply` (which (re)writes files under the state dir, re-reading them first, and returns the paths it wrote) and records the result. */
  record(message: CommitMessage, apply: () => Promise<string[]>): Promise<void>;
}

/** Local runs and the demo: the files on disk are the record. */
export class FileOnlyCommitter implements StateCommitter {
  async record(_message: CommitMessage, apply: () => Promise<string[]>): Promise<void> {
    await apply();
  }
}

export interface RecordedFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  /** Content as last written by apply(); null when the file was deleted. */
  content: string | null;
}

/**
 * The change could not be pushed. It carries what a human needs to record it by hand (the commit
 * message and each file's content); the runner puts them into the failure issue.
 */
export class StateNotRecordedError extends FactoringError {
  readonly commitMessage: string;
  readonly files: RecordedFile[];
  readonly attempts: number;
  readonly reason: string;
  constructor(init: {
    commitMessage: string;
    files: RecordedFile[];
    attempts: number;
    reason: string;
    branch: string;
  }) {
    const names = init.files.map((f) => f.path).join(", ") || "(no files)";
    super(
      `The ledger change could not be pushed to branch "${init.branch}" after ${init.attempts} attempt(s): ${init.reason}. ` +
        `Not recorded: ${names}. Commit these files by hand (contents attached) before the next run, ` +
        `otherwise the next run will not know about this change.`,
    );
    this.commitMessage = init.commitMessage;
    this.files = init.files;
    this.attempts = init.attempts;
    this.reason = init.reason;
  }
}

export interface GitCommitterOptions {
  repoDir: string;
  /** Remote name; default "origin". */
  remote?: string;
  branch: string;
  /** Push attempts before giving up; default 5. */
  maxAttempts?: number;
  identity?: { name: string; email: string };
  sleep?: (ms: number) => Promise<void>;
  /**
   * Paths (relative to repoDir) that belong to the ledger and are reset to the remote tip before
   * each attempt; default ["state"]; "." when the repository is the state (a tenant's state
   * branch). Files outside them are never touched.
   */
  statePaths?: string[];
  /** Fetch/push auth; omitted = from GITHUB_TOKEN/GITHUB_SERVER_URL when set; null = none. */
  auth?: GitAuth | null;
  /** Least pause before a retry in ms (shared/backoff.ts, capped at 15 s); default 1000. */
  backoffMs?: number;
  /** Says when a push was rejected and is retried (the fleet benchmark counts these lines). */
  log?: (message: string) => void;
}

/** The line `log` gets for a rejected push that is retried. */
export const PUSH_REJECTED = "state push rejected";

const BOT = { name: "github-actions[bot]", email: "41898282+github-actions[bot]@users.noreply.github.com" };

/** How a push ended: pushed, lost a race (retry), or failed for a reason retrying will not fix. */
type PushOutcome = { kind: "pushed" } | { kind: "rejected"; detail: string } | { kind: "failed"; detail: string };

export class GitCommitter implements StateCommitter {
  private readonly repoDir: string;
  private readonly remote: string;
  private readonly branch: string;
  private readonly maxAttempts: number;
  private readonly identity: { name: string; email: string };
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly statePaths: string[];
  private readonly auth: GitAuth | undefined;
  private readonly backoffMs: number;
  private readonly log: (message: string) => void;

  constructor(options: GitCommitterOptions) {
    this.repoDir = resolve(options.repoDir);
    this.remote = options.remote ?? "origin";
    this.branch = options.branch;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.identity = options.identity ?? BOT;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.statePaths = (options.statePaths ?? ["state"]).map((p) => this.toRepoPath(p, { root: true }));
    this.auth = options.auth === undefined ? authFromEnv() : (options.auth ?? undefined);
    this.backoffMs = options.backoffMs ?? 1000;
    this.log = options.log ?? (() => {});
    if (!/^[A-Za-z0-9._/-]+$/.test(this.branch) || this.branch.startsWith("-")) {
      throw new Error(
        `GitCommitter: "${this.branch}" is not a branch name this tool accepts (letters, digits, . _ / -)`,
      );
    }
  }

  async record(message: CommitMessage, apply: () => Promise<string[]>): Promise<void> {
    const text = formatCommitMessage(message);
    let written: string[] = [];
    let reason = "no attempt was made";
    let attempt = 0;
    while (attempt < this.maxAttempts) {
      attempt++;
      if (attempt > 1) await this.sleep(backoffDelay(attempt - 1, { baseMs: this.backoffMs, maxMs: 15_000 }));

      const fetched = await this.fetch();
      if (!fetched.ok) {
        reason = fetched.detail;
        continue; // a network blip heals; bounded by maxAttempts
      }
      if (fetched.missing) await this.startEmpty();
      else await this.moveToRemoteTip();

      written = (await apply()).map((p) => this.toRepoPath(p));
      if (written.length === 0) return;
      await this.stage(written);
      if ((await git(["diff", "--cached", "--quiet", "--", ...written], { cwd: this.repoDir })).status === 0) {
        return; // nothing changed: nothing to record (not an error, unlike `git commit` alone)
      }
      await this.commit(text);

      const pushed = await this.push();
      if (pushed.kind === "pushed") return;
      reason = pushed.detail;
      if (pushed.kind === "failed") break;
      if (attempt < this.maxAttempts)
        this.log(
          `${PUSH_REJECTED} (${this.branch}, attempt ${attempt} of ${this.maxAttempts}): ${reason}; re-reading and retrying`,
        );
    }
    throw new StateNotRecordedError({
      commitMessage: text,
      files: this.snapshot(written),
      attempts: attempt,
      reason,
      branch: this.branch,
    });
  }

  /** Fetches the branch into the remote-tracking ref; `missing` when the remote has no such branch yet. */
  private async fetch(): Promise<{ ok: true; missing: boolean } | { ok: false; detail: string }> {
    const refspec = `+refs/heads/${this.branch}:refs/remotes/${this.remote}/${this.branch}`;
    const result = await git(["fetch", "--quiet", "--no-tags", "--", this.remote, refspec], {
      cwd: this.repoDir,
      env: authEnv(this.auth),
    });
    if (result.status === 0) return { ok: true, missing: false };
    // A tenant's first run: its state branch does not exist until this push creates it.
    if (/couldn't find remote ref/i.test(result.stderr)) return { ok: true, missing: true };
    return { ok: false, detail: `git fetch failed: ${result.stderr.trim()}` };
  }

  /**
   * The remote has no such branch: start it empty (an unborn branch, an empty index, no state
   * files), dropping a commit of an earlier attempt whose push did not land. Ignored files (the
   * tenant lock) stay.
   */
  private async startEmpty(): Promise<void> {
    await gitOk(["symbolic-ref", "HEAD", `refs/heads/${this.branch}`], { cwd: this.repoDir });
    await git(["update-ref", "-d", `refs/heads/${this.branch}`], { cwd: this.repoDir });
    await gitOk(["read-tree", "--empty"], { cwd: this.repoDir });
    await gitOk(["clean", "--force", "-d", "--quiet", "--", ...this.statePaths], { cwd: this.repoDir });
  }

  /**
   * Makes the local branch, the index and the state paths equal to the remote tip, leaving every
   * other work-tree file alone:
   * 1. `symbolic-ref` puts HEAD on the branch if the checkout was detached (no file changes).
   * 2. `reset --mixed <remote>/<branch>` moves the branch and rebuilds the index from the remote
   *    tree but keeps the work tree. A local commit from a lost race is dropped from history (its
   *    change is regenerated below), and files changed by others upstream are not staged
   *    backwards: the index is theirs, we only `add` our own paths. (`--soft` would keep the old
   *    index, and the next commit would silently revert other people's changes.)
   * 3. `checkout <remote>/<branch> -- <statePaths>` makes the ledger files on disk the remote ones,
   *    so apply() re-reads the truth, not our rejected attempt.
   * 4. `clean` removes untracked files under the state paths only (e.g. a new partition our
   *    rejected attempt created), for the same reason. Ignored files and other folders stay.
   */
  private async moveToRemoteTip(): Promise<void> {
    const tip = `refs/remotes/${this.remote}/${this.branch}`;
    const head = (await git(["symbolic-ref", "-q", "HEAD"], { cwd: this.repoDir })).stdout.trim();
    if (head !== `refs/heads/${this.branch}`) {
      await gitOk(["update-ref", `refs/heads/${this.branch}`, tip], { cwd: this.repoDir });
      await gitOk(["symbolic-ref", "HEAD", `refs/heads/${this.branch}`], { cwd: this.repoDir });
    }
    await gitOk(["reset", "--mixed", "--quiet", tip], { cwd: this.repoDir });
    const tracked: string[] = [];
    for (const p of this.statePaths) {
      if ((await gitOk(["ls-tree", "--name-only", tip, "--", p], { cwd: this.repoDir })).trim() !== "") tracked.push(p);
    }
    if (tracked.length > 0) await gitOk(["checkout", tip, "--", ...tracked], { cwd: this.repoDir });
    await gitOk(["clean", "--force", "-d", "--quiet", "--", ...this.statePaths], { cwd: this.repoDir });
  }

  /** Stages written files; a path apply() deleted is removed from the index (or ignored if never tracked). */
  private async stage(paths: string[]): Promise<void> {
    const present = paths.filter((p) => existsSync(resolve(this.repoDir, p)));
    const gone = paths.filter((p) => !present.includes(p));
    if (present.length > 0) await gitOk(["add", "--all", "--", ...present], { cwd: this.repoDir });
    if (gone.length > 0)
      await gitOk(["rm", "--cached", "--quiet", "--ignore-unmatch", "-r", "--", ...gone], { cwd: this.repoDir });
  }

  private async commit(text: string): Promise<void> {
    await gitOk(
      [
        "-c",
        `user.name=${this.identity.name}`,
        "-c",
        `user.email=${this.identity.email}`,
        "-c",
        "commit.gpgsign=false",
        // Hooks are for humans' commits; the bot commits generated ledger files only.
        "commit",
        "--no-verify",
        "--quiet",
        "--file",
        "-",
      ],
      { cwd: this.repoDir, input: text },
    );
  }

  private async push(): Promise<PushOutcome> {
    const result = await git(["push", "--porcelain", "--", this.remote, `HEAD:refs/heads/${this.branch}`], {
      cwd: this.repoDir,
      env: authEnv(this.auth),
    });
    if (result.status === 0) return { kind: "pushed" };
    const output = `${result.stdout}\n${result.stderr}`;
    const detail = `git push failed: ${output
      .trim()
      .split("\n")
      .filter((l) => l.trim() !== "" && l.trim() !== "Done")
      .join(" | ")}`;
    return { kind: pushRefusedForGood(output) ? "failed" : "rejected", detail };
  }

  private snapshot(paths: string[]): RecordedFile[] {
    return paths.map((path) => {
      const full = resolve(this.repoDir, path);
      const content = existsSync(full) && statSync(full).isFile() ? readFileSync(full, "utf8") : null;
      return { path, content };
    });
  }

  /** Normalises a path to repo-relative with forward slashes; refuses paths outside the repo (and the root itself unless `root`). */
  private toRepoPath(path: string, options: { root?: boolean } = {}): string {
    const full = isAbsolute(path) ? path : resolve(this.repoDir, path);
    const rel = relative(this.repoDir, full);
    if (rel === "" && options.root) return ".";
    if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) {
      throw new Error(
        `GitCommitter: "${path}" is outside the repository ${this.repoDir}; the ledger must live inside it`,
      );
    }
    return rel.split(sep).join("/");
  }
}

/**
 * A protected branch (GH006) or a denied token will not change by retrying. Anything else is
 * retried, attempts bounded: mostly a lost race (someone pushed between our fetch and our push:
 * "[rejected] ... fetch first", "stale info", "cannot lock ref"), sometimes a network blip or 5xx.
 * "403" counts only as a number of its own: the output quotes commit ids, and "…7403fb…" is a race.
 */
export function pushRefusedForGood(output: string): boolean {
  return /GH006|protected branch|permission to .* denied|\b403\b|Authentication failed/i.test(output);
}
