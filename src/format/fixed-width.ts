/**
 * Fixed-width records in ISO-8859-1 (SG Finans .SGF/.SGK). A value either fits its field exactly
 * as it is, or it is a problem: nothing is ever cut, transliterated or rounded to make it fit.
 *
 * ASSUMPTION: numeric fields are right-aligned and zero-padded, text fields left-aligned and
 * space-padded, and an empty optional field is all spaces whatever its kind (reference §2.3 lists
 * padding as NOT CONFIRMED).
 */
import { describeChar, firstNonLatin1, type Problem } from "./problems.ts";

export interface FieldSpec {
  /** Field id from the reference table, e.g. "F7". */
  id: string;
  label: string;
  length: number;
  kind: "numeric" | "text";
  required: boolean;
}

export interface RecordResult {
  line: string;
  problems: Problem[];
}

/**
 * Lays out one record. `values` maps field id → value; a missing, null or empty value leaves the
 * field blank (a problem when the field is required). `source` names where a value came from,
 * so the message can say what to fix in Visma.net.
 */
export function buildRecord(
  specs: readonly FieldSpec[],
  values: Readonly<Record<string, string | null | undefined>>,
  source: Readonly<Record<string, string>> = {},
): RecordResult {
  const problems: Problem[] = [];
  let line = "";
  for (const spec of specs) {
    const value = values[spec.id] ?? "";
    const field = `${spec.id} ${spec.label}${source[spec.id] ? ` (${source[spec.id]})` : ""}`;
    const problem = fieldProblem(spec, value);
    if (problem) {
      problems.push({ field, message: problem });
      line += " ".repeat(spec.length);
    } else if (value === "") {
      line += " ".repeat(spec.length);
    } else {
      line += spec.kind === "numeric" ? value.padStart(spec.length, "0") : value.padEnd(spec.length, " ");
    }
  }
  return { line, problems };
}

function fieldProblem(spec: FieldSpec, value: string): string | null {
  if (value === "") return spec.required ? "required but empty" : null;
  if (spec.kind === "numeric" && !/^\d+$/.test(value)) {
    return `${JSON.stringify(value)} is not a whole number; the field takes digits only`;
  }
  const bad = firstNonLatin1(value);
  if (bad !== null) {
    return `${JSON.stringify(value)} contains ${describeChar(bad)}, which the ISO-8859-1 file cannot carry`;
  }
  if (value.length > spec.length) {
    return `${JSON.stringify(value)} is ${value.length} characters; the field holds ${spec.length}`;
  }
  return null;
}

/** Records joined with CRLF after every record (ASSUMPTION: CRLF, reference §2.3), as ISO-8859-1 bytes. */
export function latin1File(lines: readonly string[]): Buffer {
  const text = lines.map((line) => `${line}\r\n`).join("");
  if (firstNonLatin1(text.replace(/\r\n/g, "")) !== null) {
    // Unreachable when every value went through buildRecord; guards against a silent "?" from Buffer.
    throw new Error("internal error: a record holds a character outside ISO-8859-1");
  }
  return Buffer.from(text, "latin1");
}

/** "2026-11-27" → "261127". */
export function yymmdd(date: string): string {
  return `${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}`;
}
