/** Entry point of the factor file formats: pick the formatter of the tenant's format. */
import type { TenantSettings } from "../config/schema.ts";
import { csvFormatter } from "./csv.ts";
import { ehfFormatter } from "./ehf.ts";
import { sgfFormatter } from "./sgf.ts";
import type { Formatter } from "./types.ts";

export { batchFileStem } from "./stem.ts";
export { kidIssue, kidProblem, mod10CheckDigit, mod11CheckDigit } from "./kid.ts";
export {
  FormatError,
  type BatchToFormat,
  type Formatter,
  type DocumentNotes,
  type FormatNote,
  type OutputFile,
} from "./types.ts";

export function formatterFor(format: TenantSettings["factor"]["format"]): Formatter {
  switch (format.type) {
    case "sgf":
      return sgfFormatter;
    case "ehf":
      return ehfFormatter;
    case "csv":
      return csvFormatter;
  }
}
