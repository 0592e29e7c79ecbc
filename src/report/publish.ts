/**
 * Keeps each tenant's GitHub issues in step with its latest run: a failed run opens (or
 * comments on) the "<command> failed" issue, a good run closes it; the tenant's attention list
 * (kept by both commands) is the body of the "needs attention" issue, closed when the list is empty.
 */
import { ensureIssue, resolveIssue, type IssueKind } from "./github/issues.ts";
import type { GitHubClient } from "./github/client.ts";
import { renderAttentionBody, renderMarkdown } from "./render.ts";
import type { Command, ReportedTenant, TenantRunResult } from "../run/result.ts";
import { forMarkdown, markdownCodeBlock } from "../shared/untrusted.ts";

/** The tenant's "<command> failing" issue: one for failed and cancelled runs alike. */
export function failureIssue(tenant: string, command: Command): { tenant: string; kind: IssueKind; title: string } {
  return {
    tenant,
    kind: command === "transfer" ? "transfer-failed" : "close-failed",
    title: `[factoring] ${tenant}: ${command} failing`,
  };
}

/** An issue a run opened, commented on or closed; `failure` marks the run's own failure issue. */
export interface IssueLink {
  number: number;
  url: string;
  label: string;
  failure?: boolean;
}

/** `[#12 close failed](https://…)` for the job summary. */
export function issueLinkMarkdown(link: IssueLink): string {
  return `[#${link.number} ${link.label}](${link.url})`;
}

export async function publishIssues(
  gh: GitHubClient,
  tenant: ReportedTenant,
  result: TenantRunResult,
  runUrl?: string,
): Promise<IssueLink[]> {
  const links: IssueLink[] = [];
  const failure = failureIssue(tenant.id, result.command);
  if (result.status === "failed") {
    const issue = await ensureIssue(gh, {
      ...failure,
      body: failureBody(result),
      labels: tenant.reporting.labels,
      assignees: tenant.reporting.assignees,
      runUrl,
    });
    links.push({ number: issue.number, url: issue.url, label: `${result.command} failed`, failure: true });
  } else if (result.status === "ok" || result.status === "nothing-to-do") {
    const closed = await resolveIssue(
      gh,
      tenant.id,
      failure.kind,
      `Resolved: ${result.command} for ${result.businessDate} succeeded${runUrl ? ` (${runUrl})` : ""}.`,
    );
    if (closed) links.push({ number: closed.number, url: closed.url, label: "resolved" });
  }
  // Both commands merge into the tenant's persistent attention list (watch/attention.ts); the
  // issue body is that list, so it is updated in place and closed when the list is empty.
  const attention = result.attention;
  if (attention && !attention.error) {
    if (attention.entries.length > 0) {
      const issue = await ensureIssue(gh, {
        tenant: tenant.id,
        kind: "attention",
        title: `[factoring] ${tenant.id}: ${attention.entries.length} item(s) need attention`,
        body: renderAttentionBody(tenant, attention.entries),
        labels: tenant.reporting.labels,
        assignees: tenant.reporting.assignees,
      });
      links.push({ number: issue.number, url: issue.url, label: "needs attention" });
    } else {
      const closed = await resolveIssue(
        gh,
        tenant.id,
        "attention",
        `Resolved: nothing needs attention any more (${result.command} ${result.businessDate}).`,
      );
      if (closed) links.push({ number: closed.number, url: closed.url, label: "attention resolved" });
    }
  }
  return links;
}

function failureBody(result: TenantRunResult): string {
  return [
    `The ${result.command} of **${forMarkdown(result.name)}** (\`${result.tenant}\`) failed.`,
    "",
    // The error quotes servers and documents: a code block shows it as written and renders none of it.
    markdownCodeBlock(result.error ?? result.message),
    "",
    renderMarkdown(result),
  ].join("\n");
}
