/**
 * The options of a command run in-process against a sandbox world (the benchmarks): the world's
 * own clock as real time and --now, files only (no git, no GitHub issues), no log lines.
 */
import type { DateTime } from "luxon";
import { FileOnlyCommitter } from "../ledger/git.ts";
import type { CommandOptions } from "../run/frame.ts";

export interface LocalRun {
  tenant: string;
  clock: () => DateTime;
  tenantsDir: string;
  stateDir: string;
  env: NodeJS.ProcessEnv;
}

/** The options for one run at the world's current time; `extra` adds injection points (openVisma). */
export function localRunOptions(run: LocalRun, extra: Partial<CommandOptions> = {}): CommandOptions {
  const now = run.clock();
  return {
    tenant: run.tenant,
    now: now.toISO()!,
    clock: run.clock,
    dryRun: false,
    force: false,
    tenantsDir: run.tenantsDir,
    stateDir: run.stateDir,
    commit: false,
    env: run.env,
    issues: false,
    committer: new FileOnlyCommitter(),
    log: { info: () => {}, warn: () => {} },
    ...extra,
  };
}
