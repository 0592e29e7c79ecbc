/**
 * Checking out one tenant's state branch into its folder (state/<tenant>), as a job needs it:
 * only the tip (depth 1), and for a run only the files it reads. The fetch is partial
 * (`--filter=blob:none`): the tree comes whole, so the months and their settled markers are
 * listed, but a file's content is fetched only when it is checked out; the sparse checkout then
 * leaves out the logs of settled months before the run's window. A job's download therefore stays
 * the size of the tenant's recent months, however many years the branch holds.
 *
 * Safety: a folder that holds files but is no checkout (a local state/ never pushed) is refused,
 * never cleaned; a remote that cannot be asked is an error, never an empty state; a branch that
 * does not exist is a new tenant (an unborn branch the first push creates).
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FactoringError } from "../../shared/errors.ts";
import { authEnv, type GitAuth } from "./auth.ts";
import { git, gitOk } from "./run.ts";

/** The state could not be checked out: the run must not go on as if there were none. */
export class StateCheckoutError extends FactoringError {}

export interface CheckoutOptions {
  /** The tenant's state folder (state/<tenant>); created when missing. */
  dir: string;
  /** The remote's URL (https://github.com/<owner>/<repo>.git, a path or file:// URL in tests). */
  url: string;
  auth?: GitAuth;
  /** The branch (factoring-state/<tenant>). */
  branch: string;
  /**
   * A run's checkout: given the months on the branch (month logs and settled markers), the
   * months whose logs it needs. Absent: every file (the status site, the report, a migration).
   */
  months?: (files: { months: string[]; settled: string[] }) => string[];
}

/** Files of the state folder git must never see or clean: the tenant lock and half-written temporaries. */
const IGNORED = [".lock", ".lock.*", "*.tmp"];

/** Checks out the branch's tip into `dir`; false when the branch does not exist yet (a new tenant). */
export async function checkoutState(options: CheckoutOptions): Promise<boolean> {
  const { dir, branch } = options;
  const fresh = await prepare(options);
  const env = authEnv(options.auth);
  const remoteRef = `refs/heads/${branch}`;
  const tracking = `refs/remotes/origin/${branch}`;
  // ASSUMPTION(A60): the server honours --filter; if not, git fetches every file of the tip instead.
  const fetch = ["fetch", "--quiet", "--no-tags", "--depth=1", ...(options.months ? ["--filter=blob:none"] : [])];
  const fetched = await git([...fetch, "--", "origin", `+${remoteRef}:${tracking}`], { cwd: dir, env });
  if (fetched.status !== 0) {
    // Only a branch the remote says it does not have is a new tenant; anything else stops the run.
    if (/couldn't find remote ref/i.test(fetched.stderr)) {
      await gitOk(["symbolic-ref", "HEAD", remoteRef], { cwd: dir });
      return false;
    }
    throw new StateCheckoutError(
      `could not fetch the state branch ${branch} from ${redactUrl(options.url)}: ${fetched.stderr.trim()}. The run stops rather than start from an empty ledger`,
    );
  }

  if (options.months) {
    const files = (await gitOk(["ls-tree", "-r", "--name-only", tracking, "--", "ledger"], { cwd: dir }))
      .split("\n")
      .filter(Boolean);
    const pick = (suffix: string) =>
      files.flatMap((f) => {
        const m = /^ledger\/(\d{4}-\d{2})(\.\w+)$/.exec(f);
        return m && m[2] === suffix ? [m[1]!] : [];
      });
    const wanted = options.months({ months: pick(".jsonl"), settled: pick(".settled") });
    // Everything but the month logs, and the logs of the months the run reads (a new one included).
    const patterns = ["/*", "!/ledger/*.jsonl", ...wanted.map((m) => `/ledger/${m}.jsonl`)];
    await gitOk(["sparse-checkout", "set", "--no-cone", ...patterns], { cwd: dir, env });
  } else if (existsSync(join(dir, ".git", "info", "sparse-checkout"))) {
    await gitOk(["sparse-checkout", "disable"], { cwd: dir, env });
  }
  // The tip, exactly: local changes and files of an earlier checkout go (ignored files stay).
  await gitOk(["checkout", "--quiet", "--force", "-B", branch, tracking], { cwd: dir, env });
  if (!fresh) await gitOk(["clean", "--force", "-d", "--quiet"], { cwd: dir });
  return true;
}

/**
 * A git repository in `dir` with `origin` at the URL and the lock ignored; refuses a folder of
 * files that is none. True when the repository was created now (a fresh runner's folder).
 */
async function prepare({ dir, url, branch }: CheckoutOptions): Promise<boolean> {
  await mkdir(dir, { recursive: true });
  const fresh = !existsSync(join(dir, ".git"));
  if (fresh) {
    const present = (await readdir(dir)).filter((n) => !IGNORED.some((p) => matches(n, p)));
    if (present.length > 0)
      throw new StateCheckoutError(
        `${dir} holds state files (${present.slice(0, 3).join(", ")}) but is not a checkout of ${branch}: ` +
          "move it away, or record it on the branch first with npm run migrate-state -- --push",
      );
    await gitOk(["init", "--quiet"], { cwd: dir });
    await gitOk(["remote", "add", "origin", url], { cwd: dir });
  } else {
    await gitOk(["remote", "set-url", "origin", url], { cwd: dir });
  }
  await writeFile(join(dir, ".git", "info", "exclude"), `${IGNORED.join("\n")}\n`);
  return fresh;
}

/** The branches under `prefix` on the remote (ls-remote: no object is fetched). */
export async function listRemoteBranches(cwd: string, url: string, prefix: string, auth?: GitAuth): Promise<string[]> {
  const listed = await git(["ls-remote", "--heads", "--", url, `refs/heads/${prefix}*`], {
    cwd,
    env: authEnv(auth),
  });
  if (listed.status !== 0)
    throw new StateCheckoutError(`could not list the state branches at ${redactUrl(url)}: ${listed.stderr.trim()}`);
  return listed.stdout
    .split("\n")
    .flatMap((l) => {
      const ref = l.split("\t")[1]?.trim();
      return ref?.startsWith(`refs/heads/${prefix}`) ? [ref.slice("refs/heads/".length)] : [];
    })
    .sort();
}

function matches(name: string, pattern: string): boolean {
  if (pattern.startsWith("*")) return name.endsWith(pattern.slice(1));
  if (pattern.endsWith("*")) return name.startsWith(pattern.slice(0, -1));
  return name === pattern;
}

/** A URL with any user:password part removed (never printed). */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@]*@/, "//");
}
