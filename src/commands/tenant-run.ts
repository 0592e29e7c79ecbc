/** What the tenant commands (transfer, close) share: their flags, their options, their reporter. */
import { jobReporter } from "../report/job.ts";
import { consoleLogger } from "../run/context.ts";
import type { CommandOptions, TenantReporter } from "../run/frame.ts";
import { checkDeadline, DEADLINE_VAR } from "../run/deadline.ts";
import { type FlagValues, UsageError } from "./command.ts";
import * as flag from "./flags.ts";

export const tenantRunFlags = {
  tenant: flag.tenant,
  now: flag.now,
  "dry-run": flag.dryRun,
  force: flag.force,
  "tenants-dir": flag.tenantsDir,
  "state-dir": flag.stateDir,
  commit: flag.commit,
  deadline: flag.deadline,
};

export function tenantRunOptions(values: FlagValues<typeof tenantRunFlags>, env: NodeJS.ProcessEnv): CommandOptions {
  const deadline = flag.given(values.deadline) ?? flag.given(env.FACTORING_JOB_DEADLINE);
  if (deadline !== undefined) {
    try {
      checkDeadline(deadline, flag.given(values.deadline) !== undefined ? "--deadline" : DEADLINE_VAR);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  return {
    tenant: flag.given(values.tenant),
    now: flag.given(values.now),
    dryRun: values["dry-run"] ?? false,
    force: values.force ?? false,
    tenantsDir: values["tenants-dir"]!,
    stateDir: values["state-dir"]!,
    commit: (values.commit ?? false) || env.FACTORING_COMMIT === "1",
    ...(deadline !== undefined ? { deadline } : {}),
    env,
  };
}

/** The console, and in Actions the log groups, job summary and issues (report/job.ts). */
export function reporterFor(options: CommandOptions): TenantReporter {
  return jobReporter({
    env: options.env ?? process.env,
    log: options.log ?? consoleLogger,
    dryRun: options.dryRun,
    issues: options.issues,
    language: options.language,
  });
}
