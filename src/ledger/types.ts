/**
 * What the ledger records, as zod schemas; the types are inferred from them, so what a run writes
 * and what the next run reads cannot drift apart. On disk the batches of a month are an
 * append-only log of events (state/<tenant>/ledger/<yyyy-mm>.jsonl, ledger/month-log.ts) that the
 * store folds back into these batches; beside it a small cursor (state/<tenant>/cursor.json).
 * The ledger must tell the truth: a document listed in a pending or transferred batch may have
 * reached the factor and is never sent again; a closing entry names the payment or refund that
 * closed it.
 */
import { z } from "zod";
import type { DocumentType } from "../visma/index.ts";

/** Integer øre (hundredths of the document's currency). */
const OreSchema = z.int();

export const ClosingEntrySchema = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("closed"),
    paymentType: z.enum(["Payment", "Refund"]),
    paymentNumber: z.string(),
    paymentRef: z.string(),
    amountOre: OreSchema,
    applicationDate: z.string(),
    releasedAt: z.string(),
  }),
  z.object({
    status: z.literal("skipped"),
    /** The notice code (shared/notice.ts), e.g. "closed-elsewhere", "partly-paid", "voided", "amount-changed". */
    reason: z.string(),
    /** The notice's data (amounts in øre, …): the report says it in the reader's language. */
    data: z.record(z.string(), z.unknown()).optional(),
    /** Ledgers written before the message catalogue (issue 18) hold the English sentence instead. */
    detail: z.string().optional(),
    at: z.string(),
  }),
]);

export const LedgerDocumentSchema = z.object({
  type: z.enum(["Invoice", "CreditNote"]),
  number: z.string(),
  customer: z.string(),
  customerName: z.string(),
  currency: z.string(),
  amountOre: OreSchema,
  documentDate: z.string(),
  dueDate: z.string().nullable(),
  kid: z.string().nullable(),
  closing: ClosingEntrySchema.optional(),
});

export const LedgerFileSchema = z.object({ name: z.string(), bytes: z.int(), sha256: z.string() });

export const BatchSchema = z.object({
  /** <tenant>-<yyyymmdd>-<nn> */
  id: z.string(),
  businessDate: z.string(),
  sequence: z.int().min(1),
  /**
   * pending: recorded before the upload, may or may not be at the factor; transferred: uploaded,
   * renamed and size-checked (or confirmed on the server / by a human); abandoned: a human
   * confirmed it never reached the factor, its documents may be sent again.
   */
  status: z.enum(["pending", "transferred", "abandoned"]),
  /** Where it was delivered, never a secret. */
  target: z.string(),
  /** ISO instant. */
  createdAt: z.string(),
  transferredAt: z.string().optional(),
  /** How a pending batch was settled: "server-check" | "human:sent" | "human:not-sent". */
  resolvedBy: z.string().optional(),
  files: z.array(LedgerFileSchema),
  documents: z.array(LedgerDocumentSchema),
  /** Customers sent to the factor for the first time with this batch. */
  newCustomers: z.array(z.string()),
});

/**
 * A month of batches as the store returns it. It is also the content of the first format's month
 * files (state/<tenant>/<yyyy-mm>.json, whole files rewritten on every change), which
 * `npm run migrate-state` turns into month logs.
 */
export const LedgerMonthSchema = z.object({ tenant: z.string(), month: z.string(), batches: z.array(BatchSchema) });

/** The cursor's format; cursors written before versions were added read as this one. */
export const CURSOR_VERSION = 1;

export const CursorSchema = z.object({
  version: z.literal(CURSOR_VERSION).optional(),
  tenant: z.string(),
  /** Documents created before this instant are never transferred automatically. */
  integrationStart: z.string(),
  lastTransfer: z
    .object({
      businessDate: z.string(),
      /** ISO instant: the next run looks at documents modified since (minus an overlap). */
      startedAt: z.string(),
      completedAt: z.string(),
      batches: z.array(z.string()),
    })
    .optional(),
  /** Every customer number ever sent to the factor (for "new customers only" customer files). */
  customersSent: z.array(z.string()),
});

export type ClosingEntry = z.infer<typeof ClosingEntrySchema>;
export type LedgerDocument = z.infer<typeof LedgerDocumentSchema>;
export type LedgerFile = z.infer<typeof LedgerFileSchema>;
export type Batch = z.infer<typeof BatchSchema>;
export type BatchStatus = Batch["status"];
export type LedgerMonth = z.infer<typeof LedgerMonthSchema>;
export type Cursor = z.infer<typeof CursorSchema>;

/**
 * A deep copy of a batch, field by field as the schemas above have them (a skip's free-form
 * `data` through structuredClone): several times faster than structuredClone of the whole, which
 * matters for a batch of thousands of documents copied on every read and change of the ledger.
 * test/ledger/store.test.ts holds it equal to structuredClone and sharing nothing.
 */
export function copyBatch(b: Batch): Batch {
  return {
    ...b,
    files: b.files.map((f) => ({ ...f })),
    documents: b.documents.map(copyDocument),
    newCustomers: [...b.newCustomers],
  };
}

function copyDocument(d: LedgerDocument): LedgerDocument {
  if (!d.closing) return { ...d };
  const closing: ClosingEntry =
    d.closing.status === "skipped" && d.closing.data !== undefined
      ? { ...d.closing, data: structuredClone(d.closing.data) }
      : { ...d.closing };
  return { ...d, closing };
}

export function documentKey(d: { type: DocumentType; number: string }): string {
  return `${d.type}:${d.number}`;
}
