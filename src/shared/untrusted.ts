/**
 * Renders text the product did not write (customer names, document numbers, texts from
 * Visma.net, the factor's server messages, error messages quoting them) for each place it is
 * shown, so it stays text there:
 *
 * - the Actions log (`forLog`, `logLines`): the runner executes a line as a workflow command when
 *   it starts with `::` after leading whitespace, and the legacy `##[command]` form anywhere in a
 *   line (actions/runner ActionCommand.TryParseV2 / TryParse). `::stop-commands::` would switch
 *   our own annotations off, `::add-mask::` hide figures, `::error file=…` annotate any file.
 * - Markdown (`forMarkdown`, `markdownCodeBlock`) in job summaries and issue bodies: mentions
 *   notify people, links and images point anywhere, raw HTML renders, a pipe breaks a table row.
 *
 * The hidden issue marker is the third sink; issues.ts matches it only at the start of a body.
 */

/** C0/C1 controls, line and paragraph separators: anything that could end or rewrite a line. */
const BREAKS = /[\p{Cc}\u2028\u2029]+/gu;
/** Bidirectional overrides and isolates: they make a log line read differently from what it says. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** One line of plain text: controls and newlines become one space, bidi controls go. */
function oneLine(text: string): string {
  return text.replace(BIDI, "").replace(BREAKS, " ");
}

/**
 * Untrusted text on one log line: no newline or control character, no `##[`, and it cannot
 * start a workflow command (a leading `::` gets a space between the colons). Idempotent.
 */
export function forLog(text: string): string {
  return oneLine(text)
    .replaceAll("##[", "## [")
    .replace(/^(\s*):(?=:)/u, "$1: ");
}

/** A block of lines for the log (what a logger prints): every line made safe by `forLog`. */
export function logLines(text: string): string {
  return text
    .split(/\r\n|\n/)
    .map(forLog)
    .join("\n");
}

const ZERO_WIDTH_SPACE = "&#8203;";

/**
 * Untrusted text inside a Markdown line (a paragraph, list item or table cell): it renders as the
 * same characters, but as text only.
 */
export function forMarkdown(text: string): string {
  return (
    oneLine(text)
      // Entities first, so the ones added below stay intact; an entity in the input shows as written.
      .replace(/&(?=#?[A-Za-z0-9]+;)/g, "&amp;")
      .replaceAll("<", "&lt;")
      .replaceAll(">", "&gt;")
      // Backslash first, then what makes links, images, emphasis of code and table cells.
      .replace(/[\\[\]|`]/g, "\\$&")
      // @user and @org/team notify; #12 and owner/repo#12 link and leave a trace in that issue.
      .replace(/([@#])(?=[\p{L}\p{N}_])/gu, `$1${ZERO_WIDTH_SPACE}`)
      // Bare URLs are linked by GitHub's autolink extension.
      .replace(/:\/\//g, `:/${ZERO_WIDTH_SPACE}/`)
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZERO_WIDTH_SPACE}.`)
  );
}

/**
 * Multi-line untrusted text (an error with its details) as a fenced code block: nothing inside
 * renders. The fence is longer than any run of backticks in the text, so the text cannot close it.
 */
export function markdownCodeBlock(text: string): string {
  const body = text
    .split(/\r\n|\n/)
    .map((line) => line.replace(BIDI, "").replace(BREAKS, " ").replace(/\s+$/u, ""))
    .join("\n");
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}\n${body}\n${fence}`;
}
