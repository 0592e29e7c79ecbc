/** What one command did for one tenant: the material of the console output, the job summary and the issues. */
import type { Tenant } from "../config/schema.ts";
import type { AttentionEntry } from "../ledger/attention-file.ts";
import { sumOre, type Ore } from "../shared/money.ts";
import type { Notice, NoticeText, SkipCode } from "../shared/notice.ts";
import type { DocumentType } from "../visma/index.ts";
import type { ClearedReason, Mismatch, RunText } from "./says.ts";

export type Command = "transfer" | "close";

/** What reporting needs of a tenant; a broken tenant file reports with the schema's default labels. */
export type ReportedTenant = Pick<Tenant, "id" | "name" | "reporting" | "timeZone">;

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
  cleared: { entry: AttentionEntry; why: ClearedReason }[];
  /** Set when the list could not be read or written (the error's own text); the issue is then left as it is. */
  error?: string;
}

/** The figures of a period's reconciliation, per measure (see reconcile.ts). */
export interface PeriodFigures {
  transferred: TotalRow[];
  closed: TotalRow[];
  skipped: TotalRow[];
  /** Transferred in the period and not closed or skipped yet. */
  open: TotalRow[];
}

/** The day's reconciliation, for the close summary (see reconcile.ts): figures and verdict, or why it could not be made. */
export interface ReconciliationSummary {
  from: string;
  to: string;
  total?: PeriodFigures;
  checked?: { closedDocuments: number; payments: number };
  /** The figures are the ledger's alone: the run posted nothing, so it checked nothing against Visma.net. */
  ledgerOnly?: boolean;
  mismatches: Mismatch[];
  /** The reconciliation could not be made: the error's own text. */
  error?: string;
}

export interface TenantRunResult {
  tenant: string;
  name: string;
  command: Command;
  businessDate: string;
  status: "ok" | "nothing-to-do" | "skipped" | "dry-run" | "failed";
  /** Why it was skipped or failed, or what it did: one sentence each, as data (run/says.ts). */
  says: RunText[];
  /** Refused on an expected condition (run/outcome.ts): the command exits 1, no failure issue. */
  refused?: true;
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
    /** Documents skipped because they changed after the transfer, with the notice that says why. */
    skipped: { type: DocumentType; number: string; skip: NoticeText<SkipCode> }[];
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
    says: [],
    files: [],
    batches: [],
    totals: [],
    notices: [],
  };
}
