/**
 * The ledger and the cursor: what the repository's state/ says about this tenant, where the next
 * (for a new tenant: the first) transfer starts, and how many documents that is today, by the
 * transfer's own window (select/look-back.ts), read (transfer/read.ts readModifiedSince) and
 * selection (transfer/select.ts selectForTenant).
 */
import type { DateTime } from "luxon";
import type { Tenant } from "../config/schema.ts";
import { LedgerStore } from "../ledger/store.ts";
import type { Batch, Cursor } from "../ledger/types.ts";
import type { LookBack } from "../select/look-back.ts";
import { formatMoney, sumOre } from "../shared/money.ts";
import { reachOf } from "../shared/notice.ts";
import { selectForTenant, sentKeys as sentByLedger } from "../transfer/select.ts";
import { count, fail, listed, pass, unknown, type Check } from "./types.ts";
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

export function ledgerChecks(state: LedgerState | Error, tenant: Tenant, stateDir: string): Check[] {
  const where = `${stateDir}/${tenant.id}`;
  if (state instanceof Error) return [fail("ledger", `${state.message}`)];
  const { cursor, batches } = state;
  const pending = batches.filter((b) => b.status === "pending");
  const lines = pending.map((b) =>
    fail(
      `pending batch ${b.id}`,
      `recorded ${b.createdAt} but its upload was not confirmed: the next transfer first looks for ${b.files.map((f) => f.name).join(", ")} at ${b.target} and stops for a person if they are not all there`,
    ),
  );
  if (!cursor && batches.length === 0)
    return [pass("ledger", `nothing recorded in ${where} yet: the next transfer is the first`), ...lines];
  const documents = batches.filter((b) => b.status === "transferred").flatMap((b) => b.documents);
  const closed = documents.filter((d) => d.closing?.status === "closed").length;
  const skipped = documents.filter((d) => d.closing?.status === "skipped").length;
  const last = cursor?.lastTransfer;
  const parts = [
    last
      ? `last transfer ${last.businessDate} (${last.batches.length ? last.batches.join(", ") : "nothing to send"})`
      : "no completed transfer yet",
    cursor ? `integration started ${cursor.integrationStart}` : "no cursor yet",
    `${count(batches.length, "batch", "batches")} in the months a run reads: ${count(documents.length, "document")} transferred, ${closed} closed, ${skipped} skipped, ${documents.length - closed - skipped} waiting for closing`,
  ];
  return [pass("ledger", `${where}: ${parts.join("; ")}`), ...lines];
}

/** "2 invoices (1 750,00 NOK, 100,00 EUR)". */
function withSums(what: string, docs: readonly { currency: string; amountOre: number }[]): string {
  if (docs.length === 0) return what;
  const byCurrency = new Map<string, number[]>();
  for (const d of docs) byCurrency.set(d.currency, [...(byCurrency.get(d.currency) ?? []), d.amountOre]);
  return `${what} (${[...byCurrency].map(([c, amounts]) => formatMoney(sumOre(amounts), c)).join(", ")})`;
}

export interface NextRunInput {
  tenant: Tenant;
  today: string;
  lookBack: LookBack;
  state: LedgerState | Error;
  nextRun: VismaFacts["nextRun"];
}

export function nextRunCheck({ tenant, today, lookBack, state, nextRun }: NextRunInput): Check {
  const cursor = state instanceof Error ? undefined : state.cursor;
  const first = !cursor;
  const name = first ? "first run" : "next run";
  const zone = tenant.timeZone;
  const at = (t: DateTime) => t.setZone(zone).toFormat("yyyy-MM-dd HH:mm");
  const hours = Math.round(lookBack.overlap.as("hours"));
  const from = first
    ? `reads documents modified since ${at(lookBack.since)} (the start of the previous day, ${hours} h earlier for Visma.net's unpublished timestamp zone); documents created before ${at(lookBack.integrationStart)} stay with you`
    : `reads documents modified since ${at(lookBack.since)} (the last transfer's start, ${hours} h earlier)`;
  const when = `${tenant.transfer.window.start}–${tenant.transfer.window.end} ${zone}`;
  const already =
    cursor?.lastTransfer?.businessDate === today ? "; today's transfer already ran, so the next is tomorrow's" : "";
  if (state instanceof Error) return unknown(name, `${from}; not counted: the ledger could not be read`);
  if (!nextRun.ok) return fail(name, `${from}; could not be read: ${nextRun.error}`);
  const { documents, customers, unreadableDocuments } = nextRun.value;
  const selection = selectForTenant(tenant, today, lookBack, { documents, customers, alreadySent: sentKeys(state) });
  const held = selection.excluded.filter((e) => reachOf(e.code) === "attention");
  const invoices = selection.selected.filter((d) => d.type === "Invoice");
  const credits = selection.selected.filter((d) => d.type === "CreditNote");
  const would =
    selection.selected.length === 0
      ? "would send nothing now"
      : `would send ${withSums(count(invoices.length, "invoice"), invoices)} and ${withSums(count(credits.length, "credit note"), credits)} now`;
  const heldText =
    held.length > 0
      ? `; held back for a person: ${listed(
          held.map((e) => `${e.document.number} ${e.code}`),
          5,
        )}`
      : "";
  const seen = `the transfer (${when}) ${would}${heldText}${already}; it ${from}`;
  if (unreadableDocuments.length > 0)
    return unknown(
      name,
      `${seen}; ${count(unreadableDocuments.length, "element")} could not be read, so that run would fail and look again next time`,
    );
  return pass(name, seen);
}
