/**
 * Reading Visma.net for the transfer: every invoice (Open) and credit note (any status: one
 * applied before the transfer must be listed for a person) modified since the previous transfer,
 * and the customers. Visma.net's timestamps may be UTC or local time: every cut-off reaches back
 * by the overlap (select/look-back.ts), so it errs on including; the ledger keeps a document from
 * being sent twice.
 */
import { DateTime } from "luxon";
import type { Tenant } from "../config/schema.ts";
import { RunEnd, skipped } from "../run/outcome.ts";
import { type LookBack, transferLookBack } from "../select/look-back.ts";
import type { Exclusion } from "../select/types.ts";
import { notice, type NoticeOf } from "../shared/notice.ts";
import { throttledUntil } from "../run/says.ts";
import { toVismaFilterDateTime } from "../shared/time.ts";
import { type ArDocument, type Customer, listDocuments, type VismaApi, VismaThrottledError } from "../visma/index.ts";
import type { TransferRun } from "./run.ts";

/** What the transfer reads of Visma.net: documents modified since a cut-off, and every customer. */
export interface ModifiedSince {
  documents: ArDocument[];
  customers: Map<string, Customer>;
  /** Documents Visma.net returned unreadably: held back, and the next run looks again. */
  unreadableDocuments: Exclusion[];
  /** Customers Visma.net returned unreadably: their documents wait ("missing-customer"), each named. */
  unreadableCustomers: NoticeOf<"malformed-customer">[];
}

/** The read phase's value: where the run looked from (select/look-back.ts) and what it read. */
export interface TransferRead extends LookBack, ModifiedSince {}

export async function read({ tenant, ctx, zone, today, cursor }: TransferRun): Promise<TransferRead> {
  const lookBack = transferLookBack(cursor, ctx.now, zone);
  // A throttle is waited out only while the window lasts; beyond it the run ends cleanly and
  // the next slot (or tomorrow's window, the cursor unmoved) catches up.
  const windowEnd = DateTime.fromISO(`${today}T${tenant.transfer.window.end}`, { zone });
  if (!ctx.force) ctx.visma.limitWaits(Math.max(0, windowEnd.diff(ctx.now).as("milliseconds")));
  try {
    return { ...lookBack, ...(await readModifiedSince(ctx.visma, tenant, lookBack.since)) };
  } catch (error) {
    if (error instanceof VismaThrottledError) throw new RunEnd(skipped(throttledUntil(error, ctx.now)));
    throw error;
  }
}

/**
 * The transfer's read of Visma.net from `since` on: every invoice (Open) and credit note (any
 * status) modified since, and the customers. The doctor's forecast of the next run reads the same.
 */
export async function readModifiedSince(visma: VismaApi, tenant: Tenant, since: DateTime): Promise<ModifiedSince> {
  const modified = {
    lastModifiedDateTime: { value: toVismaFilterDateTime(since, tenant.timeZone), condition: ">=" as const },
  };
  const types = tenant.selection.documentTypes;
  const [documents, customers] = await Promise.all([
    listDocuments(visma, {
      ...(types.includes("Invoice") ? { Invoice: { status: "Open", ...modified } } : {}),
      ...(types.includes("CreditNote") ? { CreditNote: modified } : {}),
    }),
    visma.listCustomers(),
  ]);
  return {
    documents: documents.items,
    customers: new Map(customers.items.map((c) => [c.number, c])),
    unreadableDocuments: documents.malformed.map(({ type, element: m }) => ({
      code: "malformed",
      data: { endpoint: m.endpoint, problem: m.problem },
      document: { type, number: m.id, customer: "", customerName: "", amountOre: 0, currency: "" },
    })),
    unreadableCustomers: customers.malformed.map((m) =>
      notice(
        "malformed-customer",
        { endpoint: m.endpoint, customer: m.id, problem: m.problem },
        { key: `customer ${m.id}` },
      ),
    ),
  };
}

/** A read that missed elements sends what it could but must not move the cursor. */
export function isComplete(read: TransferRead): boolean {
  return read.unreadableDocuments.length + read.unreadableCustomers.length === 0;
}
