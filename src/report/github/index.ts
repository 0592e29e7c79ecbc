/** GitHub issue reporting: the REST client and the one-issue-per-tenant-and-kind lifecycle. */
export { GitHubClient, GitHubApiError, nextLink, type GitHubClientOptions, type GitHubResponse, type HttpMethod } from "./client.ts";
export {
  ensureIssue,
  resolveIssue,
  ensureLabels,
  issueMarker,
  kindLabel,
  tenantLabel,
  renderIssueBody,
  type IssueKind,
  type IssueSpec,
  type EnsureAction,
} from "./issues.ts";
export { capText, MAX_BODY_CHARS, GITHUB_BODY_LIMIT } from "./text.ts";
