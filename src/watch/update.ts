/**
 * The end of every transfer and closing run: add the watch findings (watch.ts) to the run's own,
 * re-read the documents on the attention list that changed since the last look, merge, and
 * record the list when it changed (through the run's committer, so Actions commits it with the
 * ledger). A failure here never fails the run: the list is the report, not the books.
 */
import { DateTime } from "luxon";
import type { RunContext } from "../run/context.ts";
import type { Tenant } from "../config/schema.ts";
import { LedgerStore } from "../ledger/store.ts";
import { documentKey, type Batch, type LedgerDocument } from "../ledger/types.ts";
import { startOfDay, toVismaFilterDateTime } from "../shared/time.ts";
import type { VismaApi } from "../visma/api.ts";
import { lookBackOverlap } from "../visma/filters.ts";
import type { ArDocument, DocumentType } from "../visma/types.ts";
import type { AttentionEntry, TenantRunResult } from "../run/result.ts";
import { findingKey, openLedgerDocuments, watchFindings } from "./findings.ts";
import { isObservable, mergeAttention, readAttention, sameEntries, writeAttention, type AttentionFile, type MergeInput } from "./attention.ts";


export interface RunObservations {
  /** Documents the run itself read from Visma.net (any status). */
  documents: readonly ArDocument[];
  /**
   * When set, `documents` holds every document of the tenant's types dated on or after this
   * date, as read after the run's last write (the closing's read-back): others may reuse it.
   */
  documentsFrom?: string;
  /** The ledger's recent batches as they were when the run started. */
  batchesAtStart: readonly Batch[];
  /** The run's Visma.net client, when it opened one (saves a token). */
  visma?: VismaApi;
}

export async function updateAttention(tenant: Tenant, ctx: RunContext, result: TenantRunResult, obs: RunObservations): Promise<void> {
  if (result.status === "skipped") return;
  const sent = openLedgerDocuments(obs.batchesAtStart);
  const known = new Set(result.findings.map(findingKey));
  const addFindings = (docs: Iterable<ArDocument>) => {
    for (const f of watchFindings({ observed: docs, sent })) {
      const key = findingKey(f);
      if (known.has(key)) continue;
      known.add(key);
      result.findings.push(f);
    }
  };
  if (ctx.dryRun || result.status === "dry-run") {
    addFindings(obs.documents);
    return;
  }
  try {
    const current = await readAttention(ctx.stateDir, tenant.id);
    const rechecked = await recheck(tenant, ctx, current, obs.visma);
    const observed = new Map<string, ArDocument>();
    for (const d of [...obs.documents, ...rechecked]) observed.set(documentKey(d), d);
    addFindings(observed.values());
    if (obs.visma) result.apiRequests = obs.visma.stats.requests;

    const store = new LedgerStore(ctx.stateDir, tenant.id);
    const ledger = new Map<string, LedgerDocument>();
    const settledBatches = new Set<string>();
    for (const b of await store.recentBatches(result.businessDate)) {
      if (b.status !== "abandoned") for (const d of b.documents) ledger.set(documentKey(d), d);
      if (b.status === "transferred" && b.documents.every((d) => d.closing)) settledBatches.add(b.id);
    }
    const input: MergeInput = {
      command: result.command,
      today: result.businessDate,
      completed: result.status === "ok" || result.status === "nothing-to-do",
      findings: result.findings,
      observed,
      ledger,
      settledBatches,
    };
    const { file, outcome } = mergeAttention(current, input);
    result.attention = outcome;
    if (sameEntries(file, current)) return;
    await ctx.committer.record(
      {
        tenant: tenant.id,
        businessDate: result.businessDate,
        action: "attention",
        counts: { open: outcome.entries.length, added: outcome.added.length, cleared: outcome.cleared.length },
        runUrl: ctx.runUrl,
      },
      // Re-read and re-merge: in Actions the committer may apply this on a newer tip.
      async () => {
        const again = mergeAttention(await readAttention(ctx.stateDir, tenant.id), input).file;
        return writeAttention(ctx.stateDir, { ...again, checkedAt: ctx.now.toISO()! });
      },
    );
  } catch (error) {
    const message = `the attention list was not updated: ${(error as Error).message}`;
    ctx.log.warn(`${tenant.id}: ${message}`);
    result.attention = { entries: [], added: [], cleared: [], error: message };
  }
}

/**
 * Reads the documents on the list that may have changed since the last look, with paged list
 * calls (documents modified since the list was last written, minus an overlap), never one GET
 * per document. Nothing to read when no entry can be resolved by reading its document.
 */
async function recheck(tenant: Tenant, ctx: RunContext, current: AttentionFile, visma: VismaApi | undefined): Promise<ArDocument[]> {
  const entries = current.entries.filter(isObservable);
  if (entries.length === 0) return [];
  const since = sinceOf(current, entries, tenant.timeZone).minus(lookBackOverlap(tenant.timeZone, ctx.now));
  const query = { lastModifiedDateTime: { value: toVismaFilterDateTime(since, tenant.timeZone), condition: ">=" as const } };
  const types = new Set<DocumentType>(entries.map((e) => e.document!.type));
  const client = visma ?? ctx.openVisma(tenant);
  const [invoices, credits] = await Promise.all([
    types.has("Invoice") ? client.listInvoices(query) : { items: [], malformed: [] },
    types.has("CreditNote") ? client.listCreditNotes(query) : { items: [], malformed: [] },
  ]);
  // Unreadable elements are simply not observed: their entries stay listed.
  return [...invoices.items, ...credits.items];
}

function sinceOf(current: AttentionFile, entries: AttentionEntry[], zone: string): DateTime {
  if (current.checkedAt) {
    const at = DateTime.fromISO(current.checkedAt, { setZone: true });
    if (at.isValid) return at;
  }
  const first = entries.map((e) => e.firstSeen).reduce((a, b) => (b < a ? b : a));
  return startOfDay(first, zone);
}
