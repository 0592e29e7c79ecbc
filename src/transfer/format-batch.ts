/** The batch's files in the factor's format, with a deterministic id and file names (tenant, day, number). */
import { createHash } from "node:crypto";
import { formatterFor, type BatchToFormat, type DocumentNotes, type OutputFile } from "../format/index.ts";
import type { LedgerFile } from "../ledger/types.ts";
import type { Customer } from "../visma/index.ts";
import type { TransferRead } from "./read.ts";
import type { TransferRun } from "./run.ts";
import type { TransferSelection } from "./select.ts";

export interface FormattedBatch extends BatchToFormat {
  files: OutputFile[];
  /** Name, size and SHA-256 of each file, as the ledger records them. */
  records: LedgerFile[];
  /** Where the files say something differently from Visma.net without holding a document back. */
  notes: DocumentNotes[];
}

export function formatBatch(
  { tenant, today, cursor }: TransferRun,
  read: TransferRead,
  selection: TransferSelection,
): FormattedBatch {
  const sequence = selection.ledger.filter((b) => b.businessDate === today).length + 1;
  const customers = new Map<string, Customer>();
  for (const doc of selection.selected) customers.set(doc.customer.number, read.customers.get(doc.customer.number)!);
  const sentBefore = new Set(cursor?.customersSent ?? []);
  const batch: BatchToFormat = {
    tenantId: tenant.id,
    batchId: `${tenant.id}-${today.replaceAll("-", "")}-${String(sequence).padStart(2, "0")}`,
    businessDate: today,
    sequence,
    factor: tenant.factor,
    documents: selection.selected,
    customers,
    newCustomers: new Set([...customers.keys()].filter((c) => !sentBefore.has(c)).sort()),
  };
  const formatter = formatterFor(tenant.factor.format);
  const files = formatter.format(batch);
  return {
    ...batch,
    files,
    records: files.map((f) => ({
      name: f.name,
      bytes: f.content.length,
      sha256: createHash("sha256").update(f.content).digest("hex"),
    })),
    notes: formatter.fieldNotes(batch),
  };
}
