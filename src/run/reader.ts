/**
 * The one Visma.net reader of a tenant's run: a read-through layer over the client.
 *
 * - It opens the client on first use (a run with nothing to read needs no token and no secret).
 * - It remembers every list it read. A query asked again with no write in between is answered
 *   from memory; documents dated on or after a day are answered from an earlier read of documents
 *   dated on or after an earlier day (filtered), so the closing's read-back serves the day's
 *   reconciliation and the watch list asks for nothing the run already has.
 * - Every write (create, release) makes what was read before it old: the next read goes to
 *   Visma.net again. A read that overlapped a write counts as older than the write.
 * - `observed()` is every document the run read (the latest read of each): what the watch list
 *   looks at.
 */
import { documentKey } from "../ledger/types.ts";
import {
  type ApiStats,
  type ArDocument,
  type CashAccount,
  type Customer,
  type CustomerQuery,
  type DocumentQuery,
  type DocumentType,
  emptyStats,
  type ListResult,
  type NewPayment,
  type Payment,
  type PaymentMethod,
  type PaymentQuery,
  type PaymentType,
  type VismaApi,
} from "../visma/index.ts";

interface Remembered<T> {
  /** The write epoch the read started in: usable only while no write has started or ended since. */
  epoch: number;
  result: Promise<ListResult<T>>;
}

interface RememberedDocuments extends Remembered<ArDocument> {
  type: DocumentType;
  query: DocumentQuery;
}

export class RunReader implements VismaApi {
  private client: VismaApi | undefined;
  private epoch = 0;
  private readonly lists = new Map<string, Remembered<unknown>>();
  private readonly documentReads: RememberedDocuments[] = [];
  private readonly seen = new Map<string, ArDocument>();

  constructor(private readonly open: () => VismaApi) {}

  /** Whether the client was opened (a token fetched or at least its settings read). */
  get opened(): boolean {
    return this.client !== undefined;
  }

  /** Whether the run wrote to Visma.net (created or released a payment, or tried to). */
  get wrote(): boolean {
    return this.epoch > 0;
  }

  get stats(): ApiStats {
    return this.client?.stats ?? emptyStats();
  }

  /** Every document the run read, by documentKey, as last read. */
  observed(): ReadonlyMap<string, ArDocument> {
    return this.seen;
  }

  limitWaits(ms: number): void {
    this.api().limitWaits?.(ms);
  }

  listInvoices(query: DocumentQuery): Promise<ListResult<ArDocument>> {
    return this.documents("Invoice", query, (api) => api.listInvoices(query));
  }

  listCreditNotes(query: DocumentQuery): Promise<ListResult<ArDocument>> {
    return this.documents("CreditNote", query, (api) => api.listCreditNotes(query));
  }

  listCustomers(query: CustomerQuery = {}): Promise<ListResult<Customer>> {
    return this.list(`customers ${keyOf(query)}`, (api) => api.listCustomers(query));
  }

  getCustomer(number: string): Promise<Customer> {
    return this.call((api) => api.getCustomer(number));
  }

  listPayments(query: PaymentQuery): Promise<ListResult<Payment>> {
    return this.list(`payments ${keyOf(query)}`, (api) => api.listPayments(query));
  }

  listPaymentMethods(): Promise<PaymentMethod[]> {
    return this.call((api) => api.listPaymentMethods());
  }

  listCashAccounts(): Promise<CashAccount[]> {
    return this.call((api) => api.listCashAccounts());
  }

  async getInvoice(number: string): Promise<ArDocument> {
    return this.see(await this.api().getInvoice(number));
  }

  async getCreditNote(number: string): Promise<ArDocument> {
    return this.see(await this.api().getCreditNote(number));
  }

  getPayment(number: string): Promise<Payment> {
    return this.call((api) => api.getPayment(number));
  }

  createPayment(payment: NewPayment): Promise<string> {
    return this.write(() => this.api().createPayment(payment));
  }

  releasePayment(number: string, type: PaymentType): Promise<void> {
    return this.write(() => this.api().releasePayment(number, type));
  }

  private api(): VismaApi {
    this.client ??= this.open();
    return this.client;
  }

  /**
   * A read as a promise, also when the client cannot be opened (a missing secret): callers read
   * in parallel (Promise.all), and a synchronous throw there would leave the other read's
   * rejection unhandled and crash the process instead of failing the tenant's run.
   */
  private call<T>(read: (api: VismaApi) => Promise<T>): Promise<T> {
    try {
      return read(this.api());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private async write<T>(call: () => Promise<T>): Promise<T> {
    this.epoch++;
    try {
      return await call();
    } finally {
      this.epoch++;
    }
  }

  private list<T>(key: string, read: (api: VismaApi) => Promise<ListResult<T>>): Promise<ListResult<T>> {
    const known = this.lists.get(key) as Remembered<T> | undefined;
    if (known && known.epoch === this.epoch) return known.result;
    const entry: Remembered<T> = { epoch: this.epoch, result: this.call(read) };
    this.lists.set(key, entry as Remembered<unknown>);
    entry.result.catch(() => this.lists.get(key) === (entry as Remembered<unknown>) && this.lists.delete(key));
    return entry.result;
  }

  private documents(
    type: DocumentType,
    query: DocumentQuery,
    read: (api: VismaApi) => Promise<ListResult<ArDocument>>,
  ): Promise<ListResult<ArDocument>> {
    const current = this.documentReads.filter((r) => r.type === type && r.epoch === this.epoch);
    const same = current.find((r) => keyOf(r.query) === keyOf(query));
    if (same) return same.result;
    const covering = current.find((r) => covers(r.query, query));
    if (covering) return covering.result.then((list) => narrowed(list, query));
    const entry: RememberedDocuments = {
      type,
      query,
      epoch: this.epoch,
      result: this.call(read).then((list) => {
        for (const doc of list.items) this.see(doc);
        return list;
      }),
    };
    this.documentReads.push(entry);
    entry.result.catch(() => this.documentReads.splice(this.documentReads.indexOf(entry), 1));
    return entry.result;
  }

  private see(doc: ArDocument): ArDocument {
    this.seen.set(documentKey(doc), doc);
    return doc;
  }
}

/**
 * Does a read for `known` hold every document `wanted` asks for? One that differs from it only
 * by a lower bound on the document date that is earlier (or absent) does.
 */
function covers(known: DocumentQuery, wanted: DocumentQuery): boolean {
  const { documentDate: knownDate, ...knownRest } = known;
  const { documentDate: wantedDate, ...wantedRest } = wanted;
  if (keyOf(knownRest) !== keyOf(wantedRest)) return false;
  if (!wantedDate || (wantedDate.condition !== ">=" && wantedDate.condition !== ">")) return false;
  return !knownDate || (knownDate.condition === ">=" && wantedDate.value >= knownDate.value);
}

/** The documents of `list` that `query`'s date bound admits (an unreadable element is kept: its date is unknown). */
function narrowed(list: ListResult<ArDocument>, query: DocumentQuery): ListResult<ArDocument> {
  const bound = query.documentDate;
  if (!bound) return list;
  const admits = (date: string) => (bound.condition === ">" ? date > bound.value : date >= bound.value);
  return { items: list.items.filter((d) => admits(d.documentDate)), malformed: list.malformed };
}

/** A stable text of a query: the same filters in any key order give the same key. */
function keyOf(query: object): string {
  return JSON.stringify(
    Object.entries(query)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}
