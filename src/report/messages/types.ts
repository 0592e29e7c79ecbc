/**
 * The shape of the message catalogue: every text a partner or an accountant reads, by section
 * and key. Each language (en.ts, nb.ts) is a `Messages`, so the compiler holds both to the same
 * keys and to the same data per message (a message takes exactly the data its key is given);
 * test/report/messages.test.ts checks that both languages also use the same data.
 *
 * A text is a plain string, or a function of its data and the Format (money, dates and times in
 * the tenant's zone, plurals, lists). Texts are plain text: the Markdown renderers make each
 * rendered line inert (shared/untrusted.ts), so a sentence quoting a customer name stays text.
 */
import type { Command, TenantRunResult } from "../../run/result.ts";
import type { ClearedReason, MismatchProblem, RunCode, RunTexts } from "../../run/says.ts";
import type { NoticeCode, NoticeData } from "../../shared/notice.ts";
import type { Format } from "./format.ts";

type RunStatus = TenantRunResult["status"];

/** A text with data. */
export type Msg<P> = (p: P, f: Format) => string;

/** The texts of a union of `{ code, … }` data, one per code. */
type ByCode<U extends { code: string }> = { [C in U["code"]]: Msg<Extract<U, { code: C }>> };

export interface Messages {
  /** Words several sections use. */
  words: {
    /** The run statuses as a summary names them. */
    status: Record<RunStatus, string>;
    /** The commands as nouns ("transfer", "closing"). */
    command: Record<Command, string>;
    /** A batch's status in the ledger. */
    batchStatus: Record<"pending" | "transferred" | "abandoned", string>;
    /** A notice's document: "Invoice 000145 Østfold Bølgeblikk AS, 1 250,00 NOK". */
    document: Msg<{ type: string; number: string; customer: string; amountOre?: number; currency?: string }>;
    /** A text that could not be rendered from its data (an edited file): its code. */
    unreadable: Msg<{ code: string }>;
  };
  /** Every notice code (shared/notice.ts): a short label (counts, headings) and its sentence. */
  notices: { [C in NoticeCode]: { label: string; text: Msg<NoticeData[C]> } };
  /** How a run ended (run/says.ts). */
  run: { [C in RunCode]: Msg<RunTexts[C]> };
  /** Why an item left the attention list. */
  cleared: ByCode<ClearedReason>;
  /** What the reconciliation found wrong. */
  mismatch: ByCode<MismatchProblem>;
  /** The run summary: console, log groups, job summary, issue bodies (report/render.ts). */
  summary: {
    /** "transfer 2026-11-29" / "overføring 29.11.2026". */
    run: Msg<{ command: Command; date: string }>;
    /** The figures table's row label: "Invoices" / "Credit notes". */
    rows: Msg<{ type: string }>;
    tableType: string;
    tableCount: string;
    tableAmount: string;
    file: Msg<{ name: string; bytes: number; sha256: string }>;
    files: string;
    bytes: Msg<{ bytes: number }>;
    closed: Msg<{
      type: string;
      number: string;
      customer: string;
      paymentType: string;
      paymentNumber: string;
      amountOre: number;
      currency: string;
    }>;
    skipped: string;
    closingDocument: string;
    closingCustomer: string;
    closingBy: string;
    waiting: Msg<{ count: number }>;
    routine: Msg<{ counts: string }>;
    /** "payment method 3": one routine code and its count. */
    routineCount: Msg<{ label: string; count: number }>;
    attentionHeading: Msg<{ count: number }>;
    summaryHeading: Msg<{ count: number }>;
    attention: Msg<{ open: number; added: number; cleared: number }>;
    attentionError: Msg<{ error: string }>;
    resolved: Msg<{ line: string; why: string }>;
    listedSince: Msg<{ line: string; since: string }>;
  };
  /** The day's (or a period's) reconciliation line. */
  reconciliation: {
    line: Msg<{
      from: string;
      to: string;
      transferred: string;
      closed: string;
      skipped: string;
      open: string;
      verdict: string;
    }>;
    /** "2 invoices 2 050,50 NOK": one row of a figure. */
    row: Msg<{ type: string; count: number; amountOre: number; currency: string }>;
    /** The document a mismatch concerns: "Invoice 000702 (customer 10001, 800,00 NOK)". */
    document: Msg<{ type: string; number: string; customer: string; amountOre: number; currency: string }>;
    none: string;
    balanced: Msg<{ documents: number; payments: number }>;
    mismatches: Msg<{ count: number }>;
    failed: Msg<{ from: string; to: string; error: string }>;
  };
  /** GitHub issues: titles, bodies, comments (report/publish.ts, report/github/issues.ts). */
  issues: {
    failureTitle: Msg<{ tenant: string; command: Command }>;
    failureBody: Msg<{ name: string; tenant: string; command: Command }>;
    failureLink: Msg<{ command: Command }>;
    resolvedComment: Msg<{ command: Command; date: string; runUrl?: string }>;
    resolvedLink: string;
    attentionTitle: Msg<{ tenant: string; count: number }>;
    attentionIntro: Msg<{ name: string; tenant: string }>;
    attentionKept: Msg<{ tenant: string }>;
    attentionLink: string;
    attentionResolved: Msg<{ command: Command; date: string }>;
    attentionResolvedLink: string;
    reported: Msg<{ runUrl: string }>;
    stillHappening: Msg<{ runUrl: string }>;
    reopened: Msg<{ runUrl?: string }>;
    duplicate: Msg<{ number: number }>;
    truncated: Msg<{ omitted: number }>;
    /** The failure issue's body when the job was cancelled or timed out (report-cancelled). */
    cancelled: Msg<{ command: Command; tenant: string }>;
    /** The Actions step's failure line. */
    stepFailed: Msg<{ command: Command; tenants: string[] }>;
  };
  /** `npm run report` (report/period.ts). */
  report: {
    couldNotReconcile: string;
    tenantFileErrors: string;
    period: Msg<{ from: string; to: string }>;
    day: string;
    total: string;
    transferred: string;
    closed: string;
    skipped: string;
    open: string;
    balanced: Msg<{ documents: number; payments: number }>;
    mismatches: Msg<{ count: number }>;
    attention: Msg<{ count: number }>;
  };
  /** `npm run demo`: the story around the runs' own output (src/sandbox/demo.ts). */
  demo: {
    start: string;
    vismaSandbox: Msg<{ url: string; customers: number; invoices: number; creditNotes: number }>;
    sftpServer: Msg<{ url: string; fingerprint: string }>;
    workFolder: Msg<{ folder: string }>;
    doctor: string;
    transfer: Msg<{ date: string; time: string }>;
    delivered: string;
    file: Msg<{ name: string; bytes: number; records: number }>;
    moreRecords: Msg<{ count: number }>;
    ledger: string;
    batch: Msg<{ path: string; id: string; status: string; documents: number }>;
    batchFiles: Msg<{ files: string }>;
    closing: Msg<{ date: string; time: string; hours: number }>;
    payments: Msg<{ account: string }>;
    payment: Msg<{ type: string; number: string; ref: string; amount: string; status: string; documents: string }>;
    paymentDocument: Msg<{ type: string; number: string; status: string; balanceOre: number; currency: string }>;
    morePayments: Msg<{ count: number }>;
    reconciliation: string;
    mismatch: Msg<{ text: string }>;
    happened: string;
    sent: Msg<{
      documents: number;
      factor: string;
      files: number;
      invoicesOre: number;
      creditNotesOre: number;
      currency: string;
    }>;
    routine: Msg<{ count: number }>;
    attention: Msg<{ count: number; labels: string[] }>;
    closed: Msg<{ payments: number; account: string; closed: number; skipped: number }>;
    rerun: Msg<{ kept: boolean }>;
    balances: string;
    mismatches: Msg<{ count: number }>;
    finished: string;
    failed: string;
    kept: Msg<{ folder: string; state: string }>;
  };
}
