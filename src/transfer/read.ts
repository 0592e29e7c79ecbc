/**
 * Reading Visma.net for the transfer: every invoice (Open) and credit note (any status: one
 * applied before the transfer must be listed for a person) modified since the previous transfer,
 * then only the customers the selection needs of them (customers.ts). Visma.net's timestamps may
 * be UTC or local time: every cut-off reaches back by the overlap (select/look-back.ts), so it
 * errs on including; the ledger keeps a document from being sent twice.
 */
import { DateTime } from "luxon";
import type { Tenant } from "../config/schema.ts";
import type { Batch } from "../ledger/types.ts";
import { RunEnd, skipped } from "../run/outcome.ts";
import { type LookBack, transferLookBack } from "../select/look-back.ts";
import type { Screening } from "../select/select.ts";
import type { Exclusion } from "../select/types.ts";
import type { NoticeOf } from "../shared/notice.ts";
import { throttledUntil } from "../run/says.ts";
import { toVismaFilterDateTime } from "../shared/time.ts";
import { type ArDocument, type Customer, listDocuments, type VismaApi, VismaThrottledError } from "../visma/index.ts";
import { readCustomers } from "./customers.ts";
import type { TransferRun } from "./run.ts";
import { screenForTenant, sentKeys } from "./select.ts";
import type { Settled } from "./settle-pending.ts";

/** What the transfer reads of Visma.net: documents modified since a cut-off, and the customers it needs of them. */
export interface ModifiedSince {
  documents: ArDocument[];
  customers: Map<string, Customer>;
  /** Documents Visma.net returned unreadably: held back, and the next run looks again. */
  unreadableDocuments: Exclusion[];
  /** Customers Visma.net returned unreadably: their documents wait ("missing-customer"), each named. */
  unreadableCustomers: NoticeOf<"malformed-customer">[];
  /**
   * The selection's first step over `documents` (transfer/select.ts screenForTenant), which said
   * which customers to read: the select phase finishes it rather than judging every document again.
   */
  screening: Screening;
}

/** The read phase's value: where the run looked from (select/look-back.ts) and what it read. */
export interface TransferRead extends LookBack, ModifiedSince {
  /** The ledger's recent batches after the pending ones were settled. */
  ledger: Batch[];
}

export async function read(
  { tenant, ctx, zone, today, cursor, store }: TransferRun,
  settled: Settled,
): Promise<TransferRead> {
  const lookBack = transferLookBack(cursor, ctx.now, zone);
  // Pending batches settled just now are transferred (or abandoned): read them again.
  const ledger = settled.settled > 0 ? await store.recentBatches(today) : settled.batches;
  const alreadySent = sentKeys(ledger);
  // A throttle is waited out only while the window lasts; beyond it the run ends cleanly and
  // the next slot (or tomorrow's window, the cursor unmoved) catches up.
  const windowEnd = DateTime.fromISO(`${today}T${tenant.transfer.window.end}`, { zone });
  if (!ctx.force) ctx.visma.limitWaits(Math.max(0, windowEnd.diff(ctx.now).as("milliseconds")));
  try {
    return { ...lookBack, ledger, ...(await readModifiedSince(ctx.visma, tenant, { today, lookBack, alreadySent })) };
  } catch (error) {
    if (error instanceof VismaThrottledError) throw new RunEnd(skipped(throttledUntil(error, ctx.now)));
    throw error;
  }
}

/** What decides which customers a read needs: the day, the look-back and what the ledger sent. */
export interface ReadScope {
  today: string;
  lookBack: LookBack;
  /** documentKey of every document the ledger holds as sent. */
  alreadySent: ReadonlySet<string>;
}

/**
 * The transfer's read of Visma.net from the look-back on: every invoice (Open) and credit note
 * (any status) modified since, then the customers the selection needs of them. The doctor's
 * forecast of the next run reads the same.
 */
export async function readModifiedSince(visma: VismaApi, tenant: Tenant, scope: ReadScope): Promise<ModifiedSince> {
  const { since } = scope.lookBack;
  const modified = {
    lastModifiedDateTime: { value: toVismaFilterDateTime(since, tenant.timeZone), condition: ">=" as const },
  };
  const types = tenant.selection.documentTypes;
  // Documents first: which customers are needed depends on them.
  const documents = await listDocuments(visma, {
    ...(types.includes("Invoice") ? { Invoice: { status: "Open", ...modified } } : {}),
    ...(types.includes("CreditNote") ? { CreditNote: modified } : {}),
  });
  const screening = screenForTenant(tenant, scope.today, scope.lookBack, documents.items, scope.alreadySent);
  const customers = await readCustomers(visma, tenant, screening.customersNeeded, since);
  return {
    documents: documents.items,
    customers: customers.customers,
    unreadableDocuments: documents.malformed.map(({ type, element: m }) => ({
      code: "malformed",
      data: { endpoint: m.endpoint, problem: m.problem },
      document: { type, number: m.id, customer: "", customerName: "", amountOre: 0, currency: "" },
    })),
    unreadableCustomers: customers.unreadable,
    screening,
  };
}

/** A read that missed elements sends what it could but must not move the cursor. */
export function isComplete(read: TransferRead): boolean {
  return read.unreadableDocuments.length + read.unreadableCustomers.length === 0;
}
