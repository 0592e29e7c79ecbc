/**
 * Keeps each tenant's GitHub issues in step with its latest run: a failed run opens (or
 * comments on) the "<command> failed" issue, a good run closes it; the tenant's attention list
 * (kept by both commands) is the body of the "needs attention" issue, closed when the list is empty.
 */
import { ensureIssue, resolveIssue, type IssueKind } from "./github/issues.ts";
import type { GitHubClient } from "./github/client.ts";
import type { Catalogue } from "./messages/index.ts";
import { renderAttentionBody, renderMarkdown } from "./render.ts";
import type { Command, ReportedTenant, TenantRunResult } from "../run/result.ts";
import { forMarkdown, markdownCodeBlock } from "../shared/untrusted.ts";

/**
 * The tenant's "<command> failing" issue: one for failed and cancelled runs alike. Found again
 * by its labels and hidden marker, never by its title: a tenant that switches language gets its
 * title rewritten, not a second issue.
 */
export function failureIssue(
  tenant: string,
  command: Command,
  t: Catalogue,
): { tenant: string; kind: IssueKind; title: string } {
  return {
    tenant,
    kind: command === "transfer" ? "transfer-failed" : "close-failed",
    title: t.issues.failureTitle({ tenant, command }),
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
  t: Catalogue,
  runUrl?: string,
): Promise<IssueLink[]> {
  const links: IssueLink[] = [];
  const failure = failureIssue(tenant.id, result.command, t);
  const { command, businessDate: date } = result;
  if (result.status === "failed") {
    const issue = await ensureIssue(gh, {
      ...failure,
      body: failureBody(result, t),
      labels: tenant.reporting.labels,
      assignees: tenant.reporting.assignees,
      runUrl,
      t,
    });
    links.push({ number: issue.number, url: issue.url, label: t.issues.failureLink({ command }), failure: true });
  } else if (result.status === "ok" || result.status === "nothing-to-do") {
    const closed = await resolveIssue(gh, tenant.id, failure.kind, t.issues.resolvedComment({ command, date, runUrl }));
    if (closed) links.push({ number: closed.number, url: closed.url, label: t.issues.resolvedLink });
  }
  // Both commands merge into the tenant's persistent attention list (watch/attention.ts); the
  // issue body is that list, so it is updated in place and closed when the list is empty.
  const attention = result.attention;
  if (attention && !attention.error) {
    if (attention.entries.length > 0) {
      const issue = await ensureIssue(gh, {
        tenant: tenant.id,
        kind: "attention",
        title: t.issues.attentionTitle({ tenant: tenant.id, count: attention.entries.length }),
        body: renderAttentionBody(tenant, attention.entries, t),
        labels: tenant.reporting.labels,
        assignees: tenant.reporting.assignees,
        t,
      });
      links.push({ number: issue.number, url: issue.url, label: t.issues.attentionLink });
    } else {
      const closed = await resolveIssue(gh, tenant.id, "attention", t.issues.attentionResolved({ command, date }));
      if (closed) links.push({ number: closed.number, url: closed.url, label: t.issues.attentionResolvedLink });
    }
  }
  return links;
}

function failureBody(result: TenantRunResult, t: Catalogue): string {
  return [
    forMarkdown(t.issues.failureBody({ name: result.name, tenant: result.tenant, command: result.command })),
    "",
    // The error quotes servers and documents: a code block shows it as written and renders none of it.
    ...(result.error ? [markdownCodeBlock(result.error), ""] : []),
    renderMarkdown(result, t),
  ].join("\n");
}
