/**
 * The floor of a run: the token plus the calls that run's work strictly needs, in one place.
 * The benchmark (`npm run bench`, and `--days` for the 120-day case) prints every run's calls
 * next to it. The work is counted from the world's truth (the sandbox's company and the ledger),
 * never from what the product chose to read, so the floor does not move with the product.
 *
 * A list costs one call per page and at least one (an empty answer is a call too); a page holds
 * `pageSize` elements, the smaller of the tenant's page size and the API's forced maximum.
 *
 * Transfer: the token; the documents that may be new (Open invoices and every credit note
 * modified since the look-back), one list per document type; the customers the selection needs
 * (those of the documents it cannot decide without their customer), read the cheapest way: the
 * whole register, or any of its first page and the customers changed since the look-back with the
 * rest each by number (`GET /v1/customer/{number}`), nothing when no customer is needed; and
 * one list per document type of the attention list's entries its own lists do not return.
 *
 * Closing: the token; the current state of the due documents (one list per document type); the
 * payments that may be ours (every payment dated from the oldest due batch that still has open
 * documents: Visma.net cannot filter by reference); a create and a release per new payment, a
 * release per payment of an earlier run found unreleased; the read-back of the documents released
 * (one list per type); the payments of the day for the day's reconciliation; and one list per
 * document type of the attention list's entries the run's other reads do not see. An idle slot
 * (nothing due) needs only the last of these, and the token with it.
 */
import type { DocumentType } from "../../visma/index.ts";

export type PerType = Partial<Record<DocumentType, number>>;

/** Calls a list of `count` elements takes: one per page, at least one. */
export function pages(count: number, pageSize: number): number {
  return Math.max(1, Math.ceil(count / pageSize));
}

const listCalls = (perType: PerType, pageSize: number) =>
  Object.values(perType).reduce((n, count) => n + pages(count ?? 0, pageSize), 0);

export interface TransferWork {
  /** Documents of each type the transfer's lists must return (its types only). */
  documents: PerType;
  customers: {
    /** Customers the selection needs (distinct). */
    needed: number;
    /** Of those: changed since the look-back, on the register's first page, either. */
    neededChanged: number;
    neededOnFirstPage: number;
    neededChangedOrOnFirstPage: number;
    /** Customers changed since the look-back. */
    changed: number;
    /** Every customer of the company. */
    register: number;
  };
  /** Document types of attention entries to re-check that the transfer's own lists do not return. */
  recheckTypes: number;
}

export interface FloorParts {
  token: number;
  [part: string]: number;
}

export function transferFloor(work: TransferWork, pageSize: number): { floor: number; parts: FloorParts } {
  const c = work.customers;
  const changedPages = pages(c.changed, pageSize);
  const customers =
    c.needed === 0
      ? 0
      : Math.min(
          c.needed,
          pages(c.register, pageSize),
          1 + c.needed - c.neededOnFirstPage,
          changedPages + c.needed - c.neededChanged,
          1 + changedPages + c.needed - c.neededChangedOrOnFirstPage,
        );
  const parts = {
    token: 1,
    documentPages: listCalls(work.documents, pageSize),
    customers,
    recheckPages: work.recheckTypes,
  };
  return { floor: sum(parts), parts };
}

export interface ClosingWork {
  /** Due documents (transferred, delay over, not closed or skipped yet) per type. */
  due: PerType;
  /** Payments dated from the oldest due batch with open documents, before the run. */
  paymentsToLookThrough: number;
  /** Payments the run had to create (each also released). */
  creates: number;
  /** Payments of earlier runs found unreleased, released by this run. */
  releasesOnly: number;
  /** Documents closed by the run's released payments, per type (the read-back). */
  released: PerType;
  /** Payments dated the business day after the run (the day's reconciliation), when the run wrote any. */
  paymentsOfDay: number | null;
  /** Document types of attention entries to re-check that the run's other reads do not cover. */
  recheckTypes: number;
}

export function closingFloor(work: ClosingWork, pageSize: number): { floor: number; parts: FloorParts } {
  const due = Object.values(work.due).some((n) => (n ?? 0) > 0);
  const wrote = work.creates + work.releasesOnly > 0;
  const parts = {
    token: due || work.recheckTypes > 0 ? 1 : 0,
    dueDocumentPages: due ? listCalls(work.due, pageSize) : 0,
    paymentLookupPages: due ? pages(work.paymentsToLookThrough, pageSize) : 0,
    writes: 2 * work.creates + work.releasesOnly,
    readBackPages: wrote ? listCalls(work.released, pageSize) : 0,
    reconciliationPages: wrote && work.paymentsOfDay !== null ? pages(work.paymentsOfDay, pageSize) : 0,
    recheckPages: work.recheckTypes,
  };
  return { floor: sum(parts), parts };
}

function sum(parts: Record<string, number>): number {
  return Object.values(parts).reduce((a, b) => a + b, 0);
}
