/** What one command did for one tenant: the material of the console output, the job summary and the issues. */
import type { Tenant } from "../config/schema.ts";
import type { AttentionEntry } from "../ledger/attention-file.ts";
import type { Exclusion } from "../select/types.ts";
import { sumOre, type Ore } from "../shared/money.ts";
import type { DocumentType } from "../visma/types.ts";

export type Command = "transfer" | "close";

/** What reporting needs of a tenant; a broken tenant file reports with the schema's default labels. */
export type ReportedTenant = Pick<Tenant, "id" | "name" | "reporting">;

export interface Totals {
  count: number;
  amountOre: Ore;
}

/** Counts and sums per document type and currency (amounts of different currencies are never added). */
export interface TotalRow extends Totals {
  type: DocumentType;
  currency: string;
}

/** Every kind of finding this version reports; an attention entry of another kind is obsolete. */
export const FINDING_KINDS = [
  "too-old",
  "kid",
  "due-date-changed",
  "changed-after-transfer",
  "payment-refused",
  "autoinvoice-confirm",
  "credit-applied",
  "currency",
  "format",
  "pending-batch",
  "malformed",
  "other",
] as const;

export interface Finding {
  kind: (typeof FINDING_KINDS)[number];
  document?: { type: DocumentType; number: string; customer: string; customerName: string; amountOre: Ore; currency: string };
  /** What happened, and what a person should do about it. */
  message: string;
  /** Identity on the attention list when there is no document (default: kind + message). */
  key?: string;
  /** due-date-changed: the due date sent to the factor and the one Visma.net shows now. */
  dueDate?: { sent: string | null; current: string | null };
  /** autoinvoice-confirm: the batch whose invoices it names. */
  batchId?: string;
}

/** The attention list after a run merged its findings: what the issue body and `npm run report` show. */
export interface AttentionOutcome {
  entries: AttentionEntry[];
  added: AttentionEntry[];
  cleared: { entry: AttentionEntry; why: string }[];
  /** Set when the list could not be read or written; the issue is then left as it is. */
  error?: string;
}

/** The day's line of the reconciliation, for the close summary (see reconcile.ts). */
export interface ReconciliationSummary {
  date: string;
  line: string;
  mismatches: string[];
}

export interface TenantRunResult {
  tenant: string;
  name: string;
  command: Command;
  businessDate: string;
  status: "ok" | "nothing-to-do" | "skipped" | "dry-run" | "failed";
  /** One line on why it was skipped or failed, or what it did. */
  message: string;
  files: { name: string; bytes: number; sha256: string }[];
  batches: string[];
  totals: TotalRow[];
  excluded: Exclusion[];
  findings: Finding[];
  /** Closing only. */
  closing?: {
    closed: { type: DocumentType; number: string; customer: string; amountOre: Ore; currency: string; paymentType: string; paymentNumber: string }[];
    skipped: { type: DocumentType; number: string; reason: string; detail: string }[];
    waiting: Totals;
  };
  /** The tenant's attention list after this run (not on dry runs and skipped runs). */
  attention?: AttentionOutcome;
  /** Closing only: the day's reconciliation against Visma.net. */
  reconciliation?: ReconciliationSummary;
  apiRequests?: number;
  error?: string;
}

export function addToTotals(rows: TotalRow[], type: DocumentType, currency: string, amountOre: Ore): void {
  let row = rows.find((r) => r.type === type && r.currency === currency);
  if (!row) {
    row = { type, currency, count: 0, amountOre: 0 };
    rows.push(row);
    rows.sort((a, b) => a.type.localeCompare(b.type) || a.currency.localeCompare(b.currency));
  }
  row.count += 1;
  row.amountOre = sumOre([row.amountOre, amountOre]);
}

export function countOf(rows: TotalRow[], type: DocumentType): number {
  return rows.filter((r) => r.type === type).reduce((n, r) => n + r.count, 0);
}

export function baseResult(
  tenant: { id: string; name: string },
  command: Command,
  businessDate: string,
): TenantRunResult {
  return {
    tenant: tenant.id,
    name: tenant.name,
    command,
    businessDate,
    status: "ok",
    message: "",
    files: [],
    batches: [],
    totals: [],
    excluded: [],
    findings: [],
  };
}
