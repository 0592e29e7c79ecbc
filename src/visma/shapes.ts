/**
 * Counting what Visma.net's document lists look like while they are parsed (ResponseShapes in
 * api.ts): which child collections came back, and in which shape vatId came. The defaults of the
 * expand flags and the vatId shape differ between API versions; these counts let a health check
 * (and a person reading the stats) see what this company's server does without extra calls.
 */
import type { ApiStats, ResponseShapes } from "./api.ts";

const CHILDREN = ["applications", "taxDetails", "invoiceAddress"] as const;

export function emptyShapes(): ResponseShapes {
  return {
    documents: 0,
    children: {
      applications: { present: 0, absent: 0 },
      taxDetails: { present: 0, absent: 0 },
      invoiceAddress: { present: 0, absent: 0 },
    },
    vatId: { object: 0, string: 0 },
  };
}

/** Counts one raw document element (before parsing, so unreadable ones count too). */
export function observeDocument(shapes: ResponseShapes, element: unknown): void {
  if (!element || typeof element !== "object") return;
  const doc = element as Record<string, unknown>;
  shapes.documents += 1;
  for (const child of CHILDREN) {
    const counts = shapes.children[child];
    if (doc[child] === undefined || doc[child] === null) counts.absent += 1;
    else counts.present += 1;
  }
  if (!Array.isArray(doc.taxDetails)) return;
  for (const detail of doc.taxDetails as unknown[]) {
    const vatId = detail && typeof detail === "object" ? (detail as Record<string, unknown>).vatId : undefined;
    if (typeof vatId === "string") shapes.vatId.string += 1;
    else if (vatId && typeof vatId === "object") shapes.vatId.object += 1;
  }
}

/** The counters of a client that has not sent anything yet. */
export function emptyStats(): ApiStats {
  return { requests: 0, tokenRequests: 0, retries: 0, throttled: 0, rateLimit: null, shapes: emptyShapes() };
}
