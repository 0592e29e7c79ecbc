/**
 * Keeps each tenant's GitHub issues in step with its latest run: a failed run opens (or
 * comments on) the "<command> failed" issue, a good run closes it; the transfer's findings
 * keep the "needs attention" issue current and close it when the list is empty.
 */
import type { Tenant } from "../config/schema.ts";
import { ensureIssue, resolveIssue, type IssueKind } from "./github/issues.ts";
import type { GitHubClient } from "./github/client.ts";
import { findingLine, renderMarkdown } from "./render.ts";
import type { TenantRunResult } from "./types.ts";

export async function publishIssues(gh: GitHubClient, tenant: Tenant, result: TenantRunResult, runUrl?: string): Promise<string[]> {
  const links: string[] = [];
  const failedKind: IssueKind = result.command === "transfer" ? "transfer-failed" : "close-failed";
  if (result.status === "failed") {
    const issue = await ensureIssue(gh, {
      tenant: tenant.id,
      kind: failedKind,
      title: `[factoring] ${tenant.id}: ${result.command} failing`,
      body: failureBody(result),
      labels: tenant.reporting.labels,
      assignees: tenant.reporting.assignees,
      runUrl,
    });
    links.push(`[#${issue.number} ${result.command} failed](${issue.url})`);
  } else if (result.status === "ok" || result.status === "nothing-to-do") {
    const closed = await resolveIssue(gh, tenant.id, failedKind, `Resolved: ${result.command} for ${result.businessDate} succeeded${runUrl ? ` (${runUrl})` : ""}.`);
    if (closed) links.push(`[#${closed.number} resolved](${closed.url})`);
  }
  // The daily transfer reads every new document, so it owns the attention list of the tenant.
  if (result.command === "transfer" && result.status !== "skipped" && result.status !== "dry-run") {
    if (result.findings.length > 0) {
      const issue = await ensureIssue(gh, {
        tenant: tenant.id,
        kind: "attention",
        title: `[factoring] ${tenant.id}: ${result.findings.length} document(s) need attention`,
        body: ["Documents the integration could not handle on its own:", "", ...result.findings.map((f) => `- ${findingLine(f)}`)].join("\n"),
        labels: tenant.reporting.labels,
        assignees: tenant.reporting.assignees,
      });
      links.push(`[#${issue.number} needs attention](${issue.url})`);
    } else if (result.status !== "failed") {
      const closed = await resolveIssue(gh, tenant.id, "attention", "Resolved: nothing needs attention any more.");
      if (closed) links.push(`[#${closed.number} attention resolved](${closed.url})`);
    }
  }
  return links;
}

function failureBody(result: TenantRunResult): string {
  return [
    `The ${result.command} of **${result.name}** (\`${result.tenant}\`) failed.`,
    "",
    "```",
    result.error ?? result.message,
    "```",
    "",
    renderMarkdown(result),
  ].join("\n");
}
