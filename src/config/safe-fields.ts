/**
 * Field types of the tenant schema whose values end up in paths, GitHub labels and clocks: each
 * refuses what could reach outside its place (a `..`, a control character, a `.git` folder, a
 * comma in a label filter) with a message naming the fix, and never throws on odd input, so one
 * broken file gets its located message instead of stopping the validation of the others.
 */
import { posix } from "node:path";
import { z } from "zod";

const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "HH:mm", 00:00–23:59; "7:30" is explained rather than misread. */
export const timeOfDay = z.string().superRefine((s, ctx) => {
  if (TIME.test(s)) return;
  const oneDigitHour = /^(\d):([0-5]\d)$/.exec(s);
  ctx.addIssue({
    code: "custom",
    input: s,
    message: oneDigitHour
      ? `write the hour with two digits: "0${oneDigitHour[1]}:${oneDigitHour[2]}" (HH:mm)`
      : 'expected a time of day "HH:mm", e.g. "15:30"',
  });
});

/** Minutes after midnight of a valid "HH:mm", undefined otherwise (never throws). */
export function minutesOf(hhmm: string): number | undefined {
  const m = TIME.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

function segments(path: string): string[] {
  return path.split(/[\\/]+/);
}

/**
 * A folder on the factor's server: no control characters, no `..` (also not with backslashes,
 * which Windows servers read as separators), written back normalised ("/inbox/./" → "/inbox").
 */
export const remoteFolder = z
  .string()
  .min(1)
  .refine((s) => !CONTROL.test(s), {
    message: "contains a control character; write the folder name as the factor gave it",
  })
  .refine((s) => !segments(s).includes(".."), { message: 'must not contain "..": name the folder itself, e.g. /inbox' })
  .overwrite(normaliseRemoteFolder);

/** "/inbox/./x//" → "/inbox/x"; "" parts and trailing slashes dropped, "/" stays "/". */
function normaliseRemoteFolder(dir: string): string {
  const normal = posix.normalize(dir);
  return normal.length > 1 ? normal.replace(/\/+$/, "") : normal;
}

/** Folders of the repository itself that a local delivery must never write into. */
const REPOSITORY_FOLDERS = new Set([
  ".github",
  ".ci",
  "src",
  "scripts",
  "schemas",
  "state",
  "tenants",
  "test",
  "node_modules",
  "docs",
]);

/**
 * A local delivery folder (demo, tests, a mounted share): no control characters, no `..`, never
 * inside a `.git` folder, and, when relative (to the repository), not one of the repository's
 * own folders (code, tenant files, the ledger).
 */
export const localFolder = z
  .string()
  .min(1)
  .refine((s) => !CONTROL.test(s), { message: "contains a control character" })
  .refine((s) => !segments(s).includes(".."), {
    message: 'must not contain "..": the files stay in the folder written here',
  })
  .refine((s) => !segments(s).some((p) => p.toLowerCase() === ".git"), {
    message: "must not be inside a .git folder (git's own files and hooks)",
  })
  .refine(
    (s) =>
      posix.isAbsolute(s) || /^[A-Za-z]:[\\/]/.test(s) || !REPOSITORY_FOLDERS.has(segments(posix.normalize(s))[0]!),
    {
      message: `must not be one of the repository's own folders (${[...REPOSITORY_FOLDERS].join(", ")}); use e.g. out/factor`,
    },
  );

/** The product's own label namespaces: a tenant's label must not look like another tenant's issue. */
const RESERVED_LABEL = /^(factoring|tenant):/i;

/** A GitHub label a tenant adds to its issues. */
export const issueLabel = z
  .string()
  .min(1)
  .max(50, { message: "GitHub labels have at most 50 characters" })
  .refine((s) => !CONTROL.test(s), { message: "contains a control character" })
  .refine((s) => s === s.trim(), { message: "must not start or end with a space" })
  .refine((s) => !s.includes(","), {
    message: "must not contain a comma (labels are looked up as a comma-separated list)",
  })
  .refine((s) => !RESERVED_LABEL.test(s), {
    message: 'labels starting with "factoring:" or "tenant:" are set by the product itself',
  });

/** A GitHub user name: letters, digits and single dashes, at most 39 characters. */
export const githubLogin = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/, {
  message: "expected a GitHub user name (letters, digits, single dashes; no @)",
});
