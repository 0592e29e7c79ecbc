/**
 * The tenant's attention list on disk: state/<tenant>/attention.json, stable JSON with a format
 * `version`, committed with the ledger in Actions. The types are inferred from the schema; the rules
 * that merge a run's notices into the list are in src/watch/attention.ts.
 */
import { join } from "node:path";
import { z } from "zod";
import { readStateFile, stableStringify, writeStateFile } from "./state-file.ts";

const FIX = "restore it from git history or delete it (the next runs rebuild the list)";

const EntrySchema = z.object({
  /** code + document (or code + key for notices without a document): listed once. */
  key: z.string(),
  /** The notice's code (shared/notice.ts). Read as any text: a code this version no longer lists is dropped by the merge, not refused here. */
  code: z.string(),
  /** The command that reported it last. */
  source: z.enum(["transfer", "close"]),
  document: z
    .object({
      type: z.enum(["Invoice", "CreditNote"]),
      number: z.string(),
      customer: z.string(),
      customerName: z.string(),
      amountOre: z.int(),
      currency: z.string(),
    })
    .optional(),
  /** due-date-changed: the due date sent to the factor and the one Visma.net shows now. */
  dueDate: z.object({ sent: z.string().nullable(), current: z.string().nullable() }).optional(),
  /** autoinvoice-confirm: the batch whose invoices it names. */
  batchId: z.string().optional(),
  /** What the notice says, as data (shared/notice.ts NoticeData): the report renders it in the tenant's language. */
  data: z.record(z.string(), z.unknown()).optional(),
  /** Lists written before the message catalogue (issue 18) hold the English sentence instead of data. */
  message: z.string().optional(),
  /** Business date it was first listed. */
  firstSeen: z.string(),
  /** Business date a run last reported it (the retention counts from here). */
  lastSeen: z.string(),
});

/** Lists written before the notice vocabulary (issue 15) call the code "kind". */
export const AttentionEntrySchema = z.preprocess(
  (raw) =>
    raw && typeof raw === "object" && "kind" in raw && !("code" in raw)
      ? { ...raw, code: (raw as { kind: unknown }).kind }
      : raw,
  EntrySchema,
);

/** The attention list's format; files written before versions were added read as this one. */
export const ATTENTION_VERSION = 1;

export const AttentionFileSchema = z.object({
  version: z.literal(ATTENTION_VERSION).optional(),
  tenant: z.string(),
  /** ISO instant of the last write: the next run re-reads documents modified since (minus an overlap). */
  checkedAt: z.string().optional(),
  entries: z.array(AttentionEntrySchema),
});

/** One open item of the tenant's persistent attention list. */
export type AttentionEntry = z.infer<typeof EntrySchema>;
export type AttentionFile = z.infer<typeof AttentionFileSchema>;

function attentionPath(stateDir: string, tenant: string): string {
  return join(stateDir, tenant, "attention.json");
}

export async function readAttention(stateDir: string, tenant: string): Promise<AttentionFile> {
  const path = attentionPath(stateDir, tenant);
  const file = await readStateFile(path, AttentionFileSchema, FIX, ATTENTION_VERSION);
  if (file === undefined) return { tenant, entries: [] };
  if (file.tenant !== tenant)
    throw new Error(`${path} belongs to tenant ${file.tenant}, not ${tenant}; restore it from git history`);
  return file;
}

/** Writes the file; returns the paths written (for the committer). */
export async function writeAttention(stateDir: string, file: AttentionFile): Promise<string[]> {
  const path = attentionPath(stateDir, file.tenant);
  await writeStateFile(path, { ...file, version: ATTENTION_VERSION });
  return [path];
}

/** Same entries (ignoring checkedAt): nothing to write. */
export function sameEntries(a: AttentionFile, b: AttentionFile): boolean {
  return stableStringify(a.entries) === stableStringify(b.entries);
}
