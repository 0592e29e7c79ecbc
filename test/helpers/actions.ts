/**
 * A world as GitHub Actions runs it: GITHUB_ACTIONS=true, a job summary file, and the issues API of
 * a loopback GitHub imitation. @actions/core reads the summary path from process.env, so that is set
 * too; callers restore process.env after the test.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FakeGitHub } from "../report/fake-github.ts";
import type { World } from "./world.ts";

/** One summary file per test process: @actions/core resolves the path once and keeps it. */
let summaryFile: Promise<string> | undefined;

/** Sets the Actions environment on `world.env` (plus `extra`); returns the (emptied) job summary file. */
export async function runAsActions(
  world: World,
  github: FakeGitHub,
  extra: Record<string, string> = {},
): Promise<string> {
  summaryFile ??= mkdtemp(join(tmpdir(), "summary-")).then((dir) => join(dir, "step-summary.md"));
  const summary = await summaryFile;
  await writeFile(summary, "");
  Object.assign(world.env, { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary, ...gitHubEnv(github), ...extra });
  process.env.GITHUB_STEP_SUMMARY = summary;
  return summary;
}

/** The variables that point the issue reporting at the loopback GitHub. */
export function gitHubEnv(github: FakeGitHub): Record<string, string> {
  return {
    GITHUB_TOKEN: github.token,
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
  };
}
