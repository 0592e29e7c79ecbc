/**
 * The end of every transfer and closing run: add the watch list's notices (notices.ts) to the
 * run's own, re-read the documents on the attention list that changed since the last look, merge,
 * and record the list when it changed (through the run's committer, so Actions commits it with the
 * ledger). A failure here never fails the run: the list is the report, not the books.
 *
 * What the run read comes from its reader (RunContext.visma): nothing is read twice.
 */
import { DateTime } from "luxon";
import type { Tenant } from "../config/schema.ts";
import { LedgerStore } from "../ledger/store.ts";
import { documentKey, type Batch, type LedgerDocument } from "../ledger/types.ts";
import type { RunContext } from "../run/context.ts";
import type { TenantRunResult } from "../run/result.ts";
import { startOfDay, toVismaFilterDateTime } from "../shared/time.ts";
import { type ArDocument, type DocumentType, forTypes, listDocuments, lookBackOverlap } from "../visma/index.ts";
import { readAttention, sameEntries, writeAttention, type AttentionFile } from "../ledger/attention-file.ts";
import { isObservable, mergeAttention, type MergeInput } from "./attention.ts";
import { noticeKey, openLedgerDocuments, watchNotices, type SentDocument } from "./notices.ts";

export async function updateAttention(
  tenant: Tenant,
  ctx: RunContext,
  result: TenantRunResult,
): Promise<TenantRunResult> {
  if (result.status === "skipped") return result;
  return ctx.phase("watch", () =>
    ctx.dryRun || result.status === "dry-run" ? dryRunWatch(tenant, ctx, result) : merge(tenant, ctx, result),
  );
}

/** A dry run adds what it sees and writes nothing. */
async function dryRunWatch(tenant: Tenant, ctx: RunContext, result: TenantRunResult): Promise<TenantRunResult> {
  const ledger = await storeOf(tenant, ctx).recentBatches(result.businessDate);
  return { ...result, notices: withWatchNotices(result, ctx.visma.observed().values(), sentAtStart(ledger, result)) };
}

async function merge(tenant: Tenant, ctx: RunContext, result: TenantRunResult): Promise<TenantRunResult> {
  let notices = result.notices;
  try {
    const current = await readAttention(ctx.stateDir, tenant.id);
    const looked = await recheck(tenant, ctx, current);
    const observed = ctx.visma.observed();
    const batches = await storeOf(tenant, ctx).recentBatches(result.businessDate);
    notices = withWatchNotices(result, observed.values(), sentAtStart(batches, result));
    const ledger = new Map<string, LedgerDocument>();
    const settledBatches = new Set<string>();
    for (const b of batches) {
      if (b.status !== "abandoned") for (const d of b.documents) ledger.set(documentKey(d), d);
      if (b.status === "transferred" && b.documents.every((d) => d.closing)) settledBatches.add(b.id);
    }
    const input: MergeInput = {
      command: result.command,
      today: result.businessDate,
      completed: result.status === "ok" || result.status === "nothing-to-do",
      notices,
      observed,
      ledger,
      settledBatches,
    };
    const { file, outcome } = mergeAttention(current, input);
    // Written when it changed, and after every look at its documents: the next run's re-check
    // starts from this run, not from the last change of the list.
    if (!sameEntries(file, current) || looked) {
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
    }
    return { ...result, notices, attention: outcome };
  } catch (error) {
    const message = `the attention list was not updated: ${(error as Error).message}`;
    ctx.log.warn(`${tenant.id}: ${message}`);
    return { ...result, notices, attention: { entries: [], added: [], cleared: [], error: message } };
  }
}

/** The tenant's ledger, read as far back as the transfer reads it. */
function storeOf(tenant: Tenant, ctx: RunContext): LedgerStore {
  return new LedgerStore(ctx.stateDir, tenant.id, { lookBackDays: tenant.selection.maxInvoiceAgeDays });
}

/** The run's notices plus the watch list's own on what it read, each said once. */
function withWatchNotices(
  result: TenantRunResult,
  observed: Iterable<ArDocument>,
  sent: ReadonlyMap<string, SentDocument>,
): TenantRunResult["notices"] {
  const notices = [...result.notices];
  const known = new Set(notices.map(noticeKey));
  for (const n of watchNotices({ observed, sent })) {
    const key = noticeKey(n);
    if (known.has(key)) continue;
    known.add(key);
    notices.push(n);
  }
  return notices;
}

/** What the ledger had sent and not closed when the run started (the run's own closings count as open). */
function sentAtStart(batches: readonly Batch[], result: TenantRunResult): Map<string, SentDocument> {
  return openLedgerDocuments(
    batches,
    new Set([...(result.closing?.closed ?? []), ...(result.closing?.skipped ?? [])].map(documentKey)),
  );
}

/**
 * Reads the documents on the list that may have changed since the last look, with paged list
 * calls (documents modified since the list was last written, minus an overlap), never one GET
 * per document. Nothing to read when no entry can be resolved by reading its document, or when
 * the run already read every such document (the run's reader observed it). What it reads joins
 * the run's observed documents; unreadable elements are simply not observed (their entries stay
 * listed). Returns whether the run has now seen the current state of every such entry's document
 * (then the list is written with the run's time, and the next look starts from there).
 */
async function recheck(tenant: Tenant, ctx: RunContext, current: AttentionFile): Promise<boolean> {
  const entries = current.entries.filter(isObservable);
  if (entries.length === 0) return false;
  const observed = ctx.visma.observed();
  const unseen = entries.filter((e) => !observed.has(documentKey(e.document!)));
  if (unseen.length > 0) {
    const since = recheckSince(current, tenant.timeZone, ctx.now);
    const types = new Set<DocumentType>(unseen.map((e) => e.document!.type));
    await listDocuments(
      ctx.visma,
      forTypes(types, {
        lastModifiedDateTime: { value: toVismaFilterDateTime(since, tenant.timeZone), condition: ">=" },
      }),
    );
  }
  return !current.checkedAt || DateTime.fromISO(current.checkedAt) < ctx.now;
}

/**
 * Since when the list's documents are re-read: the list's last write (else the start of the day
 * its oldest entry was first listed), reaching back by the look-back overlap like every cut-off
 * on Visma.net's timestamps (visma/filters.ts lookBackOverlap).
 */
export function recheckSince(current: AttentionFile, zone: string, now: DateTime): DateTime {
  return sinceOf(current, zone).minus(lookBackOverlap(zone, now));
}

function sinceOf(current: AttentionFile, zone: string): DateTime {
  if (current.checkedAt) {
    const at = DateTime.fromISO(current.checkedAt, { setZone: true });
    if (at.isValid) return at;
  }
  const first = current.entries.map((e) => e.firstSeen).reduce((a, b) => (b < a ? b : a));
  return startOfDay(first, zone);
}
