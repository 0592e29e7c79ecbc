/**
 * Runs git as a child process with an argv array: no shell ever sees our arguments, so tenant ids,
 * commit messages or paths containing quotes, `$(...)` or newlines are plain data.
 */
import { spawn, spawnSync } from "node:child_process";
import { FactoringError } from "../../shared/errors.ts";

export interface GitResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface GitRunOptions {
  cwd: string;
  /** Written to git's stdin (commit messages go here, never into argv). */
  input?: string;
  /** Extra environment, e.g. GIT_CONFIG_* for a command-scoped auth header. */
  env?: Record<string, string>;
}

/** Environment every git call gets: stable English output (we read it) and no interactive prompts. */
function gitEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LC_ALL: "C",
    LANG: "C",
    // Without credentials a prompt would hang a CI job forever; fail fast instead.
    GIT_TERMINAL_PROMPT: "0",
    GIT_ASKPASS: "",
    // Our paths are file names, not patterns: a file called "*.json" must not match every file.
    GIT_LITERAL_PATHSPECS: "1",
    ...extra,
  };
}

/**
 * Runs git asynchronously and returns its exit status and output; never throws for a non-zero
 * status. Async so the event loop keeps running (timers, and in tests the loopback servers git
 * talks to).
 */
export function git(args: string[], options: GitRunOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const input = options.input;
    const child = spawn("git", args, {
      cwd: options.cwd,
      env: gitEnv(options.env),
      windowsHide: true,
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (d: Buffer) => out.push(d));
    child.stderr?.on("data", (d: Buffer) => err.push(d));
    child.on("error", (e) => reject(new Error(`could not run git ${args[0] ?? ""}: ${e.message}`)));
    child.on("close", (code) =>
      resolve({
        status: code ?? 1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
    if (input !== undefined && child.stdin) {
      // git may exit before reading everything (it reports that via its status): not our error.
      child.stdin.on("error", () => {});
      child.stdin.end(input);
    }
  });
}

/** Runs git and throws a readable error (command + stderr) on a non-zero status. */
export async function gitOk(args: string[], options: GitRunOptions): Promise<string> {
  const result = await git(args, options);
  if (result.status !== 0) throw new GitCommandError(args, result);
  return result.stdout;
}

/** Synchronous variant for test fixtures and one-off setup. */
function gitSync(args: string[], options: GitRunOptions): GitResult {
  const result = spawnSync("git", args, {
    cwd: options.cwd,
    input: options.input,
    env: gitEnv(options.env),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    windowsHide: true,
  });
  if (result.error) throw new Error(`could not run git ${args[0] ?? ""}: ${result.error.message}`);
  return { status: result.status ?? 1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** Synchronous gitOk. */
export function gitSyncOk(args: string[], options: GitRunOptions): string {
  const result = gitSync(args, options);
  if (result.status !== 0) {
    throw new GitCommandError(args, result);
  }
  return result.stdout;
}

export class GitCommandError extends FactoringError {
  readonly status: number;
  readonly stderr: string;
  constructor(args: string[], result: GitResult) {
    // Only the sub-command and plain arguments are shown; auth travels in the environment, never argv.
    super(`git ${args.join(" ")} failed (exit ${result.status}): ${(result.stderr || result.stdout).trim()}`);
    this.status = result.status;
    this.stderr = result.stderr;
  }
}
