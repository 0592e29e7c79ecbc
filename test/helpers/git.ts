/** Git in the tests' temporary repositories: the state repository as a runner's remote sees it. */
import { execFileSync } from "node:child_process";
import { join } from "node:path";

/** Runs git in `cwd` and returns its output; a failing command throws with git's stderr. */
export const git = (cwd: string, ...args: string[]): string =>
  execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** An empty bare repository `origin.git` in `root` whose default branch is main; its path. */
export function bareOrigin(root: string): string {
  const origin = join(root, "origin.git");
  git(root, "init", "--quiet", "--bare", "--initial-branch=main", origin);
  return origin;
}
