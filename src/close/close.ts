/**
 * The closing of one tenant: for every transferred document whose transfer is older than the
 * delay, a customer payment (invoice) or refund (credit note) on the factoring cash account,
 * released, then verified in Visma.net and recorded in the ledger.
 *
 * API use stays close to the lower bound (create + release per payment): the documents'
 * current state, the existing payments and the verification are read with paged list calls,
 * never one GET per document.
 */
import pLimit from "p-limit";
import type { Tenant } from "../config/schema.ts";
import { isDue, planClosing, unreadablePaymentOwner } from "./plan.ts";
import { postPayment, type PostOutcome } from "./post.ts";
import { describeThrottle, VismaThrottledError } from "../visma/errors.ts";
import { LedgerStore } from "../ledger/store.ts";
import { documentKey, type Batch, type ClosingEntry, type LedgerDocument } from "../ledger/types.ts";
import { reconcileTenant, reconciliationSummary } from "../reconcile/reconcile.ts";
import { addToTotals, baseResult, type TenantRunResult } from "../run/result.ts";
import { documentRef } from "../watch/findings.ts";
import { updateAttention, type RunObservations } from "../watch/update.ts";
import { failpoint } from "../shared/failpoint.ts";
import { sumOre } from "../shared/money.ts";
import { businessDate as businessDateOf } from "../shared/time.ts";
import type { VismaApi } from "../visma/api.ts";
import type { ArDocument, DocumentType, ListResult, MalformedElement, Payment } from "../visma/types.ts";
import type { RunContext } from "../run/context.ts";

export async function closeTenant(tenant: Tenant, ctx: RunContext): Promise<TenantRunResult> {
  const observations: RunObservations = { documents: [], batchesAtStart: [] };
  const result = await close(tenant, ctx, observations);
  if (result.status !== "skipped" && result.status !== "dry-run") await reconcileDay(tenant, ctx, result, observations);
  // Watch list: due dates changed and AutoInvoice of the documents closed, the persistent attention list.
  await updateAttention(tenant, ctx, result, observations);
  return result;
}

/**
 * The day's reconciliation line for the job summary. A mismatch means the ledger and Visma.net
 * disagree about money already closed (invariant 3): the run fails so the "close failed" issue
 * names the documents. A reconciliation that cannot be made is said, and fails nothing.
 */
async function reconcileDay(tenant: Tenant, ctx: RunContext, result: TenantRunResult, observations: RunObservations): Promise<void> {
  try {
    // One client (and token) for the run: the watch list after this uses it too.
    const client = (observations.visma ??= ctx.openVisma(tenant));
    const rec = await reconcileTenant({
      tenant,
      stateDir: ctx.stateDir,
      visma: client,
      from: result.businessDate,
      to: result.businessDate,
      documentsRead: observations.documentsFrom ? { from: observations.documentsFrom, items: observations.documents } : undefined,
    });
    result.reconciliation = reconciliationSummary(rec);
    result.apiRequests = client.stats.requests;
    if (rec.mismatches.length > 0) {
      const text = `the ledger and Visma.net disagree: ${result.reconciliation.mismatches.join("; ")}`;
      result.status = "failed";
      result.message = [result.message, `reconciliation: ${rec.mismatches.length} mismatch(es)`].filter(Boolean).join("; ");
      result.error = [result.error, text].filter(Boolean).join("\n");
    }
  } catch (error) {
    const text = `the reconciliation could not be made: ${(error as Error).message}`;
    ctx.log.warn(`${tenant.id}: ${text}`);
    result.reconciliation = { date: result.businessDate, line: `Reconciliation ${result.businessDate}: ${text}`, mismatches: [] };
  }
}

async function close(tenant: Tenant, ctx: RunContext, observations: RunObservations): Promise<TenantRunResult> {
  const today = businessDateOf(ctx.now, tenant.timeZone);
  const result = baseResult(tenant, "close", today);
  result.closing = { closed: [], skipped: [], waiting: { count: 0, amountOre: 0 } };
  if (!tenant.closing.enabled) return done(result, "skipped", "closing is disabled for this tenant (closing.enabled: false)");

  const store = new LedgerStore(ctx.stateDir, tenant.id);
  const batches = (await store.recentBatches(today)).filter((b) => b.status === "transferred");
  observations.batchesAtStart = batches;
  const open = batches.flatMap((b) => b.documents.filter((d) => !d.closing).map((d) => ({ batch: b, doc: d })));
  if (open.length === 0) return done(result, "nothing-to-do", "no transferred documents wait for closing");

  const due = batches.filter((b) => isDue(b, ctx.now, tenant.closing.delayHours));
  const waitingDocs = open.filter((o) => !due.includes(o.batch));
  result.closing.waiting = { count: waitingDocs.length, amountOre: sumOre(waitingDocs.map((o) => o.doc.amountOre)) };
  const dueDocs = open.filter((o) => due.includes(o.batch));
  if (dueDocs.length === 0) {
    return done(result, "nothing-to-do", `${waitingDocs.length} document(s) wait for the ${tenant.closing.delayHours} h delay`);
  }

  // The read-back and the reconciliation ask for the same document list: read it once (client.ts).
  const visma = ctx.openVisma(tenant);
  const fromDate = minOf(dueDocs.map((o) => o.doc.documentDate));
  observations.visma = visma;
  let current: Awaited<ReturnType<typeof readDocuments>>;
  let payments: ListResult<Payment>;
  try {
    current = await readDocuments(visma, tenant, fromDate);
    observations.documents = [...current.byKey.values()];
    payments = await visma.listPayments({ docDate: { value: minOf(due.map((b) => b.businessDate)), condition: ">=" } });
  } catch (error) {
    // Throttled before anything was posted: nothing to record, the next slot does it all.
    if (error instanceof VismaThrottledError) return done(result, "skipped", describeThrottle(error, ctx.now, tenant.timeZone));
    throw error;
  }
  const unreadable = unreadableInputs(current.malformed, payments.malformed);
  if (unreadable.unknown.length > 0) {
    return done(
      result,
      "failed",
      `${unreadable.unknown.length} element(s) from Visma.net could not be read and could be ours (${unreadable.unknown.join("; ")}); closing nothing until they can`,
    );
  }
  const plan = planClosing({
    settings: tenant,
    now: ctx.now,
    batches: due,
    current: current.byKey,
    payments: payments.items,
    unreadableDocuments: unreadable.documents,
    unreadableRefs: unreadable.refs,
  });
  for (const h of plan.held) result.findings.push({ kind: "other", document: documentRef(h.document), message: h.detail });

  if (ctx.dryRun) {
    for (const p of plan.payments) for (const d of p.documents) addToTotals(result.totals, d.type, d.currency, d.amountOre);
    result.closing.skipped = plan.skips.map((s) => ({ type: s.document.type, number: s.document.number, reason: s.reason, detail: s.detail }));
    return done(result, "dry-run", `would post ${plan.payments.length} payment(s)/refund(s) and skip ${plan.skips.length}; nothing written`);
  }

  // Once Visma.net throttles beyond what the run waits, the rest is not even tried: it would be
  // throttled too, and the next slot posts it.
  let throttle: { retryAfterMs: number | null } | undefined;
  const limit = pLimit(tenant.visma.concurrency);
  const outcomes = await Promise.all(
    plan.payments.map((p) =>
      limit(async () => {
        const outcome: PostOutcome = throttle ? { kind: "throttled", retryAfterMs: throttle.retryAfterMs } : await postPayment(visma, p, tenant, today).catch(errorOutcome);
        if (outcome.kind === "throttled") throttle ??= outcome;
        return { planned: p, outcome };
      }),
    ),
  );

  // Read back: every document we paid must now be Closed with balance 0 (nothing to read back
  // when nothing was posted). The reconciliation and the watch list reuse this read. Throttled
  // here, the released payments are not recorded now: the next run finds them by reference.
  let after: Awaited<ReturnType<typeof readDocuments>> | undefined = current;
  if (outcomes.some((o) => o.outcome.kind === "released")) {
    after = await readDocuments(visma, tenant, fromDate).catch((error: unknown) => {
      if (!(error instanceof VismaThrottledError)) throw error;
      throttle ??= error;
      return undefined;
    });
  }
  if (after) {
    observations.documents = [...after.byKey.values()];
    observations.documentsFrom = fromDate;
  }
  const entries = new LedgerEntries(due);
  const count = { uncertain: 0, unverified: 0, refused: 0, throttled: 0, notReadBack: 0, posted: 0 };
  for (const { planned, outcome } of outcomes) {
    if (outcome.kind === "uncertain") {
      count.uncertain += 1;
      result.findings.push({ kind: "other", message: outcome.detail });
      continue;
    }
    if (outcome.kind === "refused") {
      count.refused += planned.documents.length;
      for (const doc of planned.documents) result.findings.push({ kind: "payment-refused", document: documentRef(doc), message: outcome.detail });
      continue;
    }
    if (outcome.kind === "throttled") {
      count.throttled += planned.documents.length;
      continue;
    }
    count.posted += 1;
    if (!after) {
      count.notReadBack += planned.documents.length;
      continue;
    }
    for (const doc of planned.documents) {
      const now = after.byKey.get(documentKey(doc));
      if (!now || now.status !== "Closed" || now.balanceOre !== 0) {
        count.unverified += 1;
        result.findings.push({
          kind: "other",
          document: documentRef(doc),
          message: `${planned.type} ${outcome.paymentNumber} was released but the document reads back as ${now ? `${now.status}, balance ${now.balanceOre} øre` : "missing"}; check it in Visma.net`,
        });
        continue;
      }
      entries.add(planned.batchId, doc, {
        status: "closed",
        paymentType: planned.type,
        paymentNumber: outcome.paymentNumber,
        paymentRef: planned.paymentRef,
        amountOre: doc.amountOre,
        applicationDate: planned.existing?.applicationDate ?? today,
        releasedAt: ctx.now.toISO()!,
      });
      addToTotals(result.totals, doc.type, doc.currency, doc.amountOre);
      result.closing.closed.push({ type: doc.type, number: doc.number, customer: doc.customer, amountOre: doc.amountOre, currency: doc.currency, paymentType: planned.type, paymentNumber: outcome.paymentNumber });
    }
  }
  for (const s of plan.skips) {
    entries.add(s.batchId, s.document, { status: "skipped", reason: s.reason, detail: s.detail, at: ctx.now.toISO()! });
    result.closing.skipped.push({ type: s.document.type, number: s.document.number, reason: s.reason, detail: s.detail });
    result.findings.push({ kind: "changed-after-transfer", document: documentRef(s.document), message: s.detail });
  }

  if (!entries.isEmpty()) {
    await ctx.committer.record(
      { tenant: tenant.id, businessDate: today, action: "close", counts: { closed: result.closing.closed.length, skipped: plan.skips.length }, runUrl: ctx.runUrl },
      () => entries.writeTo(store),
    );
    failpoint("close:after-ledger");
  }
  // A refusal or a throttle is a definite state, not a failure: only what is unknown fails the run.
  const status = count.uncertain + count.unverified + plan.held.length > 0 ? "failed" : "ok";
  result.apiRequests = visma.stats.requests;
  const parts = [
    `${result.closing.closed.length} closed`,
    count.refused > 0 ? `${count.refused} refused` : "",
    plan.skips.length > 0 ? `${plan.skips.length} skipped` : "",
    count.uncertain > 0 ? `${count.uncertain} payment(s) uncertain (left for the next run)` : "",
    plan.held.length > 0 ? `${plan.held.length} held (could not be read)` : "",
    count.unverified > 0 ? `${count.unverified} not confirmed closed` : "",
    count.notReadBack > 0 ? `${count.notReadBack} released but not read back yet` : "",
  ].filter(Boolean);
  const throttled = throttle ? `; ${describeThrottle(throttle, ctx.now, tenant.timeZone)} (${count.throttled + count.notReadBack} document(s))` : "";
  return done(result, status, `${parts.join(", ")} — ${count.posted} payment(s)/refund(s) released${throttled}`);
}

/** Closing entries of this run, grouped by batch; written by re-reading each batch (re-appliable). */
class LedgerEntries {
  private readonly byBatch = new Map<string, { batch: Batch; docs: Map<string, ClosingEntry> }>();
  constructor(private readonly batches: Batch[]) {}

  add(batchId: string, doc: LedgerDocument, entry: ClosingEntry): void {
    let slot = this.byBatch.get(batchId);
    if (!slot) {
      slot = { batch: this.batches.find((b) => b.id === batchId)!, docs: new Map() };
      this.byBatch.set(batchId, slot);
    }
    slot.docs.set(documentKey(doc), entry);
  }

  isEmpty(): boolean {
    return this.byBatch.size === 0;
  }

  async writeTo(store: LedgerStore): Promise<string[]> {
    const written = new Set<string>();
    for (const { batch, docs } of this.byBatch.values()) {
      const paths = await store.updateBatch(batch.id, batch.businessDate, (b) => {
        for (const d of b.documents) {
          const entry = docs.get(documentKey(d));
          if (entry && !d.closing) d.closing = entry; // never overwrite what an earlier run recorded
        }
      });
      paths.forEach((p) => written.add(p));
    }
    return [...written];
  }
}

async function readDocuments(visma: VismaApi, tenant: Tenant, fromDate: string) {
  const query = { documentDate: { value: fromDate, condition: ">=" as const } };
  const none: ListResult<ArDocument> = { items: [], malformed: [] };
  const [invoices, credits] = await Promise.all([
    tenant.selection.documentTypes.includes("Invoice") ? visma.listInvoices(query) : none,
    tenant.selection.documentTypes.includes("CreditNote") ? visma.listCreditNotes(query) : none,
  ]);
  const byKey = new Map<string, ArDocument>();
  for (const d of [...invoices.items, ...credits.items]) byKey.set(documentKey(d), d);
  const malformed = [
    ...invoices.malformed.map((m) => ({ type: "Invoice" as const, m })),
    ...credits.malformed.map((m) => ({ type: "CreditNote" as const, m })),
  ];
  return { byKey, malformed };
}

/**
 * What Visma.net returned unreadably, sorted by what it can hold up: a document (by number) or a
 * payment of ours (by reference) holds only what it decides; an element that could be ours but
 * cannot be identified (no number, no readable reference) holds everything. A payment that
 * cannot be ours (another reference, a type we never post) holds nothing and is not reported.
 */
function unreadableInputs(documents: { type: DocumentType; m: MalformedElement }[], payments: MalformedElement[]) {
  const out = { documents: new Map<string, string>(), refs: new Map<string, string>(), unknown: [] as string[] };
  for (const { type, m } of documents) {
    if (/^element #/.test(m.id)) out.unknown.push(`${m.endpoint} ${m.id}: ${m.problem}`);
    else out.documents.set(documentKey({ type, number: m.id }), m.problem);
  }
  for (const m of payments) {
    const owner = unreadablePaymentOwner(m);
    if (!owner.ours) continue;
    if (owner.ref === null) out.unknown.push(`${m.endpoint} ${m.id}: ${m.problem}`);
    else out.refs.set(owner.ref, `${m.readable?.type ?? "payment"} ${m.id} (${owner.ref}) could not be read (${m.problem})`);
  }
  return out;
}

function errorOutcome(error: unknown): PostOutcome {
  return { kind: "uncertain", detail: (error as Error).message };
}

function minOf(values: string[]): string {
  return values.reduce((a, b) => (b < a ? b : a));
}

function done(result: TenantRunResult, status: TenantRunResult["status"], message: string): TenantRunResult {
  result.status = status;
  result.message = message;
  if (status === "failed") result.error = message;
  return result;
}

