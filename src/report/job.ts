/**
 * Where a tenant command's results go: the console, and inside GitHub Actions a log group per
 * tenant, a warning annotation per finding, the job summary and the tenant's issues. The run
 * frame (run/frame.ts) hands every tenant's result here; this module decides nothing about the run.
 */
import * as core from "@actions/core";
import { type Logger, runUrlOf } from "../run/context.ts";
import type { Reported, TenantReporter } from "../run/frame.ts";
import type { Command, ReportedTenant, TenantRunResult } from "../run/result.ts";
import type { Language } from "../shared/language.ts";
import { reachOf } from "../shared/notice.ts";
import { forLog } from "../shared/untrusted.ts";
import { GitHubClient } from "./github/client.ts";
import { type Catalogue, messages, noticeLabel, noticeText } from "./messages/index.ts";
import { type IssueLink, issueLinkMarkdown, publishIssues } from "./publish.ts";
import { renderMarkdown, renderText } from "./render.ts";

export interface JobReporterOptions {
  env: NodeJS.ProcessEnv;
  log: Logger;
  dryRun: boolean;
  /** Publish GitHub issues; default: inside Actions with a token, and not on a dry run. */
  issues?: boolean;
  /** The language of everything reported, whatever the tenants' reporting.language says (the demo's --language). */
  language?: Language;
}

/** The catalogue a tenant's report speaks: its language (or the override) and its time zone. */
export function catalogueFor(tenant: Pick<ReportedTenant, "reporting" | "timeZone">, language?: Language): Catalogue {
  return messages(language ?? tenant.reporting.language, tenant.timeZone);
}

export function jobReporter(options: JobReporterOptions): TenantReporter {
  const { env, log } = options;
  const inActions = env.GITHUB_ACTIONS === "true";
  const runUrl = runUrlOf(env);
  const github =
    (options.issues ?? (inActions && !!env.GITHUB_TOKEN)) && !options.dryRun
      ? new GitHubClient({ apiUrl: env.GITHUB_API_URL, repository: env.GITHUB_REPOSITORY, token: env.GITHUB_TOKEN })
      : undefined;
  /** The language each reported tenant speaks, for the step's failure line. */
  const spoken = new Map<string, Catalogue>();
  return {
    /** Issues, log group and job summary of one tenant: the same for a broken file as for a run. */
    async tenant(tenant: ReportedTenant, result: TenantRunResult): Promise<Reported> {
      const t = catalogueFor(tenant, options.language);
      spoken.set(tenant.id, t);
      let links: IssueLink[] = [];
      if (github) {
        links = await publishIssues(github, tenant, result, t, runUrl).catch((error: Error) => {
          log.warn(`${tenant.id}: could not update GitHub issues: ${error.message}`);
          return [];
        });
      }
      if (inActions) {
        core.startGroup(`${tenant.id}: ${t.words.status[result.status]}`);
        log.info(renderText(result, t));
        core.endGroup();
        // What needs a person is a warning on the run; a summary note an informational annotation.
        for (const n of result.notices) {
          const reach = reachOf(n.code);
          if (reach === "routine") continue;
          const where = n.document ? `${t.f.type(n.document.type)} ${n.document.number}: ` : "";
          (reach === "attention" ? core.warning : core.notice)(forLog(`${tenant.id}: ${where}${noticeText(t, n)}`), {
            title: `${tenant.id} ${noticeLabel(t, n.code)}`,
          });
        }
        core.summary.addRaw(renderMarkdown(result, t, links.map(issueLinkMarkdown)), true);
      } else {
        log.info(renderText(result, t));
      }
      return { failureIssueUrl: links.find((l) => l.failure)?.url };
    },
    async finish(command: Command, results: readonly TenantRunResult[]): Promise<void> {
      if (inActions && env.GITHUB_STEP_SUMMARY) await core.summary.write();
      const failed = results.filter((r) => r.status === "failed");
      if (failed.length > 0 && inActions) {
        // In the failing tenants' language when they share one (a matrix job runs one tenant).
        const languages = new Set(failed.map((r) => spoken.get(r.tenant)?.f.language ?? "en"));
        const t = languages.size === 1 ? (spoken.get(failed[0]!.tenant) ?? messages()) : messages();
        core.setFailed(t.issues.stepFailed({ command, tenants: failed.map((r) => r.tenant) }));
      }
    },
  };
}
