/** Real git repositories in a temp dir: a bare "origin" and clones of it, as on a runner. */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gitSyncOk as gitOk } from "../../src/ledger/git/run.ts";

const ME = ["-c", "user.name=Test Human", "-c", "user.email=human@example.invalid", "-c", "commit.gpgsign=false"];

export interface GitFixture {
  root: string;
  origin: string;
  /** A clone; `shallow` = depth 1 like actions/checkout's default. */
  clone(name: string, options?: { shallow?: boolean }): string;
  /** Writes, commits and pushes files from a clone (a "human" or another job). */
  pushFrom(clone: string, files: Record<string, string>, message?: string): void;
  /** File content on origin's main branch, or null. */
  originFile(path: string): string | null;
  originHead(): string;
  originLog(): string[];
  cleanup(): void;
}

export function createGitFixture(): GitFixture {
  const root = mkdtempSync(join(tmpdir(), "vf-git-"));
  const origin = join(root, "origin.git");
  gitOk(["init", "--quiet", "--bare", "--initial-branch=main", origin], { cwd: root });

  // Seed: one unrelated file, one tenant file, an empty state folder.
  const seed = join(root, "seed");
  gitOk(["clone", "--quiet", origin, seed], { cwd: root });
  write(seed, "README.md", "# repo\n");
  write(seed, "tenants/acme.yaml", "name: Acme\n");
  write(seed, "state/.gitkeep", "");
  gitOk(["add", "--all"], { cwd: seed });
  gitOk([...ME, "commit", "--quiet", "-m", "seed"], { cwd: seed });
  gitOk(["push", "--quiet", "origin", "HEAD:refs/heads/main"], { cwd: seed });

  const fixture: GitFixture = {
    root,
    origin,
    clone(name, options = {}) {
      const dir = join(root, name);
      const source = options.shallow ? `file://${origin}` : origin; // --depth needs a URL
      gitOk(["clone", "--quiet", "--branch", "main", ...(options.shallow ? ["--depth", "1"] : []), source, dir], {
        cwd: root,
      });
      return dir;
    },
    pushFrom(clone, files, message = "human change") {
      gitOk(["pull", "--quiet", "--ff-only", "origin", "main"], { cwd: clone });
      for (const [path, content] of Object.entries(files)) write(clone, path, content);
      gitOk(["add", "--all", "--", ...Object.keys(files)], { cwd: clone });
      gitOk([...ME, "commit", "--quiet", "-m", message], { cwd: clone });
      gitOk(["push", "--quiet", "origin", "HEAD:refs/heads/main"], { cwd: clone });
    },
    originFile(path) {
      try {
        return gitOk(["show", `main:${path}`], { cwd: origin });
      } catch {
        return null;
      }
    },
    originHead() {
      return gitOk(["rev-parse", "main"], { cwd: origin }).trim();
    },
    originLog() {
      return gitOk(["log", "--format=%B%x00", "main"], { cwd: origin })
        .split("\0")
        .map((s) => s.trim())
        .filter(Boolean);
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  return fixture;
}

export function write(dir: string, path: string, content: string): void {
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

export function read(dir: string, path: string): string | null {
  const full = join(dir, path);
  return existsSync(full) ? readFileSync(full, "utf8") : null;
}

/** A tiny ledger partition: a sorted list of entry ids, stable JSON. */
export function addEntry(dir: string, path: string, id: string): string[] {
  const current = read(dir, path);
  const entries: string[] = current ? (JSON.parse(current) as { entries: string[] }).entries : [];
  if (!entries.includes(id)) entries.push(id);
  entries.sort();
  write(dir, path, `${JSON.stringify({ entries }, null, 2)}\n`);
  return entries;
}
