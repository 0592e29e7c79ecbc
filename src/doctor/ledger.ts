/**
 * The ledger and the cursor: what the repository's state/ says about this tenant, where the next
 * (for a new tenant: the first) transfer starts, and how many documents that is today, by the
 * transfer's own window (select/look-back.ts), read (transfer/read.ts readModifiedSince) and
 * selection (transfer/select.ts selectForTenant).
 */
import type { Tenant } from "../config/schema.ts";
import { LedgerStore } from "../ledger/store.ts";
import type { Batch, Cursor } from "../ledger/types.ts";
import type { LookBack } from "../select/look-back.ts";
import { type Catalogue, noticeLabel } from "../report/messages/index.ts";
import { sumOre } from "../shared/money.ts";
import { reachOf } from "../shared/notice.ts";
import { selectForTenant, sentKeys as sentByLedger } from "../transfer/select.ts";
import { fail, pass, unknown, type Check } from "./types.ts";
import type { VismaFacts } from "./visma-facts.ts";

export interface LedgerState {
  cursor: Cursor | undefined;
  /** Batches of the months a run reads. */
  batches: Batch[];
}

export async function readLedger(
  stateDir: string,
  tenant: Pick<Tenant, "id" | "selection">,
  today: string,
): Promise<LedgerState | Error> {
  // As far back as the transfer reads it: the forecast counts what it would count as sent.
  const store = new LedgerStore(stateDir, tenant.id, { lookBackDays: tenant.selection.maxInvoiceAgeDays });
  try {
    return { cursor: await store.readCursor(), batches: await store.recentBatches(today) };
  } catch (error) {
    return error as Error;
  }
}

/** What a transfer counts as sent already: every document of a pending or transferred batch. */
export function sentKeys(state: LedgerState | Error): Set<string> {
  return state instanceof Error ? new Set() : sentByLedger(state.batches);
}

export function ledgerChecks(state: LedgerState | Error, tenant: Tenant, stateDir: string, t: Catalogue): Check[] {
  const d = t.doctor;
  const where = `${stateDir}/${tenant.id}`;
  if (state instanceof Error) return [fail(d.name.ledger, `${state.message}`)];
  const { cursor, batches } = state;
  const pending = batches.filter((b) => b.status === "pending");
  const lines = pending.map((b) =>
    fail(
      d.name.pendingBatch({ id: b.id }),
      d.ledgerPending({ created: b.createdAt, files: b.files.map((f) => f.name), target: b.target }),
    ),
  );
  if (!cursor && batches.length === 0) return [pass(d.name.ledger, d.ledgerEmpty({ where })), ...lines];
  const documents = batches.filter((b) => b.status === "transferred").flatMap((b) => b.documents);
  const last = cursor?.lastTransfer;
  const seen = d.ledgerSeen({
    where,
    last: last ? { date: last.businessDate, batches: last.batches } : null,
    start: cursor?.integrationStart ?? null,
    batches: batches.length,
    documents: documents.length,
    closed: documents.filter((doc) => doc.closing?.status === "closed").length,
    skipped: documents.filter((doc) => doc.closing?.status === "skipped").length,
  });
  return [pass(d.name.ledger, seen), ...lines];
}

/** "1 750,00 NOK, 100,00 EUR": the documents' sums per currency (none: ""). */
function sums(docs: readonly { currency: string; amountOre: number }[], t: Catalogue): string {
  const byCurrency = new Map<string, number[]>();
  for (const doc of docs) byCurrency.set(doc.currency, [...(byCurrency.get(doc.currency) ?? []), doc.amountOre]);
  return [...byCurrency].map(([c, amounts]) => t.f.money(sumOre(amounts), c)).join(", ");
}

export interface NextRunInput {
  tenant: Tenant;
  today: string;
  lookBack: LookBack;
  state: LedgerState | Error;
  nextRun: VismaFacts["nextRun"];
}

export function nextRunCheck({ tenant, today, lookBack, state, nextRun }: NextRunInput, t: Catalogue): Check {
  const d = t.doctor;
  const cursor = state instanceof Error ? undefined : state.cursor;
  const first = !cursor;
  const name = first ? d.name.firstRun : d.name.nextRun;
  const hours = Math.round(lookBack.overlap.as("hours"));
  const since = lookBack.since.toISO()!;
  const from = first
    ? d.nextFromFirst({ since, hours, start: lookBack.integrationStart.toISO()! })
    : d.nextFromLast({ since, hours });
  const already = cursor?.lastTransfer?.businessDate === today ? d.nextAlready : "";
  if (state instanceof Error) return unknown(name, d.nextLedgerUnread({ from }));
  if (!nextRun.ok) return fail(name, d.nextNotRead({ from, error: nextRun.error }));
  const { documents, customers, unreadableDocuments } = nextRun.value;
  const selection = selectForTenant(tenant, today, lookBack, { documents, customers, alreadySent: sentKeys(state) });
  const held = selection.excluded.filter((e) => reachOf(e.code) === "attention");
  const invoices = selection.selected.filter((doc) => doc.type === "Invoice");
  const credits = selection.selected.filter((doc) => doc.type === "CreditNote");
  const would =
    selection.selected.length === 0
      ? d.nextNothing
      : d.nextWould({
          invoices: invoices.length,
          invoiceSums: sums(invoices, t),
          creditNotes: credits.length,
          creditSums: sums(credits, t),
        });
  const heldText =
    held.length > 0 ? d.nextHeld({ held: held.map((e) => `${e.document.number} ${noticeLabel(t, e.code)}`) }) : "";
  const { start, end } = tenant.transfer.window;
  const seen = d.nextSeen({ start, end, would, held: heldText, already, from });
  if (unreadableDocuments.length > 0)
    return unknown(name, d.nextUnreadable({ seen, count: unreadableDocuments.length }));
  return pass(name, seen);
}
