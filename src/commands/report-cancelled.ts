/**
 * `npm run report-cancelled -- --tenant ID --command transfer|close`: the last step of a
 * workflow job, run only when the job was cancelled or timed out. Such a run never reaches its
 * own reporting, yet it may have stopped between the pending record and the upload; the
 * tenant's failure issue says so (the next run settles a pending batch or asks for a decision).
 */
import { loadTenantFile } from "../config/load.ts";
import { ReportingSchema } from "../config/schema.ts";
import { GitHubClient } from "../report/github/client.ts";
import { ensureIssue } from "../report/github/issues.ts";
import { messages } from "../report/messages/index.ts";
import { failureIssue } from "../report/publish.ts";
import { runUrlOf } from "../run/context.ts";
import type { Command } from "../run/result.ts";
import { defineCommand, UsageError } from "./command.ts";
import * as flag from "./flags.ts";

export interface CancelledOptions {
  tenant: string;
  command: Command;
  tenantsDir: string;
  env: NodeJS.ProcessEnv;
}

export async function runReportCancelled({ tenant, command, tenantsDir, env }: CancelledOptions): Promise<number> {
  const loaded = await loadTenantFile(`${tenantsDir}/${tenant}.yaml`);
  // A tenant file with errors still gets its issue, with the schema's default labels and language.
  const reporting = loaded.tenant?.reporting ?? ReportingSchema.parse(undefined);
  const t = messages(reporting.language, loaded.tenant?.timeZone);
  const gh = new GitHubClient({
    apiUrl: env.GITHUB_API_URL,
    repository: env.GITHUB_REPOSITORY,
    token: env.GITHUB_TOKEN,
  });
  const issue = await ensureIssue(gh, {
    ...failureIssue(tenant, command, t),
    body: t.issues.cancelled({ command, tenant }),
    labels: reporting.labels,
    assignees: reporting.assignees,
    runUrl: runUrlOf(env),
    t,
  });
  console.log(`${issue.action} ${issue.url}`);
  return 0;
}

export const reportCancelled = defineCommand({
  name: "report-cancelled",
  summary: "The last step of a cancelled or timed-out workflow job: says so in the tenant's failure issue.",
  flags: {
    tenant: { ...flag.tenant, help: "the tenant whose job was cancelled (required)" },
    command: { type: "string", value: "transfer|close", help: "the command the job ran (required)" },
    "tenants-dir": flag.tenantsDir,
  },
  parse(values, _positionals, env): CancelledOptions {
    const { tenant, command } = values;
    if (!tenant || (command !== "transfer" && command !== "close"))
      throw new UsageError("--tenant ID and --command transfer|close are required");
    return { tenant, command, tenantsDir: values["tenants-dir"]!, env };
  },
  run: runReportCancelled,
});
