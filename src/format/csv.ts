/**
 * CSV with the columns the tenant file chooses (CSV_COLUMNS in config/schema.ts), written with
 * fast-csv: delimiter, optional header row of column names, decimal separator and encoding from
 * the settings; dates yyyy-MM-dd; CRLF after every row including the last; a UTF-8 byte-order
 * mark only when the tenant asks (`bom`). Text is NFC; a Latin-1 file also gets plain spaces,
 * dashes and quotes for their typographic forms (text.ts).
 *
 * Formulas: a cell a spreadsheet would run (=, +, -, @, also after spaces) gets a leading
 * apostrophe unless the tenant turns `escapeFormulas` off for a factor that imports the file
 * programmatically (there the apostrophe would become part of the value). The amount columns are
 * numbers we write ourselves and are never changed: a credit note's "-125,00" stays a number.
 *
 * ASSUMPTION(A39): credit notes are written with negative amount and VAT (the document type column,
 * if chosen, says so too), because a CSV import without a transaction code reads signs.
 * ASSUMPTION(A40): a field may not contain line breaks or other control characters, even though CSV
 * quoting could carry them: factor imports are rarely RFC 4180 complete.
 */
import { format as csvStream } from "fast-csv";
import type { CsvColumn } from "../config/schema.ts";
import type { ArDocument, Customer } from "../visma/index.ts";
import { oreToDecimalString } from "../shared/money.ts";
import { documentPostalAddress, streetText } from "./address.ts";
import { commonProblems, organizationDigits, renderProblem, throwIfProblems, type Problem } from "./problems.ts";
import { firstNonLatin1, latin1Text, neutraliseFormula, nfc } from "./text.ts";
import { batchFileStem } from "./stem.ts";
import { fieldProblem } from "../shared/format-problems.ts";
import type { BatchToFormat, DocumentNotes, FactorSettings, FormatNote, Formatter, OutputFile } from "./types.ts";

type CsvSettings = Extract<FactorSettings["format"], { type: "csv" }>;

function assertCsv(factor: FactorSettings): CsvSettings {
  if (factor.format.type !== "csv") throw new Error(`the CSV formatter was given format ${factor.format.type}`);
  return factor.format;
}

function money(ore: number, negative: boolean, settings: CsvSettings): string {
  return oreToDecimalString(negative ? -ore : ore).replace(".", settings.decimalSeparator);
}

/** Columns whose values this module writes as numbers or dates itself: never treated as formulas. */
const OWN_VALUES: ReadonlySet<CsvColumn> = new Set(["amount", "vatAmount", "documentDate", "dueDate"]);

/** The value of every column for one document (customer may be missing only while checking), normalised for the file's charset. */
function columnValues(
  document: ArDocument,
  customer: Customer | undefined,
  settings: CsvSettings,
): Record<CsvColumn, string> {
  const normalise = settings.encoding === "latin1" ? latin1Text : nfc;
  const values = rawColumnValues(document, customer, settings);
  for (const column of Object.keys(values) as CsvColumn[]) values[column] = normalise(values[column]);
  return values;
}

/** The cell as written: a value a spreadsheet would run as a formula is neutralised unless the tenant says not to. */
function cellOf(column: CsvColumn, value: string, settings: CsvSettings): string {
  return settings.escapeFormulas && !OWN_VALUES.has(column) ? neutraliseFormula(value) : value;
}

function rawColumnValues(
  document: ArDocument,
  customer: Customer | undefined,
  settings: CsvSettings,
): Record<CsvColumn, string> {
  const credit = document.type === "CreditNote";
  const address = customer ? documentPostalAddress(document, customer) : document.invoiceAddress;
  return {
    documentType: document.type,
    documentNumber: document.number,
    customerNumber: document.customer.number,
    customerName: (customer?.name ?? document.customer.name).trim(),
    organizationNumber: customer ? (organizationDigits(customer) ?? "") : "",
    documentDate: document.documentDate,
    dueDate: document.dueDate ?? "",
    currency: document.currency,
    amount: Number.isSafeInteger(document.amountOre) ? money(document.amountOre, credit, settings) : "",
    vatAmount: Number.isSafeInteger(document.vatOre) ? money(document.vatOre, credit, settings) : "",
    kid: document.kid?.trim() ?? "",
    customerReference: document.customerRef?.trim() ?? "",
    address: streetText(address),
    postalCode: address?.postalCode?.trim() ?? "",
    city: address?.city?.trim() ?? "",
    countryCode: address?.countryId?.trim().toUpperCase() ?? "",
  };
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

function documentProblems(document: ArDocument, customer: Customer | undefined, factor: FactorSettings): Problem[] {
  const settings = assertCsv(factor);
  const problems = commonProblems(document, customer, factor);
  const values = columnValues(document, customer, settings);
  for (const column of settings.columns) {
    const value = values[column];
    if (column === "organizationNumber" && customer && value === "") {
      problems.push(fieldProblem({ column }, { code: "csv-no-org", customer: customer.number }));
    }
    const bad = settings.encoding === "latin1" ? firstNonLatin1(value) : (CONTROL.exec(value)?.[0] ?? null);
    if (bad !== null) {
      const where = settings.encoding === "latin1" && !CONTROL.test(bad) ? "latin1" : "control";
      problems.push(fieldProblem({ column }, { code: "character", value, char: bad, where }));
    }
  }
  return problems;
}

/**
 * Rows → CSV text through fast-csv's formatter. The stream is fed and drained synchronously
 * (its transform is synchronous when no row transform is given); the guard turns any change in
 * that behaviour into an error instead of a truncated file.
 */
function csvText(header: string[] | null, rows: string[][], settings: CsvSettings): string {
  const stream = csvStream<string[], string[]>({
    delimiter: settings.delimiter,
    rowDelimiter: "\r\n",
    headers: header ?? false,
    writeHeaders: header !== null,
    includeEndRowDelimiter: false, // written below: fast-csv emits it only on the asynchronous flush
  });
  for (const row of rows) stream.write(row);
  const chunks: Buffer[] = [];
  for (let chunk = stream.read(); chunk !== null; chunk = stream.read()) chunks.push(Buffer.from(chunk));
  if (stream.writableLength !== 0) throw new Error("internal error: fast-csv did not format the rows synchronously");
  stream.destroy();
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? "" : `${text}\r\n`;
}

export const csvFormatter: Formatter = {
  problems: documentProblems,

  check(document, customer, factor) {
    return documentProblems(document, customer, factor).map((p) => renderProblem(document, p));
  },

  format(batch: BatchToFormat): OutputFile[] {
    const settings = assertCsv(batch.factor);
    const stem = batchFileStem(batch.tenantId, batch.businessDate, batch.sequence);
    if (batch.documents.length === 0) return [];
    const rows: string[][] = [];
    for (const document of batch.documents) {
      const customer = batch.customers.get(document.customer.number);
      throwIfProblems(document, documentProblems(document, customer, batch.factor));
      const values = columnValues(document, customer, settings);
      rows.push(settings.columns.map((column) => cellOf(column, values[column], settings)));
    }
    const text = csvText(settings.header ? [...settings.columns] : null, rows, settings);
    const bom = settings.encoding === "utf-8" && settings.bom ? "\uFEFF" : "";
    return [
      { name: `${stem}.csv`, content: Buffer.from(bom + text, settings.encoding === "latin1" ? "latin1" : "utf8") },
    ];
  },

  // A CSV cell is never cut: what does not fit the charset holds the document back.
  notes(): FormatNote[] {
    return [];
  },

  fieldNotes(): DocumentNotes[] {
    return [];
  },
};
