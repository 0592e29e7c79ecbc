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
import type { FieldLabel, NoteText, ProblemText } from "../../shared/format-problems.ts";
import type { KidIssue, NoticeCode, NoticeData } from "../../shared/notice.ts";
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
    /** What is wrong with a KID under the factor's check-digit rule. */
    kid: Msg<KidIssue>;
    /** A text that could not be rendered from its data (an edited file): its code. */
    unreadable: Msg<{ code: string }>;
  };
  /**
   * The factor file's field problems and notes (shared/format-problems.ts): the fields' names,
   * a CSV column by its name, and a text per code. The notices "format" and "format-note" use them.
   */
  fileFormat: {
    fields: Record<FieldLabel, string>;
    column: Msg<{ column: string }>;
    problems: ByCode<ProblemText>;
    notes: ByCode<NoteText>;
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
    /** The verdict of a run that posted nothing: the ledger's figures, nothing checked. */
    ledgerOnly: string;
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
  /** `npm run doctor`: the readiness checklist (src/doctor). Check names and what each line saw. */
  doctor: {
    // The report (doctor/render.ts).
    heading: Msg<{ tenant: string; file: string; now: string }>;
    title: Msg<{ tenant: string }>;
    at: Msg<{ file: string; now: string }>;
    ready: Msg<{ tally: string; unknown: number }>;
    notReady: Msg<{ tally: string }>;
    // The check names.
    name: {
      token: string;
      scopes: string;
      visma: string;
      firstRun: string;
      nextRun: string;
      tenantFile: string;
      rateLimit: string;
      paymentMethod: Msg<{ id: string }>;
      cashAccounts: string;
      cashAccount: Msg<{ currency: string }>;
      cashAccountWith: Msg<{ account: string; method: string }>;
      documents: string;
      unreadableDocument: Msg<{ type: string; id: string }>;
      selection: string;
      unreadableCustomer: string;
      heldBack: Msg<{ label: string }>;
      kid: string;
      customers: string;
      currencies: string;
      payments: string;
      unreadablePayment: Msg<{ id: string }>;
      expandFlags: string;
      vatId: string;
      timestamps: string;
      sftpHostKey: string;
      sftpLogin: string;
      sftpFolder: string;
      sftpWriteAccess: string;
      sftpConnection: string;
      deliveryFolder: string;
      ledger: string;
      pendingBatch: Msg<{ id: string }>;
    };
    // run.ts
    notReadWithoutToken: string;
    notCountedWithoutToken: string;
    fileHasErrors: Msg<{ file: string }>;
    // token.ts
    scopeWhy: { read: string; create: string; update: string };
    tokenObtained: Msg<{ url: string; tenantId: string; seconds: number }>;
    scopesWithoutToken: string;
    scopesNotNamed: string;
    scopesProbed: string;
    scopesGranted: string;
    scopesOk: Msg<{ verb: string; granted: string[]; readOnly: boolean }>;
    scopesMissing: Msg<{ verb: string; granted: string[]; missing: { scope: string; why: string }[]; grant: string }>;
    // setup.ts
    notRead: Msg<{ error: string }>;
    methodMissing: Msg<{ from: string[]; has: string[] }>;
    methodInactive: Msg<{ what: string; from: string[] }>;
    methodActive: Msg<{ what: string; from: string[] }>;
    closingDisabled: string;
    accountNotChecked: Msg<{ number: string; option: string; error: string }>;
    accountMissing: Msg<{ number: string; option: string; has: string[]; currency: string }>;
    accountNoCurrency: Msg<{ number: string; option: string }>;
    accountWrongCurrency: Msg<{
      number: string;
      option: string;
      accountCurrency: string;
      currency: string;
      shared: boolean;
    }>;
    accountOk: Msg<{ number: string; description: string | null; option: string; currency: string }>;
    accountsUnused: Msg<{ currencies: string[] }>;
    linkAsk: Msg<{ method: string }>;
    linkNotRead: Msg<{ ask: string; error: string }>;
    linkUsed: Msg<{ type: string; number: string; date: string | null }>;
    linkOthers: Msg<{ method: string; accounts: string[]; account: string; ask: string }>;
    linkNone: Msg<{ method: string; ask: string }>;
    // payments.ts
    paymentsNotRead: Msg<{ from: string; error: string }>;
    paymentsSeen: Msg<{ total: number; from: string; kinds: string; ours: number }>;
    paymentNotOurs: string;
    paymentOursNoRef: string;
    paymentOursRef: Msg<{ ref: string }>;
    paymentUnreadable: Msg<{ endpoint: string; problem: string; effect: string }>;
    paymentsUnreadable: Msg<{ seen: string; count: number }>;
    paymentsNone: Msg<{ seen: string }>;
    paymentsOk: Msg<{ seen: string }>;
    // rate-limit.ts
    rateNeed: Msg<{
      normal: number;
      perDay: number;
      busiest: { date: string; payments: number } | null;
      busy: number;
      busiestRun: number;
    }>;
    rateNeedUnknown: string;
    rateUnpublished: Msg<{ need: string }>;
    rateFigures: Msg<{ policy: string | null; limit: number; remaining: number | null; reset: number | null }>;
    rateExceeded: Msg<{ figures: string; need: string }>;
    rateClose: Msg<{ figures: string; need: string }>;
    rateOk: Msg<{ figures: string; need: string }>;
    // documents.ts
    sampleNotRead: Msg<{ error: string }>;
    selectionNotJudged: Msg<{ error: string }>;
    sampleRead: Msg<{ invoices: number; creditNotes: number; from: string; cap: number | null }>;
    sampleUnreadable: Msg<{ read: string; count: number }>;
    sampleEmpty: Msg<{ read: string }>;
    sampleOk: Msg<{ read: string }>;
    selectionSeen: Msg<{ selected: number; total: number; held: string; routine: string }>;
    tally: Msg<{ label: string; count: number }>;
    noneTallied: string;
    selectionEmpty: string;
    selectionNoMethod: Msg<{ seen: string; methods: string[] }>;
    selectionNoneSent: Msg<{ seen: string }>;
    heldBack: Msg<{ count: number; texts: string[]; more: number }>;
    heldBackText: Msg<{ documents: string; text: string }>;
    documentName: Msg<{ type: string; number: string }>;
    kidNoInvoice: string;
    kidNotChecked: Msg<{ carrying: number; total: number }>;
    kidSeen: Msg<{ valid: number; total: number; rule: string }>;
    kidBad: Msg<{ number: string; problem: string }>;
    kidMostFail: Msg<{ seen: string; named: string }>;
    kidHeld: Msg<{ seen: string; named: string }>;
    customersNone: string;
    customersOk: Msg<{ count: number }>;
    customersSome: Msg<{ count: number; noOrg: string[]; noAddress: string[]; missing: string[] }>;
    currenciesNone: string;
    currenciesRefused: Msg<{ shown: string; takes: string[]; refused: string[] }>;
    currenciesOk: Msg<{ shown: string; foreign: boolean; takes: string[] }>;
    // ledger.ts
    ledgerPending: Msg<{ created: string; files: string[]; target: string }>;
    ledgerEmpty: Msg<{ where: string }>;
    ledgerSeen: Msg<{
      where: string;
      last: { date: string; batches: string[] } | null;
      start: string | null;
      batches: number;
      documents: number;
      closed: number;
      skipped: number;
    }>;
    nextFromFirst: Msg<{ since: string; hours: number; start: string }>;
    nextFromLast: Msg<{ since: string; hours: number }>;
    nextAlready: string;
    nextLedgerUnread: Msg<{ from: string }>;
    nextNotRead: Msg<{ from: string; error: string }>;
    nextNothing: string;
    nextWould: Msg<{ invoices: number; invoiceSums: string; creditNotes: number; creditSums: string }>;
    nextHeld: Msg<{ held: string[] }>;
    nextSeen: Msg<{ start: string; end: string; would: string; held: string; already: string; from: string }>;
    nextUnreadable: Msg<{ seen: string; count: number }>;
    // behaviour.ts
    expandWith: Msg<{ counts: string; documents: number }>;
    expandNotRead: Msg<{ error: string; with: string }>;
    expandNoInvoice: Msg<{ with: string }>;
    expandAsked: string;
    expandUnasked: string;
    expandSome: Msg<{ present: string[] }>;
    expandSeen: Msg<{ counts: string; documents: number; with: string; verdict: string }>;
    expandMissingTax: Msg<{ seen: string; count: number }>;
    vatIdUnseen: string;
    vatIdObject: Msg<{ count: number }>;
    vatIdString: Msg<{ count: number }>;
    vatIdMixed: Msg<{ objects: number; strings: number }>;
    stampsNoDate: string;
    stampsNone: string;
    ago: Msg<{ minutes: number }>;
    stampsSeen: Msg<{ newest: string; local: string; utc: string; server: string }>;
    stampsUtcZero: Msg<{ seen: string }>;
    stampsLocal: Msg<{ seen: string }>;
    stampsUtc: Msg<{ seen: string }>;
    stampsBothFuture: Msg<{ seen: string }>;
    stampsCloser: Msg<{ local: boolean; seen: string }>;
    stampsUndetermined: Msg<{ minutes: number; seen: string }>;
    // sftp.ts
    hostKeyMismatch: Msg<{ where: string; presented: string; file: string; expected: string }>;
    loginNotTried: string;
    notReached: string;
    hostKeyNoCredential: string;
    hostKeyMatched: Msg<{ where: string; fingerprint: string }>;
    loggedIn: Msg<{ user: string; key: string | null; password: string | null }>;
    folderNotListable: string;
    folderSeen: Msg<{ dir: string; files: number; temp: string[] }>;
    writeNoModes: Msg<{ dir: string }>;
    writeNobody: Msg<{ dir: string; bits: string }>;
    writeEveryone: Msg<{ dir: string; bits: string }>;
    writeOwner: Msg<{ dir: string; bits: string; uid: number }>;
    writeOwnerNot: Msg<{ dir: string; bits: string; uid: number }>;
    writeGroup: Msg<{ dir: string; bits: string; gid: number }>;
    writeGroupNot: Msg<{ dir: string; bits: string; gid: number }>;
    writeUnknown: Msg<{
      dir: string;
      bits: string;
      uid: number | null;
      gid: number | null;
      login: { path: string; uid: number | null; gid: number | null } | null;
    }>;
    localMissing: Msg<{ dir: string }>;
    localNotFolder: Msg<{ dir: string }>;
    localSeen: Msg<{ dir: string; files: number; writable: boolean }>;
  };
}
