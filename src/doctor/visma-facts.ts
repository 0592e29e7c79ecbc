/**
 * Everything the doctor reads from Visma.net, read once, one call after the other (so the calls
 * each read needed are counted exactly) and only with GET: the token, payment methods, cash
 * accounts, what the next transfer would read (the transfer's own read, readModifiedSince), a sample of recent
 * Open documents and the customers judging it needs, the customer payments of the closing's look-back, and one page of invoices
 * without expand flags. A read that fails is kept as its error; the checks say what it means.
 */
import type { Tenant } from "../config/schema.ts";
import { DEFAULT_LOOKBACK_MONTHS, monthsEnding } from "../ledger/store.ts";
import type { LookBack } from "../select/look-back.ts";
import { addDays } from "../shared/time.ts";
import { type CustomersRead, readCustomers } from "../transfer/customers.ts";
import { type ModifiedSince, readModifiedSince } from "../transfer/read.ts";
import {
  type ApiStats,
  type ArDocument,
  type CashAccount,
  emptyStats,
  type ListResult,
  type Payment,
  type PaymentMethod,
  type TokenInfo,
  type VismaClient,
} from "../visma/index.ts";

export type Read<T> = { ok: true; value: T; requests: number } | { ok: false; error: string; requests: number };

/** Days of recent documents the sample covers, by document date. */
export const SAMPLE_DAYS = 30;
/** At most this many documents per list (whole pages): the doctor's read stays small on a large company. */
export const SAMPLE_CAP = 1000;
/** Size of the one page read without expand flags. */
export const PEEK_PAGE_SIZE = 10;
export const SCOPES = ["read", "create", "update"] as const;
export type Scope = (typeof SCOPES)[number];
export const scopeName = (s: string) => `vismanet_erp_service_api:${s}`;

export interface VismaFacts {
  token: Read<TokenInfo>;
  /** Only when Visma Connect refused the token outright: which scope, asked for alone, gets a token. */
  scopeProbe: Partial<Record<Scope, boolean>> | null;
  paymentMethods: Read<PaymentMethod[]>;
  cashAccounts: Read<CashAccount[]>;
  /** What the next transfer reads: documents modified since the look-back, and the customers it needs of them. */
  nextRun: Read<ModifiedSince>;
  sample: Read<{ invoices: ListResult<ArDocument>; creditNotes: ListResult<ArDocument> }>;
  /** The customers of the sample that the next run's read did not bring (read the way the transfer reads them). */
  sampleCustomers: Read<CustomersRead>;
  payments: Read<ListResult<Payment>>;
  withoutExpand: Read<unknown[]>;
  stats: ApiStats;
  /** First document date of the sample (yyyy-MM-dd). */
  sampleFrom: string;
  /** First payment date the closing reads (yyyy-MM-dd). */
  paymentsFrom: string;
}

export interface FactsInput {
  tenant: Tenant;
  today: string;
  lookBack: LookBack;
  /** documentKey of every document the ledger holds as sent. */
  alreadySent: ReadonlySet<string>;
  /** A client asking for `scope` (default: the product's scopes). */
  openVisma: (scope?: string) => VismaClient;
}

export async function readVismaFacts({
  tenant,
  today,
  lookBack,
  alreadySent,
  openVisma,
}: FactsInput): Promise<VismaFacts> {
  const sampleFrom = addDays(today, -SAMPLE_DAYS);
  const paymentsFrom = `${monthsEnding(today, DEFAULT_LOOKBACK_MONTHS)[0]}-01`;
  let client: VismaClient;
  try {
    client = openVisma();
  } catch (error) {
    // A missing secret: the client cannot even start.
    return notRead({ ok: false, error: (error as Error).message, requests: 0 }, sampleFrom, paymentsFrom);
  }
  const read = async <T>(what: () => Promise<T>): Promise<Read<T>> => {
    const before = client.stats.requests;
    try {
      const value = await what();
      return { ok: true, value, requests: client.stats.requests - before };
    } catch (error) {
      return { ok: false, error: (error as Error).message, requests: client.stats.requests - before };
    }
  };

  const token = await read(() => client.authenticate());
  if (!token.ok) {
    const facts = notRead(token, sampleFrom, paymentsFrom, client.stats);
    if (/invalid_scope/.test(token.error)) facts.scopeProbe = await probeScopes(openVisma);
    return facts;
  }
  const sample = { status: "Open", documentDate: { value: sampleFrom, condition: ">=" as const }, sample: SAMPLE_CAP };
  const types = tenant.selection.documentTypes;
  const none: ListResult<ArDocument> = { items: [], malformed: [] };
  const paymentMethods = await read(() => client.listPaymentMethods());
  const cashAccounts = await read(() => client.listCashAccounts());
  const nextRun = await read(() => readModifiedSince(client, tenant, { today, lookBack, alreadySent }));
  const sampled = await read(async () => ({
    invoices: types.includes("Invoice") ? await client.listInvoices(sample) : none,
    creditNotes: types.includes("CreditNote") ? await client.listCreditNotes(sample) : none,
  }));
  const sampleCustomers = await read(async () => {
    if (!sampled.ok) return { customers: new Map(), unreadable: [] };
    // Every customer of the sample: the doctor judges the company's data, not only what a run would send.
    const documents = [...sampled.value.invoices.items, ...sampled.value.creditNotes.items];
    const needed = new Set(documents.map((d) => d.customer.number));
    if (nextRun.ok) for (const number of nextRun.value.customers.keys()) needed.delete(number);
    return readCustomers(client, tenant, needed, lookBack.since);
  });
  return {
    token,
    scopeProbe: null,
    paymentMethods,
    cashAccounts,
    nextRun,
    sample: sampled,
    sampleCustomers,
    payments: await read(() => client.listPayments({ docDate: { value: paymentsFrom, condition: ">=" } })),
    withoutExpand: await read(() => client.peekInvoicesWithoutExpand(PEEK_PAGE_SIZE)),
    stats: client.stats,
    sampleFrom,
    paymentsFrom,
  };
}

/** Asks for each scope alone (token requests only): names the one the application does not hold. */
async function probeScopes(openVisma: FactsInput["openVisma"]): Promise<Partial<Record<Scope, boolean>>> {
  const probe: Partial<Record<Scope, boolean>> = {};
  for (const scope of SCOPES) {
    probe[scope] = await openVisma(scopeName(scope))
      .authenticate()
      .then(() => true)
      .catch(() => false);
  }
  return probe;
}

function notRead(token: Read<TokenInfo>, sampleFrom: string, paymentsFrom: string, stats?: ApiStats): VismaFacts {
  const skipped = { ok: false as const, error: "not read: no token", requests: 0 };
  return {
    token,
    scopeProbe: null,
    paymentMethods: skipped,
    cashAccounts: skipped,
    nextRun: skipped,
    sample: skipped,
    sampleCustomers: skipped,
    payments: skipped,
    withoutExpand: skipped,
    stats: stats ?? emptyStats(),
    sampleFrom,
    paymentsFrom,
  };
}
