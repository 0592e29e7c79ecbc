/**
 * Commit messages for ledger commits: a one-line human subject and a machine-readable JSON block
 * (the githubocto/flat idea), so `git log` can be queried for what a run recorded.
 */

export interface CommitMessage {
  tenant: string;
  businessDate: string;
  action: string;
  counts: Record<string, number>;
  runUrl?: string;
}

const FENCE_OPEN = "```json visma-factoring";
const FENCE_CLOSE = "```";

/** Removes control characters (newlines included) so user text cannot add lines to the subject. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}

/** "creditNotes" → "credit notes"; a count of 1 drops a trailing "s" ("1 invoice"). */
function describeCount(key: string, count: number): string {
  let words = oneLine(key)
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  if (count === 1 && words.endsWith("s")) words = words.slice(0, -1);
  return `${count} ${words}`;
}

/** `state(acme): transfer 2026-11-27 — 12 invoices, 2 credit notes [skip ci]` */
function commitSubject(message: CommitMessage): string {
  const counts = Object.entries(message.counts).map(([key, n]) => describeCount(key, n));
  const detail = counts.length > 0 ? ` — ${counts.join(", ")}` : "";
  // [skip ci]: GITHUB_TOKEN pushes trigger nothing anyway, but an App/PAT token would re-trigger CI.
  return `state(${oneLine(message.tenant)}): ${oneLine(message.action)} ${oneLine(message.businessDate)}${detail} [skip ci]`;
}

/** Full message: subject, blank line, fenced JSON with the same facts (stable key order). */
export function formatCommitMessage(message: CommitMessage): string {
  const meta = {
    tenant: message.tenant,
    businessDate: message.businessDate,
    action: message.action,
    counts: message.counts,
    ...(message.runUrl ? { runUrl: message.runUrl } : {}),
  };
  // JSON.stringify escapes newlines inside strings, so the closing fence can only be ours.
  return `${commitSubject(message)}\n\n${FENCE_OPEN}\n${JSON.stringify(meta, null, 2)}\n${FENCE_CLOSE}\n`;
}

/** Reads the JSON block back from a commit message; null when there is none. */
export function parseCommitMessage(text: string): CommitMessage | null {
  const start = text.indexOf(`${FENCE_OPEN}\n`);
  if (start < 0) return null;
  const bodyStart = start + FENCE_OPEN.length + 1;
  const end = text.indexOf(`\n${FENCE_CLOSE}`, bodyStart);
  if (end < 0) return null;
  try {
    return JSON.parse(text.slice(bodyStart, end)) as CommitMessage;
  } catch {
    return null;
  }
}
