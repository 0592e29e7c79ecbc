/**
 * CSV with the columns the tenant file chooses (CSV_COLUMNS in config/schema.ts), written with
 * fast-csv: delimiter, optional header row of column names, decimal separator and encoding from
 * the settings; dates yyyy-MM-dd; CRLF after every row including the last; no BOM.
 *
 * ASSUMPTION: credit notes are written with negative amount and VAT (the document type column,
 * if chosen, says so too), because a CSV import without a transaction code reads signs.
 * ASSUMPTION: a field may not contain line breaks or other control characters, even though CSV
 * quoting could carry them: factor imports are rarely RFC 4180 complete.
 */
import { format as csvStream } from "fast-csv";
import type { CsvColumn } from "../config/schema.ts";
import type { ArDocument, Customer } from "../visma/types.ts";
import { oreToDecimalString } from "../shared/money.ts";
import { documentPostalAddress, streetText } from "./address.ts";
import { commonProblems, describeChar, firstNonLatin1, organizationDigits, renderProblem, throwIfProblems, type Problem } from "./problems.ts";
import { batchFileStem } from "./stem.ts";
import type { BatchToFormat, FactorSettings, Formatter, OutputFile } from "./types.ts";

type CsvSettings = Extract<FactorSettings["format"], { type: "csv" }>;

function assertCsv(factor: FactorSettings): CsvSettings {
  if (factor.format.type !== "csv") throw new Error(`the CSV formatter was given format ${factor.format.type}`);
  return factor.format;
}

function money(ore: number, negative: boolean, settings: CsvSettings): string {
  return oreToDecimalString(negative ? -ore : ore).replace(".", settings.decimalSeparator);
}

/** The value of every column for one document (customer may be missing only while checking). */
function columnValues(document: ArDocument, customer: Customer | undefined, settings: CsvSettings): Record<CsvColumn, string> {
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
      problems.push({ field: column, message: `customer ${customer.number} has no organisation number (corporateId)` });
    }
    const bad = settings.encoding === "latin1" ? firstNonLatin1(value) : (CONTROL.exec(value)?.[0] ?? null);
    if (bad !== null) {
      const why = settings.encoding === "latin1" && !CONTROL.test(bad) ? "which the ISO-8859-1 file cannot carry" : "a control character is not allowed in a field";
      problems.push({ field: column, message: `${JSON.stringify(value)} contains ${describeChar(bad)}, ${why}` });
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
      rows.push(settings.columns.map((column) => values[column]));
    }
    const text = csvText(settings.header ? [...settings.columns] : null, rows, settings);
    return [{ name: `${stem}.csv`, content: Buffer.from(text, settings.encoding === "latin1" ? "latin1" : "utf8") }];
  },
};
