/**
 * Fixed-width records in ISO-8859-1 (SG Finans .SGF/.SGK). Text is normalised first (NFC,
 * non-breaking spaces, soft hyphens and typographic dashes/quotes mapped: text.ts). Then a
 * required value either fits its field exactly as it is, or it is a problem: nothing the factor
 * needs is ever cut, transliterated or rounded to make it fit. An optional text field marked
 * `cut` never holds a document back: what does not fit is cut (characters Latin-1 cannot carry
 * become "?"), and the record says so in a note for the run summary.
 *
 * ASSUMPTION(A28): numeric fields are right-aligned and zero-padded, text fields left-aligned and
 * space-padded, and an empty optional field is all spaces whatever its kind (reference §2.3 lists
 * padding as NOT CONFIRMED).
 */
import {
  type FieldLabel,
  type FieldName,
  type FieldNote,
  type ProblemText,
  fieldProblem,
} from "../shared/format-problems.ts";
import type { Problem } from "./problems.ts";
import { firstNonLatin1, isLatin1, latin1Lossy, latin1Text } from "./text.ts";

export interface FieldSpec {
  /** Field id from the reference table, e.g. "F7". */
  id: string;
  label: FieldLabel;
  length: number;
  kind: "numeric" | "text";
  required: boolean;
  /** Optional text only: a value that does not fit is cut and noted instead of refused. */
  cut?: boolean;
}

export interface RecordResult {
  line: string;
  problems: Problem[];
  /** What was written differently from the value (cut optional fields), for the run summary. */
  notes: FieldNote[];
}

/**
 * Lays out one record. `values` maps field id → value; a missing, null or empty value leaves the
 * field blank (a problem when the field is required). `source` names where a value came from,
 * so the message can say what to fix in Visma.net.
 */
export function buildRecord(
  specs: readonly FieldSpec[],
  values: Readonly<Record<string, string | null | undefined>>,
  source: Readonly<Record<string, FieldLabel>> = {},
): RecordResult {
  const problems: Problem[] = [];
  const notes: FieldNote[] = [];
  // Joined once at the end: a flat string, which the file's character check later reads fast.
  const fields: string[] = [];
  for (const spec of specs) {
    const given = values[spec.id];
    let value = given ? latin1Text(given) : ""; // most optional fields are empty: nothing to normalise
    if (spec.cut && !spec.required && spec.kind === "text" && value !== "") {
      const { written, note } = cutToFit(value, spec.length);
      if (note) notes.push({ field: fieldName(spec, source), note });
      value = written;
    }
    const problem = valueProblem(spec, value);
    if (problem) {
      problems.push(fieldProblem(fieldName(spec, source), problem));
      fields.push(" ".repeat(spec.length));
    } else if (value === "") {
      fields.push(" ".repeat(spec.length));
    } else {
      fields.push(spec.kind === "numeric" ? value.padStart(spec.length, "0") : value.padEnd(spec.length, " "));
    }
  }
  return { line: fields.join(""), problems, notes };
}

/** "F10 order no. (customer reference)": only built when a field has a problem or a note (most have neither). */
function fieldName(spec: FieldSpec, source: Readonly<Record<string, FieldLabel>>): FieldName {
  const from = source[spec.id];
  return from ? { id: spec.id, label: spec.label, source: from } : { id: spec.id, label: spec.label };
}

/** An optional value made to fit: characters Latin-1 cannot carry become "?", the rest is cut at `length`. */
function cutToFit(value: string, length: number): { written: string; note: FieldNote["note"] | null } {
  const bad = firstNonLatin1(value);
  if (bad === null && value.length <= length) return { written: value, note: null };
  const written = latin1Lossy(value).slice(0, length).trimEnd();
  return { written, note: { code: "cut", value, char: bad, max: length, written } };
}

const DIGITS = /^\d+$/;

function valueProblem(spec: FieldSpec, value: string): ProblemText | null {
  if (value === "") return spec.required ? { code: "required" } : null;
  if (spec.kind === "numeric") {
    // Digits only: then nothing in it that Latin-1 cannot carry.
    if (!DIGITS.test(value)) return { code: "not-digits", value };
  } else {
    const bad = firstNonLatin1(value);
    if (bad !== null) return { code: "character", value, char: bad, where: "latin1" };
  }
  if (value.length > spec.length) return { code: "too-long", value, max: spec.length };
  return null;
}

/** Records joined with CRLF after every record (ASSUMPTION(A29): CRLF, reference §2.3), as ISO-8859-1 bytes. */
export function latin1File(lines: readonly string[]): Buffer {
  // Unreachable when every value went through buildRecord; guards against a silent "?" from Buffer
  // (and against a CR or LF inside a record, which would split it). Record by record: a test per
  // line, not a walk over the whole file's characters.
  if (!lines.every(isLatin1)) {
    throw new Error("internal error: a record holds a character outside ISO-8859-1");
  }
  return Buffer.from(lines.map((line) => `${line}\r\n`).join(""), "latin1");
}

/** "2026-11-27" → "261127". */
export function yymmdd(date: string): string {
  return `${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}`;
}
