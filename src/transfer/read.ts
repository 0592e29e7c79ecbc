/**
 * Reading Visma.net for the transfer: every invoice (Open) and credit note (any status: one
 * applied before the transfer must be listed for a person) modified since the previous transfer,
 * and the customers. Visma.net's timestamps may be UTC or local time: every cut-off reaches back
 * by the overlap (visma/filters.ts lookBackOverlap), so it errs on including; the ledger keeps a
 * document from being sent twice.
 */
import { DateTime, type Duration } from "luxon";
import { RunEnd, skipped } from "../run/outcome.ts";
import type { Exclusion } from "../select/types.ts";
import type { Notice } from "../shared/notice.ts";
import { addDays, startOfDay, toVismaFilterDateTime } from "../shared/time.ts";
import {
  type ArDocument,
  type Customer,
  describeThrottle,
  listDocuments,
  lookBackOverlap,
  VismaThrottledError,
} from "../visma/index.ts";
import type { TransferRun } from "./run.ts";

export interface TransferRead {
  /** When the integration started: documents created before it are never sent automatically. */
  integrationStart: DateTime;
  overlap: Duration;
  /** Documents modified before this instant were covered by an earlier run. */
  since: DateTime;
  documents: ArDocument[];
  customers: Map<string, Customer>;
  /** Documents Visma.net returned unreadably: held back, and the next run looks again. */
  unreadableDocuments: Exclusion[];
  /** Customers Visma.net returned unreadably: their documents wait ("missing-customer"), each named. */
  unreadableCustomers: Notice[];
}

export async function read({ tenant, ctx, zone, today, cursor }: TransferRun): Promise<TransferRead> {
  const integrationStart = cursor ? DateTime.fromISO(cursor.integrationStart) : startOfDay(addDays(today, -1), zone);
  const overlap = lookBackOverlap(zone, ctx.now);
  const since = (cursor?.lastTransfer ? DateTime.fromISO(cursor.lastTransfer.startedAt) : integrationStart).minus(
    overlap,
  );
  // A throttle is waited out only while the window lasts; beyond it the run ends cleanly and
  // the next slot (or tomorrow's window, the cursor unmoved) catches up.
  const windowEnd = DateTime.fromISO(`${today}T${tenant.transfer.window.end}`, { zone });
  if (!ctx.force) ctx.visma.limitWaits(Math.max(0, windowEnd.diff(ctx.now).as("milliseconds")));
  const modified = { lastModifiedDateTime: { value: toVismaFilterDateTime(since, zone), condition: ">=" as const } };
  const types = tenant.selection.documentTypes;
  let read;
  try {
    read = await Promise.all([
      listDocuments(ctx.visma, {
        ...(types.includes("Invoice") ? { Invoice: { status: "Open", ...modified } } : {}),
        ...(types.includes("CreditNote") ? { CreditNote: modified } : {}),
      }),
      ctx.visma.listCustomers(),
    ]);
  } catch (error) {
    if (error instanceof VismaThrottledError) throw new RunEnd(skipped(describeThrottle(error, ctx.now, zone)));
    throw error;
  }
  const [documents, customers] = read;
  return {
    integrationStart,
    overlap,
    since,
    documents: documents.items,
    customers: new Map(customers.items.map((c) => [c.number, c])),
    unreadableDocuments: documents.malformed.map(({ type, element: m }) => ({
      code: "malformed",
      document: { type, number: m.id, customer: "", customerName: "", amountOre: 0, currency: "" },
      message: `${m.endpoint} returned an element that could not be read (${m.problem}); it was not transferred and the next run looks again`,
    })),
    unreadableCustomers: customers.malformed.map((m) => ({
      code: "malformed-customer",
      message: `${m.endpoint} returned customer ${m.id} in a form that could not be read (${m.problem}); its documents wait until it can be`,
    })),
  };
}

/** A read that missed elements sends what it could but must not move the cursor. */
export function isComplete(read: TransferRead): boolean {
  return read.unreadableDocuments.length + read.unreadableCustomers.length === 0;
}
