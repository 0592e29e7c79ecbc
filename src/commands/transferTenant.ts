/**
 * The daily transfer of one tenant: resolve what an earlier run left pending, read Visma.net,
 * select, format, record the batch as pending, upload, record it as transferred.
 *
 * Write-ahead order is the whole point: the batch is in the ledger (and pushed, in Actions)
 * before a byte leaves for the factor, so a crash at any step leaves either nothing sent or a
 * pending batch that the next run settles by looking at the server, never by sending again.
 */
import { createHash } from "node:crypto";
import { DateTime } from "luxon";
import type { Tenant } from "../config/schema.ts";
import { formatterFor, kidProblem } from "../format/index.ts";
import type { Delivery } from "../deliver/index.ts";
import { LedgerStore } from "../ledger/store.ts";
import { documentKey, type Batch, type Cursor, type LedgerDocument } from "../ledger/types.ts";
import { addToTotals, baseResult, countOf, type Finding, type TenantRunResult } from "../report/types.ts";
import { transferLookBack } from "../select/look-back.ts";
import { refOf, selectDocuments } from "../select/select.ts";
import type { Exclusion } from "../select/types.ts";
import { autoInvoiceFinding } from "../report/watch.ts";
import { updateAttention, type RunObservations } from "../report/watch/update.ts";
import { failpoint } from "../shared/failpoint.ts";
import { businessDate as businessDateOf, isWithinWindow, toVismaFilterDateTime } from "../shared/time.ts";
import { describeThrottle, VismaThrottledError } from "../visma/errors.ts";
import type { ArDocument, Customer, MalformedElement } from "../visma/types.ts";
import type { RunContext } from "./context.ts";


export async function transferTenant(tenant: Tenant, ctx: RunContext): Promise<TenantRunResult> {
  const observations: RunObservations = { documents: [], batchesAtStart: [] };
  const result = await transfer(tenant, ctx, observations);
  // Watch list: due dates changed since the transfer, and the tenant's persistent attention list.
  await updateAttention(tenant, ctx, result, observations);
  return result;
}

async function transfer(tenant: Tenant, ctx: RunContext, observations: RunObservations): Promise<TenantRunResult> {
  const zone = tenant.timeZone;
  const today = businessDateOf(ctx.now, zone);
  const result = baseResult(tenant, "transfer", today);
  const store = new LedgerStore(ctx.stateDir, tenant.id);
  const cursor = await store.readCursor();

  if (!ctx.force && !isWithinWindow(ctx.now, zone, tenant.transfer.window.start, tenant.transfer.window.end)) {
    return skip(result, `outside the transfer window ${tenant.transfer.window.start}–${tenant.transfer.window.end} ${zone}`);
  }
  if (!ctx.force && cursor?.lastTransfer?.businessDate === today) {
    return skip(result, `today's transfer already ran at ${cursor.lastTransfer.completedAt}`);
  }

  const batches = await store.recentBatches(today);
  observations.batchesAtStart = batches;
  const pending = batches.filter((b) => b.status === "pending");
  let delivery: Delivery | undefined;
  // Batches that became transferred in this run: their AutoInvoice invoices are named once.
  const nowTransferred: Batch[] = [];
  try {
    if (pending.length > 0) {
      if (ctx.dryRun) return fail(result, `pending batch ${pending.map((b) => b.id).join(", ")} must be settled first (run without --dry-run)`);
      delivery = await ctx.openDelivery(tenant);
      const unsettled = await settlePending(pending, delivery, store, ctx, tenant.id, today, nowTransferred);
      if (unsettled.length > 0) {
        result.findings.push(...unsettled.map((u) => ({ kind: "pending-batch" as const, message: u })));
        return fail(result, unsettled.join(" "));
      }
    }

    // --- read Visma.net -------------------------------------------------------------------
    // Visma.net's timestamps may be UTC or local time: every cut-off reaches back by the overlap,
    // so it errs on including (the ledger keeps a document from being sent twice).
    const { integrationStart, since, overlap } = transferLookBack(cursor, ctx.now, zone);
    const visma = ctx.openVisma(tenant);
    // A throttle is waited out only while the window lasts; beyond it the run ends cleanly and
    // the next slot (or tomorrow's window, the cursor unmoved) catches up.
    if (!ctx.force) visma.limitWaits?.(Math.max(0, windowEnd(today, tenant).diff(ctx.now).as("milliseconds")));
    let read: Awaited<ReturnType<typeof readVisma>>;
    try {
      read = await readVisma(visma, tenant, since);
    } catch (error) {
      if (error instanceof VismaThrottledError) return skip(result, describeThrottle(error, ctx.now, zone));
      throw error;
    }
    const { documents, customers, malformed, malformedCustomers } = read;
    result.apiRequests = visma.stats.requests;
    observations.documents = documents;
    observations.visma = visma;
    const noteAutoInvoice = (batch: Batch) => {
      const finding = autoInvoiceFinding(batch, customers);
      if (finding) result.findings.push(finding);
    };
    nowTransferred.forEach(noteAutoInvoice);

    // --- select ---------------------------------------------------------------------------
    // Pending batches settled above are transferred (or abandoned) now: read them again.
    const refreshed = pending.length > 0 ? await store.recentBatches(today) : batches;
    observations.batchesAtStart = refreshed;
    const alreadySent = new Set(
      refreshed.filter((b) => b.status !== "abandoned").flatMap((b) => b.documents.map((d) => documentKey(d))),
    );
    const formatter = formatterFor(tenant.factor.format);
    const selection = selectDocuments({
      settings: tenant,
      businessDate: today,
      since,
      integrationStart: integrationStart.minus(overlap),
      documents,
      customers,
      alreadySent,
      kidProblem: (kid) => kidProblem(kid, tenant.factor.kid),
      formatProblems: (doc, customer) => formatter.check(doc, customer, tenant.factor),
    });
    result.excluded = [...selection.excluded, ...malformed];
    result.findings.push(...findingsOf(result.excluded), ...malformedCustomers);
    failpoint("transfer:after-selection");
    for (const doc of selection.selected) addToTotals(result.totals, doc.type, doc.currency, doc.amountOre);

    const unreadable = malformed.length + malformedCustomers.length;
    const complete = unreadable === 0;
    if (selection.selected.length === 0) {
      result.status = ctx.dryRun ? "dry-run" : "nothing-to-do";
      result.message = "no new documents to transfer";
      if (!ctx.dryRun && complete) {
        await ctx.committer.record({ tenant: tenant.id, businessDate: today, action: "transfer-empty", counts: {}, runUrl: ctx.runUrl }, () =>
          updateCursor(store, integrationStart, [], lastTransferOf(ctx, today, [])),
        );
      }
      return withIncomplete(result, unreadable);
    }

    // --- format ---------------------------------------------------------------------------
    const sequence = batches.filter((b) => b.businessDate === today).length + 1;
    const batchId = `${tenant.id}-${today.replaceAll("-", "")}-${String(sequence).padStart(2, "0")}`;
    const customersOfBatch = new Map<string, Customer>();
    for (const doc of selection.selected) customersOfBatch.set(doc.customer.number, customers.get(doc.customer.number)!);
    const sentBefore = new Set(cursor?.customersSent ?? []);
    const newCustomers = [...customersOfBatch.keys()].filter((c) => !sentBefore.has(c)).sort();
    const toFormat = {
      tenantId: tenant.id,
      batchId,
      businessDate: today,
      sequence,
      factor: tenant.factor,
      documents: selection.selected,
      customers: customersOfBatch,
      newCustomers: new Set(newCustomers),
    };
    const files = formatter.format(toFormat);
    // Sent, but the file says something differently from Visma.net (a field cut, a unit as C62).
    for (const note of formatter.notes(toFormat)) {
      result.findings.push({ kind: "format", document: refOf(note.document), message: `sent, but the file differs from Visma.net: ${note.message}` });
    }
    result.batches = [batchId];
    result.files = files.map((f) => ({ name: f.name, bytes: f.content.length, sha256: sha256(f.content) }));

    if (ctx.dryRun) {
      result.status = "dry-run";
      result.message = `would send batch ${batchId} (${files.length} file(s)); nothing written`;
      return withIncomplete(result, unreadable);
    }

    // --- deliver, write-ahead ---------------------------------------------------------------
    delivery ??= await ctx.openDelivery(tenant);
    const clash = await delivery.find(files.map((f) => f.name));
    if (clash.size > 0) {
      return fail(
        result,
        `file(s) ${[...clash.keys()].join(", ")} already exist at ${delivery.target} but the ledger has no batch for them; check state/${tenant.id}/ against the server before running again`,
      );
    }
    const batch: Batch = {
      id: batchId,
      businessDate: today,
      sequence,
      status: "pending",
      target: delivery.target,
      createdAt: ctx.now.toISO()!,
      files: result.files,
      documents: selection.selected.map(toLedgerDocument),
      newCustomers,
    };
    const counts = countsOf(result);
    await ctx.committer.record({ tenant: tenant.id, businessDate: today, action: "transfer-pending", counts, runUrl: ctx.runUrl }, async () => [
      ...(await store.putBatch(batch)),
      ...(cursor ? [] : await updateCursor(store, integrationStart, [])),
    ]);
    failpoint("transfer:after-pending");

    // Customer register first, documents last: a batch cut off part-way holds no documents.
    await delivery.upload([...files].sort((a, b) => Number(b.role === "customers") - Number(a.role === "customers")));
    failpoint("transfer:after-upload");

    // The run's clock (not the wall clock), so the closing delay follows --now in tests and the demo.
    const transferredAt = ctx.now.toISO()!;
    await ctx.committer.record({ tenant: tenant.id, businessDate: today, action: "transfer", counts, runUrl: ctx.runUrl }, async () => [
      ...(await store.updateBatch(batchId, today, (b) => {
        b.status = "transferred";
        b.transferredAt = transferredAt;
      })),
      // An incomplete read must not move the look-back window: the next run covers the period again.
      ...(await updateCursor(store, integrationStart, [...customersOfBatch.keys()], complete ? lastTransferOf(ctx, today, [batchId]) : undefined)),
    ]);
    failpoint("transfer:after-ledger");
    noteAutoInvoice(batch);

    result.status = "ok";
    result.message = `sent batch ${batchId}: ${describeTotals(result)} to ${delivery.target}`;
    return withIncomplete(result, unreadable);
  } finally {
    await delivery?.close().catch(() => undefined);
  }
}

/**
 * A pending batch was recorded but the run that wrote it did not confirm the upload. The
 * server decides: every file there with the recorded size → transferred. Anything else is
 * uncertain (the upload may have failed, or the factor may already have fetched the file),
 * so a human decides; the batch is never sent again on a guess.
 */
async function settlePending(
  pending: Batch[],
  delivery: Delivery,
  store: LedgerStore,
  ctx: RunContext,
  tenantId: string,
  today: string,
  confirmed: Batch[],
): Promise<string[]> {
  const unsettled: string[] = [];
  for (const batch of pending) {
    const found = await delivery.find(batch.files.map((f) => f.name));
    const complete = batch.files.every((f) => found.get(f.name) === f.bytes);
    const decision = complete ? "server-check" : ctx.resolvePending ? `human:${ctx.resolvePending}` : undefined;
    if (!decision) {
      const seen = batch.files.map((f) => `${f.name} ${found.has(f.name) ? `present (${found.get(f.name)} bytes, expected ${f.bytes})` : "absent"}`);
      unsettled.push(
        `Batch ${batch.id} (${batch.documents.length} documents) was recorded as pending but not confirmed: ${seen.join("; ")} at ${delivery.target}. ` +
          `Ask the factor whether they received it, then rerun with --resolve-pending sent (they have it) or --resolve-pending not-sent (send its documents again). Nothing is sent until then.`,
      );
      continue;
    }
    const sent = decision !== "human:not-sent";
    await ctx.committer.record(
      { tenant: tenantId, businessDate: today, action: sent ? "transfer-confirmed" : "transfer-abandoned", counts: { documents: batch.documents.length }, runUrl: ctx.runUrl },
      () =>
        store.updateBatch(batch.id, batch.businessDate, (b) => {
          b.status = sent ? "transferred" : "abandoned";
          b.resolvedBy = decision;
          if (sent) b.transferredAt = ctx.now.toISO()!;
        }),
    );
    ctx.log.info(`pending batch ${batch.id} settled as ${sent ? "transferred" : "not sent"} (${decision})`);
    if (sent) confirmed.push(batch);
  }
  return unsettled;
}

export async function readVisma(visma: ReturnType<RunContext["openVisma"]>, tenant: Tenant, since: DateTime) {
  const modifiedSince = { value: toVismaFilterDateTime(since, tenant.timeZone), condition: ">=" as const };
  const wantInvoices = tenant.selection.documentTypes.includes("Invoice");
  const wantCredits = tenant.selection.documentTypes.includes("CreditNote");
  const [invoices, credits, customers] = await Promise.all([
    wantInvoices ? visma.listInvoices({ status: "Open", lastModifiedDateTime: modifiedSince }) : { items: [], malformed: [] },
    // All statuses: a credit note applied before transfer must be listed for a human.
    wantCredits ? visma.listCreditNotes({ lastModifiedDateTime: modifiedSince }) : { items: [], malformed: [] },
    visma.listCustomers(),
  ]);
  const customerMap = new Map(customers.items.map((c) => [c.number, c]));
  const documents: ArDocument[] = [...invoices.items, ...credits.items];
  const unreadable = (type: ArDocument["type"]) => (m: MalformedElement): Exclusion => ({
    document: { type, number: m.id, customer: "", customerName: "", amountOre: 0, currency: "", documentDate: "", dueDate: null },
    reason: "malformed",
    detail: `${m.endpoint} returned an element that could not be read (${m.problem}); it was not transferred and the next run looks again`,
    needsHuman: true,
  });
  const malformed = [...invoices.malformed.map(unreadable("Invoice")), ...credits.malformed.map(unreadable("CreditNote"))];
  // An unreadable customer holds back its documents ("missing-customer") and is named itself.
  const malformedCustomers: Finding[] = customers.malformed.map((m) => ({
    kind: "malformed",
    message: `${m.endpoint} returned customer ${m.id} in a form that could not be read (${m.problem}); its documents wait until it can be`,
  }));
  return { documents, customers: customerMap, malformed, malformedCustomers };
}

/** The end of today's transfer window in the tenant's zone. */
function windowEnd(today: string, tenant: Tenant): DateTime {
  return DateTime.fromISO(`${today}T${tenant.transfer.window.end}`, { zone: tenant.timeZone });
}

function findingsOf(excluded: Exclusion[]): Finding[] {
  const kinds: Partial<Record<Exclusion["reason"], Finding["kind"]>> = {
    "too-old": "too-old",
    kid: "kid",
    "credit-applied": "credit-applied",
    currency: "currency",
    format: "format",
    malformed: "malformed",
    "partly-paid": "other",
    "missing-customer": "other",
    "zero-balance": "other",
    "unsupported-type": "other",
  };
  return excluded
    .filter((e) => e.needsHuman)
    .map((e) => ({ kind: kinds[e.reason] ?? "other", document: e.document, message: e.detail }));
}

function toLedgerDocument(doc: ArDocument): LedgerDocument {
  return {
    type: doc.type,
    number: doc.number,
    customer: doc.customer.number,
    customerName: doc.customer.name,
    currency: doc.currency,
    amountOre: doc.amountOre,
    documentDate: doc.documentDate,
    dueDate: doc.dueDate,
    kid: doc.kid,
  };
}

/** Creates the cursor if needed, adds the customers sent, and moves the window when given a completed transfer. */
function updateCursor(store: LedgerStore, integrationStart: DateTime, customersSent: string[], lastTransfer?: Cursor["lastTransfer"]): Promise<string[]> {
  return store.updateCursor((c) => {
    const next: Cursor = {
      tenant: store.tenant,
      integrationStart: c?.integrationStart ?? integrationStart.toISO()!,
      customersSent: union(c?.customersSent ?? [], customersSent),
    };
    const last = lastTransfer ?? c?.lastTransfer;
    if (last) next.lastTransfer = last;
    return next;
  });
}

function lastTransferOf(ctx: RunContext, today: string, batches: string[]): NonNullable<Cursor["lastTransfer"]> {
  return { businessDate: today, startedAt: ctx.now.toISO()!, completedAt: DateTime.now().toISO()!, batches };
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

function sha256(content: Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

function countsOf(result: TenantRunResult): Record<string, number> {
  return { invoices: countOf(result.totals, "Invoice"), creditNotes: countOf(result.totals, "CreditNote"), files: result.files.length };
}

function describeTotals(result: TenantRunResult): string {
  return `${countOf(result.totals, "Invoice")} invoice(s), ${countOf(result.totals, "CreditNote")} credit note(s)`;
}

function skip(result: TenantRunResult, message: string): TenantRunResult {
  result.status = "skipped";
  result.message = message;
  return result;
}

function fail(result: TenantRunResult, message: string): TenantRunResult {
  result.status = "failed";
  result.message = message;
  result.error = message;
  return result;
}

/** A run that could not read some elements sent what it could but must not move the cursor. */
function withIncomplete(result: TenantRunResult, malformed: number): TenantRunResult {
  if (malformed > 0) {
    result.status = "failed";
    result.error = `${malformed} element(s) from Visma.net could not be read; they were not transferred and the next run looks at the same period again`;
    result.message = [result.message, result.error].filter(Boolean).join("; ");
  }
  return result;
}

