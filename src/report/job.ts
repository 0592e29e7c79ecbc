/**
 * Where a tenant command's results go: the console, and inside GitHub Actions a log group per
 * tenant, a warning annotation per finding, the job summary and the tenant's issues. The run
 * frame (run/frame.ts) hands every tenant's result here; this module decides nothing about the run.
 */
import * as core from "@actions/core";
import { type Logger, runUrlOf } from "../run/context.ts";
import type { Reported, TenantReporter } from "../run/frame.ts";
import type { Command, ReportedTenant, TenantRunResult } from "../run/result.ts";
import { reachOf } from "../shared/notice.ts";
import { forLog } from "../shared/untrusted.ts";
import { GitHubClient } from "./github/client.ts";
import { type IssueLink, issueLinkMarkdown, publishIssues } from "./publish.ts";
import { renderMarkdown, renderText } from "./render.ts";

export interface JobReporterOptions {
  env: NodeJS.ProcessEnv;
  log: Logger;
  dryRun: boolean;
  /** Publish GitHub issues; default: inside Actions with a token, and not on a dry run. */
  issues?: boolean;
}

export function jobReporter(options: JobReporterOptions): TenantReporter {
  const { env, log } = options;
  const inActions = env.GITHUB_ACTIONS === "true";
  const runUrl = runUrlOf(env);
  const github =
    (options.issues ?? (inActions && !!env.GITHUB_TOKEN)) && !options.dryRun
      ? new GitHubClient({ apiUrl: env.GITHUB_API_URL, repository: env.GITHUB_REPOSITORY, token: env.GITHUB_TOKEN })
      : undefined;
  return {
    /** Issues, log group and job summary of one tenant: the same for a broken file as for a run. */
    async tenant(tenant: ReportedTenant, result: TenantRunResult): Promise<Reported> {
      let links: IssueLink[] = [];
      if (github) {
        links = await publishIssues(github, tenant, result, runUrl).catch((error: Error) => {
          log.warn(`${tenant.id}: could not update GitHub issues: ${error.message}`);
          return [];
        });
      }
      if (inActions) {
        core.startGroup(`${tenant.id}: ${result.status}`);
        log.info(renderText(result));
        core.endGroup();
        // What needs a person is a warning on the run; a summary note an informational annotation.
        for (const n of result.notices) {
          const reach = reachOf(n.code);
          if (reach === "routine") continue;
          (reach === "attention" ? core.warning : core.notice)(forLog(`${tenant.id}: ${n.message}`), {
            title: `${tenant.id} ${n.code}`,
          });
        }
        core.summary.addRaw(renderMarkdown(result, links.map(issueLinkMarkdown)), true);
      } else {
        log.info(renderText(result));
      }
      return { failureIssueUrl: links.find((l) => l.failure)?.url };
    },
    async finish(command: Command, results: readonly TenantRunResult[]): Promise<void> {
      if (inActions && env.GITHUB_STEP_SUMMARY) await core.summary.write();
      const failed = results.filter((r) => r.status === "failed");
      if (failed.length > 0 && inActions)
        core.setFailed(`${command} failed for ${failed.map((r) => r.tenant).join(", ")}`);
    },
  };
}
