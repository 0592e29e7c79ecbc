/** What one command did for one tenant: the material of the console output, the job summary and the issues. */
import type { Tenant } from "../config/schema.ts";
import type { AttentionEntry } from "../ledger/attention-file.ts";
import { sumOre, type Ore } from "../shared/money.ts";
import type { Notice } from "../shared/notice.ts";
import type { DocumentType } from "../visma/index.ts";

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

/** The attention list after a run merged its notices: what the issue body and `npm run report` show. */
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
  /**
   * What the run has to say about documents and itself, in the one vocabulary of shared/notice.ts:
   * routine exclusions (counted), summary notes (said once) and what needs a person (listed, and
   * kept on the attention list).
   */
  notices: Notice[];
  /** Closing only. */
  closing?: {
    closed: {
      type: DocumentType;
      number: string;
      customer: string;
      amountOre: Ore;
      currency: string;
      paymentType: string;
      paymentNumber: string;
    }[];
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
    notices: [],
  };
}
