/**
 * ASSUMPTION(A49): GitHub rejects issue and comment bodies over 65,536 characters (and some clients fail silently,
 * flatcar/Flatcar#2261). We keep well below, and say where the rest is.
 */
export const MAX_BODY_CHARS = 60_000;

/**
 * Cuts `text` to at most `max` characters (UTF-16 units, never splitting a surrogate pair), with a
 * note. The note names no run: an issue body must not change from run to run (issues.ts).
 */
export function capText(
  text: string,
  max: number = MAX_BODY_CHARS,
  truncated: (omitted: number) => string = (omitted) =>
    `… truncated (${omitted} characters omitted); see the run log linked in the comments`,
): string {
  if (text.length <= max) return text;
  const note = (omitted: number) => `\n\n${truncated(omitted)}`;
  const room = max - note(text.length).length;
  const keep = wholeChars(text, Math.max(0, room));
  // A limit too small for the note: cut without one rather than exceed the limit.
  return room > 0 ? text.slice(0, keep) + note(text.length - keep) : text.slice(0, wholeChars(text, max));
}

/** `n`, or `n - 1` when cutting at `n` would split a surrogate pair (half an emoji). */
function wholeChars(text: string, n: number): number {
  const code = text.charCodeAt(n - 1);
  return code >= 0xd800 && code <= 0xdbff ? n - 1 : n;
}
