/**
 * The invariants of shared/design.md, checked from the outside after a case: what the factor
 * received (the files on the SFTP root), what Visma.net holds (the sandbox store), what the
 * ledger says (read through its store) and what the children printed. Each returns problems as
 * readable sentences; an empty list means the invariant holds.
 */
import { createHash } from "node:crypto";
import { LedgerStore } from "../../ledger/store.ts";
import type { Batch } from "../../ledger/types.ts";
import type { SandboxPayment } from "../visma/types.ts";
import { deliveredFiles, readDelivered, TENANT, type DrillWorld } from "./world.ts";

/** SGF: one 128-character record per document; the document number sits at positions 15–22. */
export const SGF_RECORD_LENGTH = 128;

export interface CheckOptions {
  /** Every eligible document must have reached the factor (default true). */
  transferred?: boolean;
  /** Every transferred document must be closed (default true). */
  closed?: boolean;
}

/** Number of times each document number appears across all delivered .SGF files. */
export async function sentCounts(world: DrillWorld): Promise<{ counts: Map<string, number>; problems: string[] }> {
  const counts = new Map<string, number>();
  const problems: string[] = [];
  for (const name of await deliveredFiles(world)) {
    if (!name.toUpperCase().endsWith(".SGF")) continue;
    const text = (await readDelivered(world, name)).toString("latin1");
    const records = text.split("\r\n").filter((r) => r.length > 0);
    for (const [i, record] of records.entries()) {
      if (record.length !== SGF_RECORD_LENGTH)
        problems.push(
          `${name} record ${i + 1} has ${record.length} characters, not ${SGF_RECORD_LENGTH} (a truncated file reached the factor)`,
        );
      const number = record.slice(14, 22);
      counts.set(number, (counts.get(number) ?? 0) + 1);
    }
  }
  return { counts, problems };
}

const isCustomerFile = (name: string) => name.toUpperCase().endsWith(".SGK");

const sgfNumber = (documentNumber: string) => documentNumber.padStart(8, "0");

/** Every batch of the drill tenant's ledger, read through the store (its whole history). */
export async function readLedger(world: DrillWorld): Promise<Batch[]> {
  const store = new LedgerStore(world.stateDir, TENANT);
  return store.batchesOfMonths(await store.listMonths());
}

/** Invariant 1: every eligible document reached the factor exactly once, nothing else did. */
export async function checkTransferredOnce(world: DrillWorld, options: CheckOptions = {}): Promise<string[]> {
  const { counts, problems } = await sentCounts(world);
  const expected = new Map(world.eligible.map((key) => [sgfNumber(key.split(":")[1]!), key]));
  for (const [number, key] of expected) {
    const n = counts.get(number) ?? 0;
    if (n > 1) problems.push(`${key} reached the factor ${n} times`);
    if (n === 0 && options.transferred !== false) problems.push(`${key} never reached the factor`);
  }
  for (const [number, n] of counts) {
    if (!expected.has(number)) problems.push(`document ${number} reached the factor ${n} time(s) but is not eligible`);
  }
  return problems;
}

/** A payment or refund the closing posted (the company's own history is not the closing's). */
function isOurs(p: SandboxPayment): boolean {
  return (p.type === "Payment" || p.type === "Refund") && (p.paymentRef?.startsWith("VF-") ?? false);
}

function applies(p: SandboxPayment, type: string, number: string): boolean {
  return p.lines.some((l) => l.documentType === type && l.refNbr === number);
}

/** Invariant 2: every transferred document is closed by exactly one released payment/refund of ours. */
export async function checkClosedOnce(world: DrillWorld, options: CheckOptions = {}): Promise<string[]> {
  const problems: string[] = [];
  const payments = world.sandbox.store.listPayments();
  const refs = new Map<string, number>();
  // Our postings only: a void document repeats the reference of the payment it voids.
  for (const p of payments) if (isOurs(p)) refs.set(p.paymentRef!, (refs.get(p.paymentRef!) ?? 0) + 1);
  for (const [ref, n] of refs)
    if (n > 1) problems.push(`paymentRef ${ref} is used by ${n} payments in Visma.net (duplicate posting)`);

  const transferred = (await readLedger(world)).filter((b) => b.status === "transferred").flatMap((b) => b.documents);
  for (const d of transferred) {
    const mine = payments.filter((p) => applies(p, d.type, d.number));
    const released = mine.filter((p) => p.released);
    if (mine.length > 1)
      problems.push(
        `${d.type} ${d.number} is applied by ${mine.length} payments (${mine.map((p) => p.refNbr).join(", ")})`,
      );
    if (options.closed === false) continue;
    if (released.length !== 1)
      problems.push(`${d.type} ${d.number} has ${released.length} released payments/refunds, expected exactly 1`);
    const doc = world.sandbox.store.getDocument(d.type, d.number);
    if (!doc || doc.status !== "Closed" || doc.balanceOre !== 0) {
      problems.push(
        `${d.type} ${d.number} reads ${doc ? `${doc.status}, balance ${doc.balanceOre}` : "missing"} in Visma.net, expected Closed with balance 0`,
      );
    }
  }
  return problems;
}

/** Invariant 3: the ledger says what the servers hold — batches ⇔ SFTP files, closings ⇔ payments. */
export async function checkLedgerTruth(world: DrillWorld, options: CheckOptions = {}): Promise<string[]> {
  const problems: string[] = [];
  const batches = await readLedger(world);
  const files = new Set(await deliveredFiles(world));
  const claimed = new Set<string>();
  for (const b of batches) {
    if (b.status === "pending") problems.push(`batch ${b.id} is still pending in the ledger`);
    for (const f of b.files) {
      const present = files.has(f.name);
      if (b.status === "transferred") {
        claimed.add(f.name);
        if (!present) {
          problems.push(`ledger says ${f.name} (batch ${b.id}) was transferred, but it is not on the SFTP server`);
          continue;
        }
        const content = await readDelivered(world, f.name);
        const sha = createHash("sha256").update(content).digest("hex");
        if (content.length !== f.bytes || sha !== f.sha256)
          problems.push(
            `${f.name} on the server differs from the ledger (${content.length} bytes, expected ${f.bytes})`,
          );
      } else if (b.status === "abandoned" && present && !isCustomerFile(f.name)) {
        // ASSUMPTION(A47): a customer file (.SGK) of an abandoned batch that did reach the factor is
        // harmless (customer master data, sent again with the replacement batch as an update).
        problems.push(`batch ${b.id} is abandoned (not sent) in the ledger, but ${f.name} is on the SFTP server`);
      }
    }
  }
  const abandonedCustomerFiles = new Set(
    batches
      .filter((b) => b.status === "abandoned")
      .flatMap((b) => b.files.map((f) => f.name))
      .filter(isCustomerFile),
  );
  for (const name of files)
    if (!claimed.has(name) && !abandonedCustomerFiles.has(name))
      problems.push(`${name} is on the SFTP server but no transferred batch in the ledger names it`);

  // Documents of transferred batches ⇔ documents in the delivered files.
  const { counts } = await sentCounts(world);
  const ledgerDocs = new Set(
    batches.filter((b) => b.status === "transferred").flatMap((b) => b.documents.map((d) => sgfNumber(d.number))),
  );
  for (const n of counts.keys())
    if (!ledgerDocs.has(n)) problems.push(`document ${n} was delivered but no transferred batch lists it`);
  for (const n of ledgerDocs)
    if (!counts.has(n)) problems.push(`document ${n} is listed in a transferred batch but not in any delivered file`);

  // Closing entries ⇔ payments in Visma.net.
  const payments = world.sandbox.store.listPayments();
  const recorded = new Set<string>();
  for (const b of batches) {
    for (const d of b.documents) {
      const c = d.closing;
      if (!c) {
        if (b.status === "transferred" && options.closed !== false)
          problems.push(`${d.type} ${d.number} (batch ${b.id}) has no closing entry in the ledger`);
        continue;
      }
      if (c.status !== "closed") {
        problems.push(`${d.type} ${d.number} was skipped at closing (${c.reason}: ${c.detail})`);
        continue;
      }
      recorded.add(c.paymentNumber);
      const p = world.sandbox.store.getPayment(c.paymentNumber);
      if (!p) {
        problems.push(
          `ledger closes ${d.type} ${d.number} with ${c.paymentType} ${c.paymentNumber}, which does not exist in Visma.net`,
        );
        continue;
      }
      if (!p.released || p.type !== c.paymentType || p.paymentRef !== c.paymentRef || !applies(p, d.type, d.number)) {
        problems.push(
          `ledger entry for ${d.type} ${d.number} does not match ${p.type} ${p.refNbr} in Visma.net (released ${p.released}, ref ${p.paymentRef})`,
        );
      }
    }
  }
  for (const p of payments) {
    if (isOurs(p) && !recorded.has(p.refNbr))
      problems.push(`${p.type} ${p.refNbr} (${p.paymentRef}) exists in Visma.net but the ledger does not record it`);
  }
  return problems;
}

/** Invariant 4: no secret (client secret, SFTP password, any issued token) in any child's output. */
export function checkNoSecrets(world: DrillWorld): string[] {
  const values = [world.secrets.clientSecret, world.secrets.sftpPassword, ...world.secrets.tokens];
  const problems: string[] = [];
  for (const [i, run] of world.runs.entries()) {
    for (const v of values) {
      if (v && run.output.includes(v)) {
        const what =
          v === world.secrets.clientSecret
            ? "the client secret"
            : v === world.secrets.sftpPassword
              ? "the SFTP password"
              : "an access token";
        problems.push(`run ${i + 1} (${run.script}) printed ${what}`);
      }
    }
  }
  return problems;
}

export async function checkAll(world: DrillWorld, options: CheckOptions = {}): Promise<string[]> {
  return [
    ...(await checkTransferredOnce(world, options)),
    ...(await checkClosedOnce(world, options)),
    ...(await checkLedgerTruth(world, options)),
    ...checkNoSecrets(world),
  ];
}
