/**
 * One GitHub issue per tenant and kind of problem, kept in step with the runs:
 * created on the first failure, commented on repeats (with the run link), its body rewritten only
 * when the problem changed, closed with a comment on recovery, reopened when it comes back.
 *
 * The issue is found again by labels (`factoring:<kind>`, `tenant:<id>`) through the issues list
 * endpoint, which is strongly consistent (ASSUMPTION(A48)), and confirmed by a hidden marker in the body. Never the
 * search API: it lags, and a lagging lookup is how duplicate issues are born.
 */
import { type Catalogue, messages } from "../messages/index.ts";
import type { GitHubClient } from "./client.ts";
import { capText, MAX_BODY_CHARS } from "./text.ts";

export type IssueKind = "transfer-failed" | "close-failed" | "attention";

export interface IssueSpec {
  tenant: string;
  kind: IssueKind;
  title: string;
  /** Markdown. Keep run-specific text (run links, timestamps) out: it goes in comments, so the body only changes when the problem does. */
  body: string;
  /** Extra labels (the tenant's reporting.labels); the kind and tenant labels are added. */
  labels: string[];
  assignees: string[];
  runUrl?: string;
  /** The language of the comments and the truncation note (default English). */
  t?: Catalogue;
}

export type EnsureAction = "created" | "reopened" | "commented" | "updated" | "unchanged";

interface ApiIssue {
  number: number;
  html_url: string;
  state: "open" | "closed";
  title: string;
  body?: string | null;
  labels: Array<string | { name?: string }>;
  assignees?: Array<{ login: string }> | null;
  pull_request?: unknown;
}

const KIND_COLOURS: Record<IssueKind, string> = {
  "transfer-failed": "d73a4a",
  "close-failed": "b60205",
  attention: "fbca04",
};
const KIND_DESCRIPTIONS: Record<IssueKind, string> = {
  "transfer-failed": "Factoring transfer failed for a tenant",
  "close-failed": "Factoring closing failed for a tenant",
  attention: "Documents need a human look",
};

/** `<!-- visma-factoring:tenant=<id>;kind=<kind> -->` */
export function issueMarker(tenant: string, kind: IssueKind): string {
  checkTenant(tenant);
  return `<!-- visma-factoring:tenant=${tenant};kind=${kind} -->`;
}

function kindLabel(kind: IssueKind): string {
  return `factoring:${kind}`;
}

function tenantLabel(tenant: string): string {
  checkTenant(tenant);
  return `tenant:${tenant}`;
}

/**
 * The body as stored: marker first, then the (capped) text. The run link is not put in the body
 * (not even in the truncation note): it changes every run and would make every run rewrite it.
 */
function renderIssueBody(spec: Pick<IssueSpec, "tenant" | "kind" | "body">, t: Catalogue): string {
  const marker = issueMarker(spec.tenant, spec.kind);
  return `${marker}\n${capText(spec.body, MAX_BODY_CHARS - marker.length - 1, (omitted) => t.issues.truncated({ omitted }))}`;
}

export async function ensureIssue(
  gh: GitHubClient,
  spec: IssueSpec,
): Promise<{ number: number; url: string; action: EnsureAction }> {
  const t = spec.t ?? messages("en");
  const labels = unique([kindLabel(spec.kind), tenantLabel(spec.tenant), ...spec.labels]);
  await ensureLabels(gh, labels, spec.kind);
  const body = renderIssueBody(spec, t);
  const title = oneLine(spec.title);
  const found = await findIssues(gh, spec.tenant, spec.kind);
  const issue = pickPrimary(found);

  if (!issue) {
    const created = await gh.request<ApiIssue>("POST", gh.repoPath("/issues"), {
      body: { title, body, labels, ...(spec.assignees.length > 0 ? { assignees: spec.assignees } : {}) },
    });
    if (spec.runUrl) await comment(gh, created.data.number, t.issues.reported({ runUrl: spec.runUrl }));
    return { number: created.data.number, url: created.data.html_url, action: "created" };
  }

  await closeDuplicates(gh, issue, found, t);
  const patch: Record<string, unknown> = {};
  if (issue.state === "closed") patch.state = "open";
  if ((issue.body ?? "") !== body) patch.body = body;
  if (issue.title !== title) patch.title = title;
  const missingLabels = labels.filter((l) => !labelNames(issue).includes(l));
  if (missingLabels.length > 0) patch.labels = unique([...labelNames(issue), ...labels]);
  const logins = (issue.assignees ?? []).map((a) => a.login);
  if (issue.state === "closed" && spec.assignees.some((a) => !logins.includes(a)))
    patch.assignees = unique([...logins, ...spec.assignees]);

  if (Object.keys(patch).length > 0) await gh.request("PATCH", gh.repoPath(`/issues/${issue.number}`), { body: patch });
  if (issue.state === "closed") {
    await comment(gh, issue.number, t.issues.reopened({ runUrl: spec.runUrl }));
    return { number: issue.number, url: issue.html_url, action: "reopened" };
  }
  if (spec.runUrl) await comment(gh, issue.number, t.issues.stillHappening({ runUrl: spec.runUrl }));
  const action: EnsureAction =
    "body" in patch || "title" in patch ? "updated" : spec.runUrl ? "commented" : "unchanged";
  return { number: issue.number, url: issue.html_url, action };
}

/** Closes the open issue of this tenant and kind with a comment; null when none is open. */
export async function resolveIssue(
  gh: GitHubClient,
  tenant: string,
  kind: IssueKind,
  commentText: string,
): Promise<{ number: number; url: string } | null> {
  const open = (await findIssues(gh, tenant, kind, "open")).filter((i) => i.state === "open");
  if (open.length === 0) return null;
  open.sort((a, b) => a.number - b.number);
  for (const issue of open) {
    await comment(gh, issue.number, commentText);
    await gh.request("PATCH", gh.repoPath(`/issues/${issue.number}`), {
      body: { state: "closed", state_reason: "completed" },
    });
  }
  const first = open[0]!;
  return { number: first.number, url: first.html_url };
}

/** Every issue (not PR) carrying both labels and our marker, in any state. */
async function findIssues(
  gh: GitHubClient,
  tenant: string,
  kind: IssueKind,
  state: "all" | "open" = "all",
): Promise<ApiIssue[]> {
  const marker = issueMarker(tenant, kind);
  const list = await gh.paginate<ApiIssue>(gh.repoPath("/issues"), {
    labels: `${kindLabel(kind)},${tenantLabel(tenant)}`,
    state,
    sort: "created",
    direction: "asc",
  });
  // Only where the product writes it, the body's first line: a marker quoted further down (a
  // customer name, a pasted log) must not make another issue ours.
  return list.filter((i) => !i.pull_request && isOurs(i.body, marker));
}

/** The first line is the marker (a body edited in the web UI comes back with CRLF line ends). */
function isOurs(body: string | null | undefined, marker: string): boolean {
  return (body ?? "").split(/\r?\n/, 1)[0] === marker;
}

/** The open issue with the lowest number, else the most recent closed one. */
function pickPrimary(issues: ApiIssue[]): ApiIssue | undefined {
  const open = issues.filter((i) => i.state === "open").sort((a, b) => a.number - b.number);
  if (open[0]) return open[0];
  return [...issues].sort((a, b) => b.number - a.number)[0];
}

/** Another open issue with our marker (a human copied it, or an old race): close it as a duplicate. */
async function closeDuplicates(gh: GitHubClient, primary: ApiIssue, all: ApiIssue[], t: Catalogue): Promise<void> {
  for (const dup of all) {
    if (dup.number === primary.number || dup.state !== "open") continue;
    await comment(gh, dup.number, t.issues.duplicate({ number: primary.number }));
    await gh.request("PATCH", gh.repoPath(`/issues/${dup.number}`), {
      body: { state: "closed", state_reason: "not_planned" },
    });
  }
}

async function comment(gh: GitHubClient, issue: number, text: string): Promise<void> {
  await gh.request("POST", gh.repoPath(`/issues/${issue}/comments`), { body: { body: capText(text, MAX_BODY_CHARS) } });
}

/** Creates labels that do not exist yet (the label filter finds nothing for a missing label). */
async function ensureLabels(gh: GitHubClient, names: string[], kind?: IssueKind): Promise<void> {
  for (const name of names) {
    try {
      await gh.request("GET", gh.repoPath(`/labels/${encodeURIComponent(name)}`));
      continue;
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
    const isKind = kind !== undefined && name === kindLabel(kind);
    try {
      await gh.request("POST", gh.repoPath("/labels"), {
        body: {
          name,
          color: isKind ? KIND_COLOURS[kind] : name.startsWith("tenant:") ? "1d76db" : "ededed",
          ...(isKind ? { description: KIND_DESCRIPTIONS[kind] } : {}),
        },
      });
    } catch (error) {
      // 422 already_exists: a parallel tenant job created it a moment ago; that is fine.
      if ((error as { status?: number }).status !== 422) throw error;
    }
  }
}

function labelNames(issue: ApiIssue): string[] {
  return issue.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function oneLine(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .trim()
    .slice(0, 256);
}

function checkTenant(tenant: string): void {
  // The id goes into an HTML comment, a label and a label filter (comma-separated).
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(tenant)) {
    throw new Error(`tenant id "${tenant}" cannot be used in issue labels/markers (letters, digits, . _ - only)`);
  }
}
