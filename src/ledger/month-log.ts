/**
 * The ledger of one tenant and month on disk: state/<tenant>/ledger/<yyyy-mm>.jsonl, an
 * append-only log of JSON Lines. A line is never changed or removed once written; a batch's life
 * (recorded pending, transferred, each document closed or skipped) is a line per event, and
 * reading folds the lines back into the batches the rest of the product works with
 * (ledger/types.ts). Appending only is what keeps a fleet's state small and its history cheap: a
 * transferred and closed document costs two short lines (about 160 bytes), not a rewrite of the
 * month.
 *
 * The first line says what the file is and in which format version; a file of a newer version
 * is refused, never rewritten. Then, per event (`e`):
 *
 *   {"e":"batch","id":"acme-20261126-01","date":"2026-11-26","seq":1,"at":"…","to":"sftp://…","cur":"NOK","files":[…],"new":["10001"]}
 *   {"e":"name","c":"10001","name":"Ærlig Rørlegger AS"}            customer name, until a later line says otherwise
 *   {"e":"doc","t":"I","n":"001101","c":"10001","a":125050,"d":"2026-11-26","days":14,"kid":"0011016"}
 *                                                                    a document of the batch line above it
 *   {"e":"sent","b":"20261126-01","at":"…"}                          transferred (`by`: how a pending batch was settled)
 *   {"e":"abandoned","b":"20261126-01","by":"human:not-sent"}         a human said it never reached the factor
 *   {"e":"closing","b":"20261126-01","at":"…"}                       the closings below are of this batch, made at
 *   {"e":"closed","t":"I","n":"001101","pay":"000123"}
 *   {"e":"skipped","t":"I","n":"001101","reason":"partly-paid","data":{…}}
 *
 * `t` is I (invoice) or C (credit note), `a` the amount in øre, `d` the document date, `days`
 * the days from it to the due date, `b` the batch id without the tenant. What a line leaves out
 * is its default: the batch's currency (`cur`), no due date or KID, and for a closing the payment
 * type of the document type (`type`), the closing's deterministic reference (`ref`), the
 * document's amount (`a`) and the date of its closing line (`date`). docs/operations.md lists
 * the keys.
 */
import { z } from "zod";
import { FactoringError } from "../shared/errors.ts";
import { refuseNewer } from "./state-file.ts";
import type { Batch, ClosingEntry, LedgerDocument } from "./types.ts";

export const LEDGER_FORMAT = "visma-factoring-ledger";
/** Format 1 was a JSON file per month, rewritten on every change (`npm run migrate-state` converts it). */
export const LEDGER_VERSION = 2;

/** A change the ledger cannot record by appending (it would rewrite what a line already says). */
export class AppendOnlyError extends FactoringError {}

const HeaderSchema = z.strictObject({
  format: z.literal(LEDGER_FORMAT),
  version: z.literal(LEDGER_VERSION),
  tenant: z.string(),
  month: z.string(),
});

const TYPE_CODE = { Invoice: "I", CreditNote: "C" } as const;
const TypeCode = z.enum(["I", "C"]);
const TYPE_OF = { I: "Invoice", C: "CreditNote" } as const;
const DEFAULT_PAYMENT = { Invoice: "Payment", CreditNote: "Refund" } as const;

const EventSchema = z.discriminatedUnion("e", [
  z.strictObject({
    e: z.literal("batch"),
    id: z.string(),
    date: z.string(),
    seq: z.int().min(1),
    at: z.string(),
    to: z.string(),
    cur: z.string(),
    files: z.array(z.strictObject({ name: z.string(), bytes: z.int(), sha256: z.string() })),
    new: z.array(z.string()).optional(),
  }),
  z.strictObject({ e: z.literal("name"), c: z.string(), name: z.string() }),
  z.strictObject({
    e: z.literal("doc"),
    t: TypeCode,
    n: z.string(),
    c: z.string(),
    a: z.int(),
    cur: z.string().optional(),
    d: z.string(),
    days: z.int().optional(),
    due: z.string().optional(),
    kid: z.string().optional(),
  }),
  z.strictObject({ e: z.literal("sent"), b: z.string(), at: z.string(), by: z.string().optional() }),
  z.strictObject({ e: z.literal("abandoned"), b: z.string(), by: z.string() }),
  z.strictObject({ e: z.literal("closing"), b: z.string(), at: z.string() }),
  z.strictObject({
    e: z.literal("closed"),
    t: TypeCode,
    n: z.string(),
    pay: z.string(),
    type: z.enum(["Payment", "Refund"]).optional(),
    ref: z.string().optional(),
    a: z.int().optional(),
    date: z.string().optional(),
  }),
  z.strictObject({
    e: z.literal("skipped"),
    t: TypeCode,
    n: z.string(),
    reason: z.string(),
    /** The notice's data: the report says it in the reader's language (issue 18). */
    data: z.record(z.string(), z.unknown()).optional(),
    /** Ledgers written before the message catalogue hold the English sentence instead. */
    detail: z.string().optional(),
  }),
]);
/** One line of a month log, as written and as read. */
export type LogEvent = z.infer<typeof EventSchema>;

export interface MonthLog {
  /** The batches, ordered by business date and sequence. */
  batches: Batch[];
  /** Customer names as the file says them last (the next document line of a customer names it only when this differs). */
  names: Map<string, string>;
}

/** The first line of a new month file. */
export function headerLine(tenant: string, month: string): string {
  return JSON.stringify({ format: LEDGER_FORMAT, version: LEDGER_VERSION, tenant, month });
}

/** The batch id as lines refer to it: without the tenant ("20261126-01"). */
export function batchRef(tenant: string, id: string): string {
  return id.startsWith(`${tenant}-`) ? id.slice(tenant.length + 1) : id;
}

/**
 * The closing's reference for a document closed on its own: close/plan.ts paymentRefFor(batch,
 * document number), repeated here because the ledger sits below the closing (a test holds the two
 * equal). A closing line names its reference only when it differs (grouped per customer).
 */
export function defaultPaymentRef(batchId: string, documentNumber: string): string {
  const [, date = "", seq = ""] = /-(\d{8})-(\d+)$/.exec(batchId) ?? [];
  return `VF-${date}-${seq}-${documentNumber}`;
}

/** Where a month file is and what to do when it is damaged: named in every error. */
export interface MonthLogSource {
  path: string;
  tenant: string;
  month: string;
  fix: string;
}

/**
 * Folds a month file into its batches. Every line is checked; a damaged or hand-edited file is
 * refused with its path, line and `fix`, and one of a newer format with NewerStateError.
 */
export function parseMonthLog(text: string, where: MonthLogSource): MonthLog {
  const fold = new MonthLogFold(where);
  fold.feed(text);
  return fold.result();
}

/**
 * The fold of a month file, fed in parts: the lines of the file as read, then the lines a later
 * append added. Feeding the file whole or in parts gives the same batches (the same code reads
 * every line), which is what lets the store read a file again by folding only what was appended
 * since (ledger/store.ts). result() hands out the fold's own objects: callers that keep or change
 * them copy them first.
 */
export class MonthLogFold {
  private readonly batches = new Map<string, Batch>();
  readonly names = new Map<string, string>();
  /** Lines folded so far: the header is line 1. */
  private lineCount = 0;
  private current: { batch: Batch; currency: string } | undefined;
  private closing: { batch: Batch; at: string; documents: Map<string, LedgerDocument> } | undefined;

  constructor(private readonly where: MonthLogSource) {}

  /** Folds whole lines, each ending with a newline (the file as it is, or what was appended to it). */
  feed(text: string): void {
    const { path, fix } = this.where;
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop();
    else throw new Error(`${path}: the last line is incomplete (a write was cut off); ${fix}`);
    if (this.lineCount === 0 && lines.length === 0) this.json(0, ""); // an empty file: no header
    for (const line of lines) {
      const i = this.lineCount++;
      if (i === 0) this.header(line);
      else this.event(i, line);
    }
  }

  /** The batches, ordered by business date and sequence, and the names as the file says them last. */
  result(): MonthLog {
    if (this.lineCount === 0) return { batches: [], names: new Map() };
    return { batches: [...this.batches.values()].sort(byDateAndSequence), names: this.names };
  }

  private at(i: number, message: string): Error {
    return new Error(`${this.where.path}:${i + 1}: ${message}; ${this.where.fix}`);
  }

  private json(i: number, line: string): unknown {
    try {
      return JSON.parse(line);
    } catch (error) {
      throw this.at(i, `not valid JSON (${(error as Error).message})`);
    }
  }

  private header(line: string): void {
    const { path, tenant, month } = this.where;
    const head = this.json(0, line);
    refuseNewer(path, (head as { version?: unknown } | null)?.version, LEDGER_VERSION);
    const header = HeaderSchema.safeParse(head);
    if (!header.success) throw this.at(0, `not a ledger header (${header.error.issues[0]!.message})`);
    if (header.data.tenant !== tenant || header.data.month !== month)
      throw this.at(0, `belongs to ${header.data.tenant}/${header.data.month}, not ${tenant}/${month}`);
  }

  /**
   * Folds what this process has just appended, as the events eventsFor made (their lines are
   * toLine's text of them): typed when they were made, so folded without the line-by-line check
   * and the JSON reading a file from elsewhere gets (most of what folding costs, and a transfer
   * appends thousands of lines). Every other reader of the file checks them. The fold keeps
   * copies of what an event shares with the caller's batch.
   */
  feedWritten(events: readonly LogEvent[]): void {
    if (this.lineCount === 0) throw new Error(`${this.where.path}: events folded before the file's header`);
    for (const event of events) this.apply(this.lineCount++, detached(event));
  }

  private event(i: number, line: string): void {
    const parsed = EventSchema.safeParse(this.json(i, line));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw this.at(i, `${issue.path.join(".") || "line"}: ${issue.message}`);
    }
    this.apply(i, parsed.data);
  }

  private batchOf(i: number, b: string): Batch {
    const batch = this.batches.get(b);
    if (!batch) throw this.at(i, `names batch ${b}, which no earlier line records`);
    return batch;
  }

  private apply(i: number, event: LogEvent): void {
    const { batches, names } = this;
    switch (event.e) {
      case "batch": {
        const ref = batchRef(this.where.tenant, event.id);
        if (batches.has(ref)) throw this.at(i, `batch ${event.id} is recorded twice`);
        const batch: Batch = {
          id: event.id,
          businessDate: event.date,
          sequence: event.seq,
          status: "pending",
          target: event.to,
          createdAt: event.at,
          files: event.files,
          documents: [],
          newCustomers: event.new ?? [],
        };
        batches.set(ref, batch);
        this.current = { batch, currency: event.cur };
        this.closing = undefined;
        break;
      }
      case "name":
        names.set(event.c, event.name);
        break;
      case "doc": {
        const current = this.current;
        if (!current || current.batch.status !== "pending")
          throw this.at(i, "a document line must follow its batch line (and the batch's other documents)");
        current.batch.documents.push({
          type: TYPE_OF[event.t],
          number: event.n,
          customer: event.c,
          customerName: names.get(event.c) ?? "",
          currency: event.cur ?? current.currency,
          amountOre: event.a,
          documentDate: event.d,
          dueDate:
            event.days !== undefined
              ? plusDays(event.d, event.days, () => this.at(i, "d: not a date"))
              : (event.due ?? null),
          kid: event.kid ?? null,
        });
        break;
      }
      case "sent":
      case "abandoned": {
        const batch = this.batchOf(i, event.b);
        if (batch.status !== "pending") throw this.at(i, `batch ${batch.id} is ${batch.status} already`);
        batch.status = event.e === "sent" ? "transferred" : "abandoned";
        if (event.e === "sent") batch.transferredAt = event.at;
        if (event.by !== undefined) batch.resolvedBy = event.by;
        this.current = undefined;
        this.closing = undefined;
        break;
      }
      case "closing": {
        const batch = this.batchOf(i, event.b);
        // The batch's documents by type and number: a closing of thousands finds each in one step.
        const documents = new Map<string, LedgerDocument>();
        for (const d of batch.documents) {
          const key = `${TYPE_CODE[d.type]}:${d.number}`;
          if (!documents.has(key)) documents.set(key, d);
        }
        this.closing = { batch, at: event.at, documents };
        this.current = undefined;
        break;
      }
      case "closed":
      case "skipped": {
        if (this.closing === undefined) throw this.at(i, "a closed or skipped line must follow a closing line");
        const { batch, at: time, documents } = this.closing;
        const doc = documents.get(`${event.t}:${event.n}`);
        if (!doc) throw this.at(i, `names ${TYPE_OF[event.t]} ${event.n}, which batch ${batch.id} does not hold`);
        if (doc.closing)
          throw this.at(i, `${TYPE_OF[event.t]} ${event.n} of batch ${batch.id} has a closing already (line ${i + 1})`);
        doc.closing =
          event.e === "skipped"
            ? {
                status: "skipped",
                reason: event.reason,
                ...(event.data !== undefined ? { data: event.data } : {}),
                ...(event.detail !== undefined ? { detail: event.detail } : {}),
                at: time,
              }
            : {
                status: "closed",
                paymentType: event.type ?? DEFAULT_PAYMENT[doc.type],
                paymentNumber: event.pay,
                paymentRef: event.ref ?? defaultPaymentRef(batch.id, doc.number),
                amountOre: event.a ?? doc.amountOre,
                applicationDate: event.date ?? time.slice(0, 10),
                releasedAt: time,
              };
        break;
      }
    }
  }
}

/**
 * The event with its own copies of the lists and objects it shares with the batch it was made
 * from (files, new customers, a skip's data), and without fields set to undefined: as reading
 * its JSON line back would give it.
 */
function detached(event: LogEvent): LogEvent {
  // A document, name, sent or closed line holds text and numbers only, and the fold builds
  // its own objects from it (undefined reads as absent there): only these two carry objects.
  if (event.e !== "batch" && event.e !== "skipped") return event;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (value !== undefined) out[key] = typeof value === "object" && value !== null ? structuredClone(value) : value;
  }
  return out as LogEvent;
}

export function byDateAndSequence(a: Batch, b: Batch): number {
  return a.businessDate.localeCompare(b.businessDate) || a.sequence - b.sequence;
}

/**
 * The lines that take the stored batch (`before`, undefined when new) to `after`, appended after
 * the file's lines; `names` (the file's customer names) is updated with the name lines written.
 * Only what appending can say is accepted: a new batch, a pending batch transferred or abandoned,
 * a closing for a document without one. Anything else would rewrite the record and throws
 * AppendOnlyError naming what changed.
 */
export function eventsFor(
  tenant: string,
  before: Batch | undefined,
  after: Batch,
  names: Map<string, string>,
): LogEvent[] {
  const out: LogEvent[] = [];
  const ref = batchRef(tenant, after.id);
  if (!before) {
    const currency = mostCommon(after.documents.map((d) => d.currency)) ?? "NOK";
    out.push({
      e: "batch",
      id: after.id,
      date: after.businessDate,
      seq: after.sequence,
      at: after.createdAt,
      to: after.target,
      cur: currency,
      files: after.files.map((f) => ({ name: f.name, bytes: f.bytes, sha256: f.sha256 })),
      new: after.newCustomers.length > 0 ? after.newCustomers : undefined,
    });
    for (const d of after.documents) {
      if (names.get(d.customer) !== d.customerName) {
        names.set(d.customer, d.customerName);
        out.push({ e: "name", c: d.customer, name: d.customerName });
      }
      out.push({
        e: "doc",
        t: TYPE_CODE[d.type],
        n: d.number,
        c: d.customer,
        a: d.amountOre,
        cur: d.currency === currency ? undefined : d.currency,
        d: d.documentDate,
        ...dueOf(d),
        kid: d.kid ?? undefined,
      });
    }
  } else {
    unchanged(before, after);
  }

  const status = before?.status ?? "pending";
  if (after.status !== status) {
    if (status !== "pending")
      throw new AppendOnlyError(`batch ${after.id} is ${status}; it cannot become ${after.status}`);
    if (after.status === "transferred") {
      if (!after.transferredAt) throw new AppendOnlyError(`batch ${after.id} is transferred without a time`);
      out.push({ e: "sent", b: ref, at: after.transferredAt, by: after.resolvedBy });
    } else {
      out.push({ e: "abandoned", b: ref, by: after.resolvedBy ?? "human:not-sent" });
    }
  } else if (before && (before.transferredAt !== after.transferredAt || before.resolvedBy !== after.resolvedBy)) {
    throw new AppendOnlyError(`batch ${after.id}: how and when it was transferred is recorded already`);
  }

  let time: string | undefined;
  after.documents.forEach((d, i) => {
    const was = before?.documents[i]?.closing;
    if (!d.closing) {
      if (was) throw new AppendOnlyError(`${d.type} ${d.number} of batch ${after.id}: its closing is recorded already`);
      return;
    }
    if (was) {
      if (JSON.stringify(was) !== JSON.stringify(d.closing))
        throw new AppendOnlyError(`${d.type} ${d.number} of batch ${after.id}: its closing is recorded already`);
      return;
    }
    const at = d.closing.status === "closed" ? d.closing.releasedAt : d.closing.at;
    if (at !== time) {
      time = at;
      out.push({ e: "closing", b: ref, at });
    }
    out.push(closingEvent(after.id, d, d.closing));
  });
  return out;
}

/** The due date as days after the document date (payment terms), or as a date when either is not a plain date. */
function dueOf(d: LedgerDocument): { days?: number; due?: string } {
  if (d.dueDate === null) return {};
  const [from, to] = [dayNumber(d.documentDate), dayNumber(d.dueDate)];
  return from !== undefined && to !== undefined ? { days: to - from } : { due: d.dueDate };
}

/**
 * Days since 1970-01-01 of a yyyy-MM-dd date (undefined for anything else). Calendar dates in UTC
 * have no DST; plain arithmetic keeps reading a fleet's ledger free of per-line date parsing, and
 * a month's lines name few dates, so each is worked out once.
 */
function dayNumber(date: string): number | undefined {
  let day = dayNumbers.get(date);
  if (day === undefined && !dayNumbers.has(date)) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
    day = m && new Date(ms).toISOString().slice(0, 10) === date ? ms / DAY_MS : undefined;
    if (dayNumbers.size >= 10_000) dayNumbers.clear();
    dayNumbers.set(date, day);
  }
  return day;
}

const dayNumbers = new Map<string, number | undefined>();

function plusDays(date: string, days: number, invalid: () => Error): string {
  const day = dayNumber(date);
  if (day === undefined) throw invalid();
  return dateOfDay(day + days);
}

/** yyyy-MM-dd of a day number (the inverse of dayNumber), worked out once per day. */
function dateOfDay(day: number): string {
  let date = dates.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dates.size >= 10_000) dates.clear();
    dates.set(day, date);
  }
  return date;
}

const dates = new Map<number, string>();

const DAY_MS = 86_400_000;

function closingEvent(batchId: string, d: LedgerDocument, c: ClosingEntry): LogEvent {
  const key = { t: TYPE_CODE[d.type], n: d.number };
  if (c.status === "skipped") return { e: "skipped", ...key, reason: c.reason, data: c.data, detail: c.detail };
  return {
    e: "closed",
    ...key,
    pay: c.paymentNumber,
    type: c.paymentType === DEFAULT_PAYMENT[d.type] ? undefined : c.paymentType,
    ref: c.paymentRef === defaultPaymentRef(batchId, d.number) ? undefined : c.paymentRef,
    a: c.amountOre === d.amountOre ? undefined : c.amountOre,
    date: c.applicationDate === c.releasedAt.slice(0, 10) ? undefined : c.applicationDate,
  };
}

/** Throws when anything but the status and the closings differs between the stored batch and the new one. */
function unchanged(before: Batch, after: Batch): void {
  if (!sameRecord(before, after))
    throw new AppendOnlyError(
      `batch ${after.id} is recorded already with other files, documents or details; the ledger is append-only and never rewrites a batch`,
    );
}

/**
 * What the batch's lines say, field by field: everything the log records of a batch but its
 * status and closings. Compared directly, not through JSON text: a transfer compares thousands
 * of documents when it records its batch as sent.
 */
function sameRecord(a: Batch, b: Batch): boolean {
  const sameList = <T>(x: readonly T[], y: readonly T[], same: (p: T, q: T) => boolean) =>
    x.length === y.length && x.every((p, i) => same(p, y[i]!));
  return (
    a.id === b.id &&
    a.businessDate === b.businessDate &&
    a.sequence === b.sequence &&
    a.target === b.target &&
    a.createdAt === b.createdAt &&
    sameList(a.files, b.files, (p, q) => p.name === q.name && p.bytes === q.bytes && p.sha256 === q.sha256) &&
    sameList(a.newCustomers, b.newCustomers, (p, q) => p === q) &&
    sameList(
      a.documents,
      b.documents,
      (p, q) =>
        p.type === q.type &&
        p.number === q.number &&
        p.customer === q.customer &&
        p.customerName === q.customerName &&
        p.currency === q.currency &&
        p.amountOre === q.amountOre &&
        p.documentDate === q.documentDate &&
        p.dueDate === q.dueDate &&
        p.kid === q.kid,
    )
  );
}

/** One JSON line; fields left undefined are its defaults and not written. */
export function toLine(event: LogEvent): string {
  return JSON.stringify(event);
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}
