/** The English texts (see types.ts for the shape, nb.ts for the Norwegian). */
import { FIELDS_EN, NOTES_EN, PROBLEMS_EN } from "../../shared/format-problems.ts";
import { kidIssueText as kid } from "../../shared/notice.ts";
import { notesLine, problemLine } from "./file-format.ts";
import type { Format } from "./format.ts";
import type { Messages } from "./types.ts";

const plural = (f: Format, n: number, one: string, many = `${one}s`) => f.count(n, one, many);
const none = (value: string | null) => value ?? "(none)";

const THEN = "nothing is posted for it until it reads; the next run looks again";

/** A notice code in a sentence: its label. */
const label = (code: string) => (en.notices as Record<string, { label: string } | undefined>)[code]?.label ?? code;

export const en: Messages = {
  words: {
    status: { ok: "ok", "nothing-to-do": "nothing to do", skipped: "skipped", "dry-run": "dry run", failed: "failed" },
    command: { transfer: "transfer", close: "closing" },
    batchStatus: { pending: "pending", transferred: "transferred", abandoned: "abandoned" },
    document: (p, f) =>
      `${p.type === "Invoice" ? "Invoice" : p.type === "CreditNote" ? "Credit note" : p.type} ${p.number} ${p.customer}${
        p.currency && p.amountOre !== undefined ? `, ${f.money(p.amountOre, p.currency)}` : ""
      }`,
    kid: (p) => kid(p),
    unreadable: (p) => `(${p.code}: the stored text could not be read)`,
  },

  // The formatters' own English texts (shared/format-problems.ts): an English report reads as they do.
  fileFormat: { fields: FIELDS_EN, column: (p) => p.column, problems: PROBLEMS_EN, notes: NOTES_EN },

  // The English labels are the codes themselves: docs/operations.md and the JSON/CSV outputs name them so.
  notices: {
    "already-transferred": { label: "already-transferred", text: () => "in the ledger already" },
    "not-new": { label: "not-new", text: () => "not modified since the previous transfer" },
    "not-open-yet": { label: "not-open-yet", text: (p) => `status ${p.status}; sent once it is Open` },
    "closed-before-transfer": {
      label: "closed-before-transfer",
      text: () => "closed in Visma.net before it was transferred",
    },
    "voided-before-transfer": { label: "voided-before-transfer", text: () => "voided in Visma.net" },
    "created-before-start": {
      label: "created-before-start",
      text: (p, f) => `created ${f.dateTime(p.createdAt)}, before the integration started`,
    },
    "payment-method": {
      label: "payment-method",
      text: (p) => `payment method ${none(p.method)} is not a factoring method (${p.methods.join(", ")})`,
    },
    "document-type": {
      label: "document-type",
      text: (p, f) => `${f.type(p.type, 2)} are not transferred (selection.documentTypes)`,
    },
    "unsupported-type": {
      label: "unsupported-type",
      text: (p, f) =>
        `Visma.net lists it as a ${p.listedAs}; only invoices and credit notes are factored (a ${f.type(p.listedAs)} is not sent as ${p.type === "Invoice" ? "an invoice" : "a credit note"}) — agree with the factor how to handle it`,
    },
    "too-old": {
      label: "too-old",
      text: (p, f) =>
        `document date ${f.date(p.documentDate)} is ${p.ageDays} days back (limit ${p.limitDays}); handle it with the factor manually`,
    },
    currency: {
      label: "currency",
      text: (p) => `currency ${p.currency} is not accepted by the factor (${p.accepted.join(", ")})`,
    },
    "zero-balance": { label: "zero-balance", text: () => "the open balance is zero" },
    "partly-paid-before-transfer": {
      label: "partly-paid-before-transfer",
      text: (p, f) =>
        `open balance ${f.money(p.balanceOre, p.currency)} is below the amount ${f.money(p.amountOre, p.currency)}: partly paid or applied before transfer; settle with the factor manually`,
    },
    kid: {
      label: "kid",
      text: (p) => `${kid(p)}; correct the payment method/KID setup in Visma.net and credit/re-issue the document`,
    },
    format: {
      label: "format",
      text: (p, f) =>
        `the factor's file cannot carry it: ${p.problems.map((x) => problemLine(x, en.fileFormat, f)).join("; ")}`,
    },
    "missing-customer": {
      label: "missing-customer",
      text: (p) => `customer ${p.customer} was not returned by Visma.net`,
    },
    malformed: {
      label: "malformed",
      text: (p) =>
        `${p.endpoint} returned an element that could not be read (${p.problem}); it was not transferred and the next run looks again`,
    },
    "credit-applied": {
      label: "credit-applied",
      text: () =>
        "already applied/matched before transfer; a credit note must stay Open and unmatched so the integration can send and close it — handle it with the factor manually",
    },
    "format-note": {
      label: "format-note",
      text: (p, f) => `sent, but the file differs from Visma.net: ${notesLine(p, en.fileFormat, f)}`,
    },
    "pending-batch": {
      label: "pending-batch",
      text: (p) =>
        `Batch ${p.batchId} (${p.documents} documents) was recorded as pending but not confirmed: ${p.files
          .map((x) => `${x.name} ${x.found === null ? "absent" : `present (${x.found} bytes, expected ${x.bytes})`}`)
          .join("; ")} at ${p.target}. ` +
        "Ask the factor whether they received it, then rerun with --resolve-pending sent (they have it) or --resolve-pending not-sent (send its documents again). Nothing is sent until then.",
    },
    "malformed-customer": {
      label: "malformed-customer",
      text: (p) =>
        `${p.endpoint} returned customer ${p.customer} in a form that could not be read (${p.problem}); its documents wait until it can be`,
    },
    "autoinvoice-confirm": {
      label: "autoinvoice-confirm",
      text: (p, f) =>
        `confirm these reached AutoInvoice before the factor notifies the customer: invoice ${f.listed(p.invoices)} ` +
        `(batch ${p.batchId}, customers who get their invoices through AutoInvoice; the Visma.net API cannot tell whether a document was delivered there)`,
    },
    "due-date-changed": {
      label: "due-date-changed",
      text: (p, f) =>
        `due date changed after transfer: ${p.current ? f.date(p.current) : "(none)"} in Visma.net, ${p.sent ? f.date(p.sent) : "(none)"} sent to the factor in batch ${p.batchId}; change it in the factor's portal too`,
    },
    "closed-elsewhere": {
      label: "closed-elsewhere",
      text: () =>
        "closed in Visma.net by something else (customer paid, matched by hand) after the transfer; settle it with the factor",
    },
    "partly-paid": {
      label: "partly-paid",
      text: (p, f) =>
        `open balance ${f.money(p.balanceOre, p.currency)} of ${f.money(p.amountOre, p.currency)}: partly paid or applied after the transfer; settle the rest with the factor`,
    },
    voided: { label: "voided", text: () => "voided after the transfer; tell the factor" },
    "amount-changed": {
      label: "amount-changed",
      text: (p, f) =>
        `the amount is ${f.money(p.nowOre, p.currency)} now, ${f.money(p.sentOre, p.currency)} when transferred; correct it at the factor`,
    },
    "not-open": { label: "not-open", text: (p) => `status ${p.status} in Visma.net` },
    "not-found": { label: "not-found", text: () => "not returned by Visma.net; check whether it was deleted" },
    "payment-voided": {
      label: "payment-voided",
      text: (p) =>
        `our ${p.paymentType} ${p.paymentRef} was voided in Visma.net (${p.voidType} ${p.voidNumber}); decide by hand how to close this document`,
    },
    "payment-mismatch": {
      label: "payment-mismatch",
      text: (p) =>
        `our ${p.paymentType} ${p.paymentNumber} (${p.paymentRef}) does not apply this document; close it by hand`,
    },
    "payment-refused": {
      label: "payment-refused",
      text: (p) =>
        p.step === "create"
          ? `Visma.net refused to create ${p.paymentType} ${p.paymentRef}: ${p.reason}. Nothing was created; fix it in Visma.net, the next run tries again`
          : `Visma.net refused to release ${p.paymentType} ${p.paymentNumber ?? ""} (${p.paymentRef}): ${p.reason}. It stays unreleased; fix it in Visma.net, the next run releases it`,
    },
    "payment-held": {
      label: "payment-held",
      text: (p) =>
        p.unreadable === "payment"
          ? `our ${p.paymentType ?? "payment"} ${p.paymentNumber ?? ""} (${p.paymentRef}) could not be read (${p.problem}); ${THEN}`
          : `the document could not be read (${p.problem}); ${THEN} (${p.paymentRef})`,
    },
    "closing-deferred": {
      label: "closing-deferred",
      text: (p, f) =>
        `${plural(f, p.documents, "document")} in ${plural(f, p.payments, "payment/refund", "payments/refunds")} left for the next slot: the rate limit allows ${plural(f, p.calls, "more call", "more calls")} before the job's deadline and they need ${p.needed}; nothing was written for them, the next slot posts them`,
    },
    "not-confirmed-closed": {
      label: "not-confirmed-closed",
      text: (p, f) =>
        `${p.paymentType} ${p.paymentNumber} was released but the document reads back as ${
          p.status === null ? "missing" : `${p.status}, balance ${f.money(p.balanceOre ?? 0, p.currency)}`
        }; check it in Visma.net`,
    },
    "payment-uncertain": {
      label: "payment-uncertain",
      text: (p) =>
        p.step === "create"
          ? `creating ${p.paymentType} ${p.paymentRef} had no clear answer (${p.reason}) and no payment with that reference is visible yet; the next run looks again before creating anything`
          : p.step === "release"
            ? `releasing ${p.paymentType} ${p.paymentNumber ?? ""} (${p.paymentRef}) had no clear answer (${p.reason}); the next run finds it by its reference and releases it`
            : `posting ${p.paymentType} ${p.paymentRef} failed (${p.reason}); the next run looks for it by its reference before creating anything`,
    },
  },

  run: {
    "outside-window": (p, f) =>
      `outside the transfer window ${p.start}–${p.end} ${p.zone} (it is ${f.time(p.now)} there); --force runs it anyway`,
    "already-ran": (p, f) => `today's transfer already ran at ${f.time(p.at)}`,
    "pending-dry-run": (p) => `pending batch ${p.batches.join(", ")} must be settled first (run without --dry-run)`,
    "pending-unsettled": (p, f) =>
      `batch ${f.list(p.batches)} is pending and not confirmed at the factor; nothing is sent until a person decides`,
    "nothing-to-send": () => "no new documents to transfer",
    "would-send": (p, f) => `would send batch ${p.batchId} (${plural(f, p.files, "file")}); nothing written`,
    "files-exist": (p) =>
      `file(s) ${p.files.join(", ")} already exist at ${p.target} but the ledger has no batch for them; check state/${p.tenant}/ against the server before running again`,
    sent: (p, f) =>
      `sent batch ${p.batchId}: ${plural(f, p.invoices, "invoice")}, ${plural(f, p.creditNotes, "credit note")} to ${p.target}`,
    "incomplete-read": (p, f) =>
      `${plural(f, p.count, "element")} from Visma.net could not be read; they were not transferred and the next run looks at the same period again`,
    throttled: (p, f) =>
      p.until === null
        ? "throttled by Visma.net (no Retry-After given); the next slot catches up"
        : `throttled by Visma.net until ${f.time(p.until)}; the next slot catches up`,
    "closing-disabled": () => "closing is disabled for this tenant (closing.enabled: false)",
    "nothing-to-close": () => "no transferred documents wait for closing",
    "waiting-for-delay": (p, f) => `${plural(f, p.count, "document")} wait for the ${p.delayHours} h delay`,
    "unreadable-elements": (p, f) =>
      `${plural(f, p.count, "element")} from Visma.net could not be read and could be ours (${p.elements.join("; ")}); closing nothing until they can`,
    "would-post": (p, f) =>
      `would post ${plural(f, p.payments, "payment/refund", "payments/refunds")}${p.deferred ? `, leave ${p.deferred} for the next slot (rate budget)` : ""} and skip ${p.skips}; nothing written`,
    "closing-done": (p, f) => {
      const parts = [
        `${p.closed} closed`,
        p.refused > 0 ? `${p.refused} refused` : "",
        p.skipped > 0 ? `${p.skipped} skipped` : "",
        p.uncertain > 0 ? `${plural(f, p.uncertain, "payment")} uncertain (left for the next run)` : "",
        p.held > 0 ? `${p.held} held (could not be read)` : "",
        p.unconfirmed > 0 ? `${p.unconfirmed} not confirmed closed` : "",
        p.notReadBack > 0 ? `${p.notReadBack} released but not read back yet` : "",
        p.deferred ? `${p.deferred} left for the next slot (rate budget)` : "",
      ].filter(Boolean);
      const throttled = p.throttled
        ? `; ${p.throttled.until === null ? "throttled by Visma.net" : `throttled by Visma.net until ${f.time(p.throttled.until)}`}, the next slot catches up (${plural(f, p.throttled.documents, "document")})`
        : "";
      return `${parts.join(", ")} — ${plural(f, p.released, "payment/refund", "payments/refunds")} released${throttled}`;
    },
    "reconciliation-mismatch": (p, f) => `reconciliation: ${plural(f, p.count, "mismatch", "mismatches")}`,
    "tenant-file-errors": () => "the tenant file has errors (run npm run validate)",
    error: (p) => p.text,
  },

  cleared: {
    "retired-code": (p) => `this version no longer reports ${p.noticeCode} notices`,
    "batch-settled": (p) => `every document of batch ${p.batchId} is closed or skipped`,
    "completed-without": (p, f) => `the ${en.words.command[p.command]} of ${f.date(p.date)} completed without it`,
    voided: () => "Voided in Visma.net",
    "transferred-after-all": () => "transferred to the factor after all",
    "closed-in-visma": () => "Closed in Visma.net",
    "due-date-restored": (p, f) => `the due date sent to the factor is back (${p.date ? f.date(p.date) : "(none)"})`,
    "recorded-closed": (p) => `recorded closed by ${p.paymentType} ${p.paymentNumber}`,
    "recorded-skipped": (p) => `recorded skipped (${label(p.reason)})`,
    retention: (p) =>
      `not reported for ${p.days} days (the list keeps items ${p.keepDays} days after the last report); dropped — git history of attention.json keeps it`,
  },

  mismatch: {
    "never-transferred": (p, f) =>
      `${p.payment.type} ${p.payment.number} (${p.payment.ref}, ${p.payment.status}) applies ${f.money(p.appliedOre, p.currency)} to it, but the ledger never transferred it; find out who posted this payment and void it if it is wrong`,
    "not-recorded": (p, f) =>
      `${p.payment.type} ${p.payment.number} (${p.payment.ref}, ${p.payment.status}) applies ${f.money(p.appliedOre, p.currency)} to it, but the ledger ${
        p.recorded === null
          ? "does not record it closed"
          : p.recorded.status === "closed"
            ? `records it closed by ${p.recorded.paymentType} ${p.recorded.paymentNumber}`
            : `records it skipped (${label(p.recorded.reason)})`
      }; if a closing run was interrupted the next one records it, otherwise correct the ledger or void the payment`,
    "closed-amount": (p, f) =>
      `the ledger records it closed for ${f.money(p.closedOre, p.currency)}, but ${f.money(p.transferredOre, p.currency)} was transferred`,
    "payment-missing": (p, f) =>
      `the ledger records it closed by ${p.recorded.type} ${p.recorded.number} (${p.recorded.ref}) on ${f.date(p.applicationDate)}, but Visma.net has no such payment; check the ledger entry and the payment`,
    "payment-type": (p) =>
      `${p.recorded.type} ${p.recorded.number} (${p.recorded.ref}) is a ${p.actualType} in Visma.net`,
    "payment-ref": (p) =>
      `${p.recorded.type} ${p.recorded.number} (${p.recorded.ref}) carries the reference ${none(p.actualRef)} in Visma.net`,
    "payment-status": (p) =>
      `${p.recorded.type} ${p.recorded.number} (${p.recorded.ref}) is ${p.status} in Visma.net, not released`,
    "not-applied": (p) =>
      `${p.recorded.type} ${p.recorded.number} (${p.recorded.ref}) does not apply this document in Visma.net`,
    "applied-amount": (p, f) =>
      `${p.recorded.type} ${p.recorded.number} (${p.recorded.ref}) applies ${f.money(p.appliedOre, p.appliedCurrency)} to it in Visma.net, the ledger records ${f.money(p.recordedOre, p.currency)}`,
    "document-missing": () => "the ledger records it closed, but Visma.net did not return the document",
    "document-open": (p, f) =>
      `the ledger records it closed by ${p.recorded.type} ${p.recorded.number} (${p.recorded.ref}), but Visma.net shows it ${p.status} with balance ${f.money(p.balanceOre, p.currency)}`,
    "document-amount": (p, f) =>
      `its amount is ${f.money(p.nowOre, p.nowCurrency)} in Visma.net, ${f.money(p.transferredOre, p.currency)} was transferred`,
  },

  summary: {
    run: (p, f) => `${en.words.command[p.command]} ${f.date(p.date)}`,
    rows: (p, f) => `${f.type(p.type, 2)[0]!.toUpperCase()}${f.type(p.type, 2).slice(1)}`,
    tableType: "Type",
    tableCount: "Count",
    tableAmount: "Amount",
    file: (p) => `file ${p.name} (${p.bytes} bytes, sha256 ${p.sha256.slice(0, 12)}…)`,
    files: "Files",
    bytes: (p) => `${p.bytes} bytes`,
    closed: (p, f) =>
      `closed ${f.type(p.type)} ${p.number} (customer ${p.customer}) with ${f.type(p.paymentType)} ${p.paymentNumber}: ${f.money(p.amountOre, p.currency)}`,
    skipped: "skipped",
    closingDocument: "Document",
    closingCustomer: "Customer",
    closingBy: "Closed by",
    waiting: (p, f) => `waiting for the delay: ${plural(f, p.count, "document")}`,
    routine: (p) => `not sent (routine): ${p.counts}`,
    routineCount: (p) => `${p.label} ${p.count}`,
    attentionHeading: (p) => `needs a human (${p.count})`,
    summaryHeading: (p) => `for your information (${p.count})`,
    attention: (p) => `Attention list: ${p.open} open (${p.added} new, ${p.cleared} resolved by this run)`,
    attentionError: (p) => `Attention list: not updated: ${p.error}`,
    resolved: (p) => `resolved: ${p.line} — ${p.why}`,
    listedSince: (p, f) => `${p.line} (listed since ${f.date(p.since)})`,
  },

  reconciliation: {
    line: (p, f) =>
      `Reconciliation ${p.from === p.to ? f.date(p.from) : `${f.date(p.from)}–${f.date(p.to)}`}: transferred ${p.transferred}; closed ${p.closed}; skipped ${p.skipped}; still open ${p.open} — ${p.verdict}`,
    row: (p, f) => `${f.count(p.count, f.type(p.type), f.type(p.type, 2))} ${f.money(p.amountOre, p.currency)}`,
    document: (p, f) =>
      `${p.type === "Invoice" ? "Invoice" : "Credit note"} ${p.number} (customer ${p.customer}, ${f.money(p.amountOre, p.currency)})`,
    none: "none",
    balanced: (p, f) =>
      `balanced against Visma.net (${plural(f, p.documents, "closed document")}, ${plural(f, p.payments, "payment/refund", "payments/refunds")} of ours checked)`,
    mismatches: (p, f) => `${plural(f, p.count, "MISMATCH", "MISMATCHES")} against Visma.net`,
    ledgerOnly:
      "nothing posted by this run, so nothing new to check against Visma.net (npm run report checks the whole period)",
    failed: (p, f) =>
      `Reconciliation ${p.from === p.to ? f.date(p.from) : `${f.date(p.from)}–${f.date(p.to)}`}: the reconciliation could not be made: ${p.error}`,
  },

  issues: {
    failureTitle: (p) => `[factoring] ${p.tenant}: ${p.command} failing`,
    failureBody: (p) => `The ${en.words.command[p.command]} of ${p.name} (${p.tenant}) failed.`,
    failureLink: (p) => `${p.command} failed`,
    resolvedComment: (p, f) =>
      `Resolved: ${p.command} for ${f.date(p.date)} succeeded${p.runUrl ? ` (${p.runUrl})` : ""}.`,
    resolvedLink: "resolved",
    attentionTitle: (p, f) => `[factoring] ${p.tenant}: ${plural(f, p.count, "item")} need attention`,
    attentionIntro: (p) => `Open items for ${p.name} (${p.tenant}) that the integration could not handle on its own.`,
    attentionKept: (p) =>
      `This list is kept up to date by every transfer and closing run (state/${p.tenant}/attention.json); an item disappears when it is resolved.`,
    attentionLink: "needs attention",
    attentionResolved: (p, f) => `Resolved: nothing needs attention any more (${p.command} ${f.date(p.date)}).`,
    attentionResolvedLink: "attention resolved",
    reported: (p) => `Reported by run ${p.runUrl}`,
    stillHappening: (p) => `Still happening in run ${p.runUrl}.`,
    reopened: (p) => (p.runUrl ? `Happened again in run ${p.runUrl}; reopening.` : "Happened again; reopening."),
    duplicate: (p) => `Duplicate of #${p.number}; updates continue there.`,
    truncated: (p) => `… truncated (${p.omitted} characters omitted); see the run log linked in the comments`,
    cancelled: (p) =>
      [
        `The ${en.words.command[p.command]} job of \`${p.tenant}\` was **cancelled or timed out** before it could report.`,
        "",
        p.command === "transfer"
          ? "If it stopped between recording a batch as pending and confirming the upload, the next transfer checks the factor's server: files there → recorded as transferred; otherwise it stops and asks you (`resolve_pending`). Nothing is sent twice."
          : "Payments carry a deterministic reference; the next closing finds any payment this run created and finishes it instead of posting again.",
        "",
        "This issue closes by itself after the next successful run.",
      ].join("\n"),
    stepFailed: (p, f) => `${en.words.command[p.command]} failed for ${f.list(p.tenants)}`,
  },

  report: {
    couldNotReconcile: "Could not be reconciled",
    tenantFileErrors: "the tenant file has errors (run npm run validate)",
    period: (p, f) => `Reconciliation ${f.date(p.from)} – ${f.date(p.to)} (ledger against Visma.net)`,
    day: "Day",
    total: "Total",
    transferred: "Transferred",
    closed: "Closed",
    skipped: "Skipped",
    open: "Still open",
    balanced: (p, f) =>
      `Balanced: ${plural(f, p.documents, "closed document")} and ${plural(f, p.payments, "payment/refund", "payments/refunds")} of ours agree with Visma.net.`,
    mismatches: (p, f) => `${plural(f, p.count, "mismatch", "mismatches")} between the ledger and Visma.net:`,
    attention: (p, f) => `Attention list: ${p.count === 0 ? "empty" : `${plural(f, p.count, "open item")}`}`,
  },

  demo: {
    start: "1. Start the sandboxes",
    vismaSandbox: (p) =>
      `Visma.net sandbox  ${p.url}  (${p.customers} customers, ${p.invoices} invoices, ${p.creditNotes} credit notes)`,
    sftpServer: (p) => `Factor's SFTP      ${p.url}  host key ${p.fingerprint}`,
    workFolder: (p) => `Working folder     ${p.folder}  (the repository's state/ is not touched)`,
    doctor: "   Before go-live: npm run doctor -- --tenant demo (read-only)",
    transfer: (p, f) => `2. Daily transfer, ${f.date(p.date)} ${p.time} ${f.zone} time`,
    delivered: "   Delivered to the factor",
    file: (p, f) => `${p.name}: ${p.bytes} bytes, ${plural(f, p.records, "record")}, ISO-8859-1, CRLF`,
    moreRecords: (p) => `  | … ${p.count} more`,
    ledger: "   Ledger entry (state/demo/…)",
    batch: (p, f) => `${p.path}: batch ${p.id}, status ${p.status}, ${plural(f, p.documents, "document")}`,
    batchFiles: (p) => `  files: ${p.files}`,
    closing: (p, f) => `3. Closing, ${f.date(p.date)} ${p.time} (${p.hours} h after the transfer)`,
    payments: (p) => `   Payments and refunds in Visma.net (cash account ${p.account})`,
    payment: (p) => `  ${p.type.padEnd(7)} ${p.number} ${p.ref} ${p.amount.padStart(14)} ${p.status}: ${p.documents}`,
    paymentDocument: (p, f) =>
      `${f.type(p.type)} ${p.number} → ${p.status}, balance ${f.money(p.balanceOre, p.currency)}`,
    morePayments: (p) => `  … ${p.count} more`,
    reconciliation: "4. Reconciliation: the ledger against Visma.net",
    mismatch: (p) => `  mismatch: ${p.text}`,
    happened: "5. What happened",
    sent: (p, f) =>
      `- ${plural(f, p.documents, "document")} went to ${p.factor} in ${plural(f, p.files, "file")}: invoices ${f.money(p.invoicesOre, p.currency)}, credit notes ${f.money(p.creditNotesOre, p.currency)}.`,
    routine: (p, f) =>
      `- ${plural(f, p.count, "document")} ${p.count === 1 ? "was" : "were"} not for the factor today (other payment method, not Open, before the start, …).`,
    attention: (p) =>
      `- ${p.count} need${p.count === 1 ? "s" : ""} a human before ${p.count === 1 ? "it" : "they"} can go: ${p.labels.join(", ") || "none"}.`,
    closed: (p, f) =>
      `- The closing posted ${plural(f, p.payments, "payment/refund", "payments/refunds")} on cash account ${p.account}, closing ${plural(f, p.closed, "document")} (${p.skipped} skipped): the receivables moved from accounts receivable to the factoring receivables.`,
    rerun: (p) =>
      `- Nothing was sent twice: rerun \`npm run demo\` any time; it starts from scratch in a new ${p.kept ? "folder" : "temporary folder"}.`,
    balances:
      "- The reconciliation balances: every krone sent to the factor was closed by its recorded payment or refund.",
    mismatches: (p, f) => `- The reconciliation found ${plural(f, p.count, "mismatch", "mismatches")}.`,
    finished: "Demo finished.",
    failed: "Demo finished with a failure (see above).",
    kept: (p) =>
      `The work folder is kept in ${p.folder}: e.g. npm run site -- --state-dir ${p.state} --tenants-dir tenants --out site`,
  },

  doctor: {
    heading: (p, f) => `doctor ${p.tenant} (${p.file}) at ${f.dateTime(p.now)}`,
    title: (p) => `Doctor: ${p.tenant}`,
    at: (p, f) => `${p.file} at ${f.dateTime(p.now)}`,
    ready: (p) => `ready: ${p.tally}${p.unknown > 0 ? " (look at the ? lines before go-live)" : ""}`,
    notReady: (p) => `not ready: ${p.tally}; fix the ✖ lines and run the doctor again`,
    name: {
      token: "token",
      scopes: "scopes",
      visma: "Visma.net",
      firstRun: "first run",
      nextRun: "next run",
      tenantFile: "tenant file",
      rateLimit: "rate limit",
      paymentMethod: (p) => `payment method ${p.id}`,
      cashAccounts: "cash accounts",
      cashAccount: (p) => `cash account ${p.currency}`,
      cashAccountWith: (p) => `cash account ${p.account} with ${p.method}`,
      documents: "documents",
      unreadableDocument: (p, f) => `unreadable ${f.type(p.type)} ${p.id}`,
      selection: "selection",
      unreadableCustomer: "unreadable customer",
      heldBack: (p) => `held back (${p.label})`,
      kid: "KID",
      customers: "customers",
      currencies: "currencies",
      payments: "payments",
      unreadablePayment: (p) => `unreadable payment ${p.id}`,
      expandFlags: "expand flags",
      vatId: "vatId",
      timestamps: "timestamps",
      sftpHostKey: "sftp host key",
      sftpLogin: "sftp login",
      sftpFolder: "sftp folder",
      sftpWriteAccess: "sftp write access",
      sftpConnection: "sftp connection",
      deliveryFolder: "delivery folder",
      ledger: "ledger",
      pendingBatch: (p) => `pending batch ${p.id}`,
    },
    notReadWithoutToken: "the company's setup, documents and payments were not read without a token",
    notCountedWithoutToken: "not counted without a token",
    fileHasErrors: (p) => `${p.file} has errors (run npm run validate)`,
    scopeWhy: {
      read: "every run reads documents, customers and payments",
      create: "the closing creates payments and refunds",
      update: "the closing releases them",
    },
    tokenObtained: (p) =>
      `obtained from ${p.url} for tenant ${p.tenantId}, expires_in ${p.seconds} s${p.seconds >= 3600 ? ` (${+(p.seconds / 3600).toFixed(1)} h)` : ""}`,
    scopesWithoutToken: "not known without a token",
    scopesNotNamed:
      "the token response names no scope (nor does the token as a JWT); the closing's first payment shows whether create and update were granted",
    scopesProbed: "asked for one at a time, Visma Connect grants",
    scopesGranted: "granted",
    scopesOk: (p) =>
      `${p.verb} ${p.granted.join(", ") || "none"}; ${p.readOnly ? "the transfer reads only (closing.enabled is false)" : "the transfer reads, the closing creates and releases payments"}`,
    scopesMissing: (p) =>
      `${p.verb} ${p.granted.join(", ") || "none"}; missing ${p.missing.map((m) => `${m.scope} (${m.why})`).join(", ")}: grant ${p.grant} to the application in the Visma Developer Portal and have the tenant's administrator approve it again`,
    notRead: (p) => `not read: ${p.error}`,
    methodMissing: (p, f) =>
      `named in ${p.from.join(" and ")} but not in Visma.net (it has ${f.listed(p.has, 8)}); correct ${p.from.join(" and ")}`,
    methodInactive: (p) =>
      `inactive in Visma.net${p.what ? ` (${p.what})` : ""}: ${p.from.join(" and ")} depends on it; activate it in Payment methods (CA204000) or name another`,
    methodActive: (p) => `active${p.what ? ` (${p.what})` : ""}; used by ${p.from.join(" and ")}`,
    closingDisabled: "the closing is disabled (closing.enabled: false): no cash account is used",
    accountNotChecked: (p) => `${p.number} (${p.option}) not checked: ${p.error}`,
    accountMissing: (p, f) =>
      `${p.number} (${p.option}) is not in Visma.net (it has ${f.listed(p.has, 8)}): every closing of a ${p.currency} document would be refused`,
    accountNoCurrency: (p) =>
      `${p.number} (${p.option}) exists, but Visma.net does not say its currency; a payment takes its cash account's currency`,
    accountWrongCurrency: (p) =>
      `${p.number} (${p.option}) is in ${p.accountCurrency}: the closing of a ${p.currency} document would be refused ("currency differs from the cash account's"); ${p.shared ? `add closing.cashAccounts: { ${p.currency}: "<a ${p.currency} account>" }` : `name a ${p.currency} account in ${p.option}`}`,
    accountOk: (p) => `${p.number}${p.description ? ` ${p.description}` : ""} (${p.option}) exists, in ${p.currency}`,
    accountsUnused: (p) =>
      `closing.cashAccounts names ${p.currencies.join(", ")}, which factor.currencies does not list: never used`,
    linkAsk: (p) =>
      `the API does not say which cash accounts a payment method allows: check "Allowed cash accounts" of ${p.method} in Payment methods (CA204000)`,
    linkNotRead: (p) => `${p.ask} (the payments could not be read: ${p.error})`,
    linkUsed: (p, f) => `used together by ${f.type(p.type)} ${p.number}${p.date ? ` of ${f.date(p.date)}` : ""}`,
    linkOthers: (p, f) => `payments with ${p.method} used ${f.listed(p.accounts, 8)}, not ${p.account}; ${p.ask}`,
    linkNone: (p) => `no payment in the look-back used ${p.method}; ${p.ask}`,
    paymentsNotRead: (p, f) => `the customer payments dated from ${f.date(p.from)} could not be read: ${p.error}`,
    paymentsSeen: (p, f) =>
      `${plural(f, p.total, "customer payment")} dated from ${f.date(p.from)} (the closing's look-back)${p.kinds ? `: ${p.kinds}` : ""}; ${p.ours} posted by this integration`,
    paymentNotOurs: "not one of ours by what can be read, so the closing passes it by",
    paymentOursNoRef: "it could be one of ours and its reference cannot be read: the closing would stop until it reads",
    paymentOursRef: (p) => `it carries our reference ${p.ref}: the closing holds that document until it reads`,
    paymentUnreadable: (p) => `${p.endpoint}: ${p.problem}; ${p.effect}`,
    paymentsUnreadable: (p) => `${p.seen}: ${p.count} could not be read (each below)`,
    paymentsNone: (p) => `${p.seen}: none to read, so their parsing is not proven yet`,
    paymentsOk: (p) => `${p.seen}: all parse`,
    rateNeed: (p, f) =>
      `a normal day needs about ${p.normal} calls (${plural(f, p.perDay, "payment/refund", "payments/refunds")} a day); ` +
      `the busiest date of the sample${p.busiest ? ` (${f.date(p.busiest.date)}, ${p.busiest.payments})` : ""} about ${p.busy}, its closing run about ${p.busiestRun}`,
    rateNeedUnknown: "the day's calls could not be estimated (the documents could not be read)",
    rateUnpublished: (p) => `Visma.net sent no X-RateLimit-Limit (the standard limit is not published); ${p.need}`,
    rateFigures: (p) =>
      `${p.policy ?? "no policy named"}: limit ${p.limit}, ${p.remaining ?? "?"} left${p.reset !== null ? `, the window resets in ${p.reset} s` : ""}`,
    rateExceeded: (p) =>
      `${p.figures}; ${p.need}: more than one window holds, so that closing would be throttled and finish only in later slots; ask Visma for a higher limit or set closing.grouping: perCustomer`,
    rateClose: (p) => `${p.figures}; ${p.need}: close to the limit`,
    rateOk: (p) => `${p.figures}; ${p.need}`,
    sampleNotRead: (p) => `the sample could not be read: ${p.error}`,
    selectionNotJudged: (p) => `not judged: the customers could not be read (${p.error})`,
    sampleRead: (p, f) =>
      `${plural(f, p.invoices, "invoice")} and ${plural(f, p.creditNotes, "credit note")} Open, dated from ${f.date(p.from)}${p.cap !== null ? ` (the sample stops at about ${p.cap} per list)` : ""}`,
    sampleUnreadable: (p) =>
      `${p.read}: ${p.count} could not be read (each below); the transfer holds them back and fails until they read`,
    sampleEmpty: (p) => `${p.read}: nothing recent to judge the company's data by`,
    sampleOk: (p) => `${p.read}: all parse`,
    selectionSeen: (p) =>
      `${p.selected} of ${p.total} would be selected by today's rules; held back for a person: ${p.held}; not for the factor: ${p.routine}`,
    tally: (p) => `${p.label} ${p.count}`,
    noneTallied: "none",
    selectionEmpty: "no recent Open document to select from",
    selectionNoMethod: (p) =>
      `${p.seen}: no document carries a factoring payment method (${p.methods.join(", ")}); check selection.paymentMethods against the customers' defaults in Visma.net`,
    selectionNoneSent: (p) => `${p.seen}: none would be sent`,
    heldBack: (p, f) =>
      `${plural(f, p.count, "document")}; ${p.texts.join("; ")}${p.more > 0 ? `; and ${p.more} more` : ""}`,
    heldBackText: (p) => `${p.documents}: ${p.text}`,
    documentName: (p, f) => `${f.type(p.type)} ${p.number}`,
    kidNoInvoice: "no factored invoice in the sample",
    kidNotChecked: (p) => `factor.kid is none: not checked (${p.carrying} of ${p.total} factored invoices carry one)`,
    kidSeen: (p, f) => `${p.valid} of ${plural(f, p.total, "factored invoice")} carry a valid ${p.rule} KID`,
    kidBad: (p) => `${p.number} (${p.problem})`,
    kidMostFail: (p) =>
      `${p.seen}: most fail, so the rule or the KID setup is wrong; check factor.kid and the payment method's KID settings in Visma.net: ${p.named}`,
    kidHeld: (p) => `${p.seen}; held back until corrected: ${p.named}`,
    customersNone: "no factored document in the sample",
    customersOk: (p) => `all ${p.count} customers of the factored documents have an organisation number and an address`,
    customersSome: (p, f) => {
      const parts = [
        p.noOrg.length > 0 ? `${p.noOrg.length} without organisation number (${f.listed(p.noOrg, 5)})` : "",
        p.noAddress.length > 0 ? `${p.noAddress.length} without a full address (${f.listed(p.noAddress, 5)})` : "",
        p.missing.length > 0 ? `${p.missing.length} not returned by Visma.net (${f.listed(p.missing, 5)})` : "",
      ].filter(Boolean);
      return `of ${p.count} customers of the factored documents: ${parts.join("; ")}; whether that holds a document back depends on the format (see held back)`;
    },
    currenciesNone: "no factored document in the sample",
    currenciesRefused: (p) =>
      `${p.shown}; the factor takes ${p.takes.join(", ")} (factor.currencies), so the ${p.refused.join(", ")} documents are held back for a person`,
    currenciesOk: (p) =>
      p.foreign ? `${p.shown}; the factor takes ${p.takes.join(", ")}` : `${p.shown}: no foreign-currency document`,
    ledgerPending: (p, f) =>
      `recorded ${f.dateTime(p.created)} but its upload was not confirmed: the next transfer first looks for ${p.files.join(", ")} at ${p.target} and stops for a person if they are not all there`,
    ledgerEmpty: (p) => `nothing recorded in ${p.where} yet: the next transfer is the first`,
    ledgerSeen: (p, f) =>
      `${p.where}: ${[
        p.last
          ? `last transfer ${f.date(p.last.date)} (${p.last.batches.length ? p.last.batches.join(", ") : "nothing to send"})`
          : "no completed transfer yet",
        p.start ? `integration started ${f.dateTime(p.start)}` : "no cursor yet",
        `${plural(f, p.batches, "batch", "batches")} in the months a run reads: ${plural(f, p.documents, "document")} transferred, ${p.closed} closed, ${p.skipped} skipped, ${p.documents - p.closed - p.skipped} waiting for closing`,
      ].join("; ")}`,
    nextFromFirst: (p, f) =>
      `reads documents modified since ${f.dateTime(p.since)} (the start of the previous day, ${p.hours} h earlier for Visma.net's unpublished timestamp zone); documents created before ${f.dateTime(p.start)} stay with you`,
    nextFromLast: (p, f) =>
      `reads documents modified since ${f.dateTime(p.since)} (the last transfer's start, ${p.hours} h earlier)`,
    nextAlready: "today's transfer already ran, so the next is tomorrow's",
    nextLedgerUnread: (p) => `${p.from}; not counted: the ledger could not be read`,
    nextNotRead: (p) => `${p.from}; could not be read: ${p.error}`,
    nextNothing: "would send nothing now",
    nextWould: (p, f) =>
      `would send ${plural(f, p.invoices, "invoice")}${p.invoiceSums ? ` (${p.invoiceSums})` : ""} and ${plural(f, p.creditNotes, "credit note")}${p.creditSums ? ` (${p.creditSums})` : ""} now`,
    nextHeld: (p, f) => `held back for a person: ${f.listed(p.held, 5)}`,
    nextSeen: (p, f) =>
      `the transfer (${p.start}–${p.end} ${f.zone}) ${p.would}${p.held ? `; ${p.held}` : ""}${p.already ? `; ${p.already}` : ""}; it ${p.from}`,
    nextUnreadable: (p, f) =>
      `${p.seen}; ${plural(f, p.count, "element")} could not be read, so that run would fail and look again next time`,
    expandWith: (p) => `with them: ${p.counts} of ${p.documents}`,
    expandNotRead: (p) => `the page without flags could not be read: ${p.error}${p.with ? `; ${p.with}` : ""}`,
    expandNoInvoice: (p) => `no Open invoice to read without the flags${p.with ? `; ${p.with}` : ""}`,
    expandAsked: "Visma.net leaves the child collections out unless asked, and the product asks",
    expandUnasked: "Visma.net sends them without being asked (the product's flags change nothing)",
    expandSome: (p) => `sent unasked: ${p.present.join(", ") || "none entirely"}; the product asks for all three`,
    expandSeen: (p) =>
      `without the flags: ${p.counts} of ${p.documents} invoices${p.with ? `; ${p.with}` : ""}: ${p.verdict}`,
    expandMissingTax: (p, f) =>
      `${p.seen}; but ${plural(f, p.count, "document")} came without taxDetails even when asked: the VAT breakdown of EHF and the file's VAT come from them`,
    vatIdUnseen: "no tax detail seen, so its shape is not known here",
    vatIdObject: (p, f) =>
      `an object {number, description} in ${plural(f, p.count, "tax detail")}, as in the published contract`,
    vatIdString: (p, f) =>
      `a plain string in ${plural(f, p.count, "tax detail")}: an older shape than the published contract (the product reads both)`,
    vatIdMixed: (p, f) =>
      `mixed: an object in ${p.objects}, a plain string in ${plural(f, p.strings, "tax detail")} (the product reads both)`,
    stampsNoDate: "undetermined: Visma.net sent no usable Date header to compare with",
    stampsNone: "undetermined: no lastModifiedDateTime or createdDateTime was read",
    ago: (p) =>
      p.minutes < 0
        ? `${-p.minutes} min in the future`
        : p.minutes < 120
          ? `${p.minutes} min ago`
          : p.minutes < 48 * 60
            ? `${Math.round(p.minutes / 60)} h ago`
            : `${Math.round(p.minutes / (24 * 60))} days ago`,
    stampsSeen: (p, f) =>
      `the newest change ${f.wallClock(p.newest)} is ${p.local} as ${f.zone} time and ${p.utc} as UTC, by the server's clock ${f.dateTime(p.server)}`,
    stampsUtcZero: (p, f) => `undetermined: ${f.zone} is at UTC+0 now, so both readings agree (${p.seen})`,
    stampsLocal: (p, f) => `local time (${f.zone}): ${p.seen}; read as UTC it would lie in the future`,
    stampsUtc: (p, f) => `UTC: ${p.seen}; read as ${f.zone} time it would lie in the future`,
    stampsBothFuture: (p) => `undetermined: ${p.seen}; both readings lie in the future, so the clocks disagree`,
    stampsCloser: (p, f) => `closer to ${p.local ? `local time (${f.zone})` : "UTC"}: ${p.seen}`,
    stampsUndetermined: (p) =>
      `undetermined: nothing changed in the last ${p.minutes} minutes (${p.seen}); run the doctor again right after changing a document`,
    hostKeyMismatch: (p) =>
      `${p.where} presented ${p.presented}, ${p.file} pins ${p.expected}: closed before logging in, nothing was sent; confirm the key with the factor over another channel`,
    loginNotTried: "not tried: the host key did not match",
    notReached: "not reached",
    hostKeyNoCredential: "not checked: no credential to log in with",
    hostKeyMatched: (p) => `${p.where} presented the pinned key ${p.fingerprint}, checked before logging in`,
    loggedIn: (p) =>
      `user ${p.user} with ${p.key !== null ? `the key in ${p.key}` : `the password in ${p.password ?? ""}`} logged in`,
    folderNotListable: "this delivery cannot list its folder",
    folderSeen: (p, f) =>
      `${p.dir} exists: ${[
        `${plural(f, p.files, "file")} waiting`,
        p.temp.length > 0
          ? `${plural(f, p.temp.length, "temporary file")} of an interrupted upload (${p.temp.join(", ")}; the next upload replaces it)`
          : "",
      ]
        .filter(Boolean)
        .join(", ")}`,
    writeNoModes: (p) =>
      `the server lists no permissions for ${p.dir}; ask the factor whether the account may write and rename there`,
    writeNobody: (p) =>
      `${p.dir} is ${p.bits}: nobody may write there; ask the factor to let the account write and rename in it`,
    writeEveryone: (p) => `${p.dir} is ${p.bits}: every account may write there`,
    writeOwner: (p) =>
      `${p.dir} is ${p.bits}, owned by uid ${p.uid} like the login folder: the account owns it and may write there`,
    writeOwnerNot: (p) => `${p.dir} is ${p.bits}, owned by the account (uid ${p.uid}) but not writable by its owner`,
    writeGroup: (p) =>
      `${p.dir} is ${p.bits}, group ${p.gid} like the login folder: the account's group may write there`,
    writeGroupNot: (p) =>
      `${p.dir} is ${p.bits}: its group ${p.gid} (the account's, by the login folder) may not write`,
    writeUnknown: (p) =>
      `${p.dir} is ${p.bits}, owned by uid ${p.uid ?? "?"}, gid ${p.gid ?? "?"}; ${
        p.login
          ? `the login folder ${p.login.path} is owned by uid ${p.login.uid ?? "?"}, gid ${p.login.gid ?? "?"}`
          : "the login folder could not be read"
      }: whether this account may write cannot be read from the attributes; ask the factor (no probe file is written)`,
    localMissing: (p) => `${p.dir} does not exist yet; the first transfer creates it`,
    localNotFolder: (p) => `${p.dir} is not a folder`,
    localSeen: (p, f) =>
      `${p.dir} exists: ${plural(f, p.files, "file")} waiting; this user may ${p.writable ? "" : "not "}write there`,
  },
};
