/**
 * Turns phase measurements into the benchmark's figures: API calls against the lower bound
 * the API allows, throughput, memory, ledger size, and the targets as pass/fail fields.
 *
 * Lower bounds:
 * - transfer: one GET per list page of Open invoices, credit notes and customers (the API's
 *   forced page size), plus the token;
 * - closing: create + release per payment/refund, plus the token. The closing's reads
 *   (documents before and after posting, payments once) come on top and are what the
 *   10 % target limits.
 */
import type { PhaseMeasurement } from "./phase.ts";

const MB = 1024 * 1024;

export interface Settings {
  documents: number;
  customers: number;
  latencyMs: number;
  concurrency: number;
  seed: number;
  maxPageSize: number;
  rateLimit: { limit: number; windowSeconds: number };
}

export interface TransferCounts {
  invoices: number;
  creditNotes: number;
  customers: number;
  /** Page size the client ends up using: min(tenant visma.pageSize, the API's maxPageSize). */
  pageSize: number;
}

const pages = (items: number, size: number) => Math.max(1, Math.ceil(items / size));
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The common part of a transfer or closing line. */
function common(m: PhaseMeasurement, settings: Settings, documents: number, lowerBound: number) {
  const apiCalls = m.client.requests + m.client.tokenRequests;
  return {
    documents,
    wallMs: Math.round(m.wallMs),
    cpuMs: Math.round(m.cpuMs),
    documentsPerSecond: round(documents / (m.wallMs / 1000), 1),
    apiCalls,
    apiCallsSeenBySandbox: m.sandbox.requests,
    countersAgree: apiCalls === m.sandbox.requests && m.client.tokenRequests === m.sandbox.tokenRequests,
    callsPerDocument: round(apiCalls / Math.max(1, documents), 4),
    lowerBound,
    ratioToLowerBound: round(apiCalls / lowerBound, 4),
    tokenRequests: m.client.tokenRequests,
    retries: m.client.retries,
    throttled: m.sandbox.throttled,
    concurrency: settings.concurrency,
    maxInFlight: m.maxInFlight,
    peakRssMB: round(m.memory.rssBytes / MB, 1),
    peakHeapUsedMB: round(m.memory.heapUsedBytes / MB, 1),
    ledgerBytes: m.ledger.bytes,
    ledgerBytesPerDocument: round(m.ledger.bytes / Math.max(1, documents), 1),
    byPath: m.sandbox.byPath,
  };
}

/** Calls that name one record (/v1/customer/10001, /v1/customerinvoice/000123): per-item reads. */
function perItemPaths(byPath: Record<string, number>): string[] {
  return Object.keys(byPath).filter((p) => p.startsWith("/v1/") && p.split("/").filter(Boolean).length > 2);
}

function underLimit(m: PhaseMeasurement, s: Settings) {
  return {
    concurrencyBounded: m.maxInFlight <= s.concurrency,
    noThrottling: m.sandbox.throttled === 0 && m.client.throttled === 0,
  };
}

export function transferFigures(m: PhaseMeasurement, settings: Settings, counts: TransferCounts) {
  const documents = m.result.totals.reduce((n, r) => n + r.count, 0);
  const bound = {
    invoicePages: pages(counts.invoices, counts.pageSize),
    creditNotePages: pages(counts.creditNotes, counts.pageSize),
    customerPages: pages(counts.customers, counts.pageSize),
    token: 1,
  };
  const lowerBound = bound.invoicePages + bound.creditNotePages + bound.customerPages + bound.token;
  const figures = common(m, settings, documents, lowerBound);
  const perItem = perItemPaths(m.sandbox.byPath);
  return {
    phase: "transfer" as const,
    ...figures,
    pageSize: counts.pageSize,
    lowerBoundParts: bound,
    files: m.result.files.map((f) => ({ name: f.name, bytes: f.bytes })),
    excluded: m.result.notices
      .filter((n) => n.document)
      .map((n) => `${n.document!.type} ${n.document!.number}: ${n.code}`),
    pass: {
      allTransferred: documents === counts.invoices + counts.creditNotes,
      onlyListPages: perItem.length === 0 && figures.apiCalls <= lowerBound,
      ...underLimit(m, settings),
      countersAgree: figures.countersAgree,
    },
  };
}

export function closingFigures(
  m: PhaseMeasurement,
  settings: Settings,
  grouping: string,
  server: { payments: number; closedDocuments: number; transferred: number },
) {
  const closing = m.result.closing!;
  const documents = closing.closed.length;
  const lowerBound = 2 * server.payments + 1;
  const figures = common(m, settings, documents, lowerBound);
  const writes = 2 * server.payments;
  const reads = figures.apiCalls - writes - m.client.tokenRequests;
  return {
    phase: "close" as const,
    grouping,
    ...figures,
    payments: server.payments,
    lowerBoundParts: { creates: server.payments, releases: server.payments, token: 1 },
    reads,
    pass: {
      allClosed:
        documents === server.transferred &&
        server.closedDocuments === server.transferred &&
        closing.skipped.length === 0,
      withinTenPercentOfLowerBound: figures.apiCalls <= lowerBound * 1.1,
      ...underLimit(m, settings),
      countersAgree: figures.countersAgree,
    },
  };
}

export type TransferFigures = ReturnType<typeof transferFigures>;
export type ClosingFigures = ReturnType<typeof closingFigures>;
