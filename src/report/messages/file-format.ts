/**
 * A factor file's field problems and notes in a catalogue's words (its `fileFormat` section). A
 * problem or note stored before they carried codes (or with a code this version does not know)
 * shows the English text it holds.
 */
import { type FieldName, type FieldProblem, type FieldNote, fieldNameIn } from "../../shared/format-problems.ts";
import type { Format } from "./format.ts";
import type { Messages } from "./types.ts";

type Texts = Messages["fileFormat"];
type Text = (p: unknown, f: Format) => string;

function fieldName(field: FieldName, texts: Texts, f: Format): string {
  return fieldNameIn(field, texts.fields, (column) => texts.column({ column }, f));
}

/** "K9 zip code (postal code): "12345" is not …" in the catalogue's language. */
export function problemLine(problem: FieldProblem, texts: Texts, f: Format): string {
  const coded = problem.coded;
  const text = coded && (texts.problems as Record<string, Text | undefined>)[coded.problem.code];
  if (coded && text) {
    try {
      return `${fieldName(coded.field, texts, f)}: ${text(coded.problem, f)}`;
    } catch {
      // An edited file: the English text it holds.
    }
  }
  return `${problem.field}: ${problem.message}`;
}

/** A document's notes in one text: from their data, or the English `note` stored beside it. */
export function notesLine(p: { note: string; notes?: FieldNote[] }, texts: Texts, f: Format): string {
  if (!p.notes) return p.note;
  const lines: string[] = [];
  for (const { field, note } of p.notes) {
    const text = (texts.notes as Record<string, Text | undefined>)[note?.code];
    if (!text) return p.note;
    try {
      lines.push(`${fieldName(field, texts, f)}: ${text(note, f)}`);
    } catch {
      return p.note;
    }
  }
  return lines.join("; ");
}
