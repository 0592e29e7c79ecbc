/**
 * The Visma.net ERP client: VismaApi over HTTP. Reads are paged and parsed element by element
 * (a bad element is reported, never dropped or trusted); writes are never blindly repeated.
 * See ../../../shared/reference/visma-net-api.md for the wire format.
 */
import type { z } from "zod";
import pkg from "../../package.json" with { type: "json" };
import type { Tenant } from "../config/schema.ts";
import type { ApiStats, CustomerQuery, DocumentQuery, PaymentQuery, VismaApi } from "./api.ts";
import { parseTokenResponse, TokenProvider, tokenRequestForm, type Credentials, type IssuedToken } from "./auth.ts";
import {
  UncertainOutcomeError,
  VismaActionFailedError,
  VismaConfigError,
  VismaResponseError,
  type ParsedErrorBody,
} from "./errors.ts";
import { customerParams, documentParams, encodeQuery, paymentParams, type QueryParams } from "./filters.ts";
import { HttpClient, type HttpResponse } from "./http.ts";
import {
  normaliseCashAccount,
  normaliseCustomer,
  normaliseDocument,
  normalisePayment,
  normalisePaymentMethod,
} from "./normalise.ts";
import { fetchAllPages } from "./paging.ts";
import { observeDocument } from "./shapes.ts";
import {
  accepts,
  ActionResultDto,
  CashAccountDto,
  CustomerDto,
  describeIssues,
  DocumentDto,
  PaymentDto,
  PaymentMethodDto,
} from "./schemas.ts";
import type {
  ArDocument,
  CashAccount,
  Customer,
  DocumentType,
  ListResult,
  MalformedElement,
  NewPayment,
  Payment,
  PaymentMethod,
  PaymentType,
} from "./types.ts";
import { buildPaymentBody, refFromLocation, releaseBody } from "./writes.ts";

export interface ClientOptions {
  timeoutMs?: number; // per request, default 30 000
  maxAttempts?: number; // per request, retries included, default 5
  baseDelayMs?: number; // least pause before a retry (shared/backoff.ts), default 500
  maxDelayMs?: number; // backoff cap, default 30 000
  /** A 429 asking to wait longer than this fails instead of stalling the run; default 15 min. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (msg: string) => void;
  userAgent?: string;
  /** Clock for token expiry and rate-limit pacing (tests). */
  now?: () => number;
  /** Jitter source in [0, 1) (tests). */
  random?: () => number;
  /** Scopes to ask Visma Connect for (default TOKEN_SCOPE); the doctor narrows it to name a refused scope. */
  scope?: string;
}

/** What the token endpoint said about the token it issued (never the token itself). */
export interface TokenInfo {
  expiresInSeconds: number;
  /** Granted scopes as the response names them, or null when it names none. */
  scope: string | null;
}

export interface VismaClientConfig {
  apiBaseUrl: string;
  tokenUrl: string;
  credentials: Credentials;
  companyId?: string | undefined;
  pageSize: number;
  concurrency: number;
  /** IANA zone of the tenant: zone-less Visma.net date-times are read in it. */
  timeZone: string;
  /** Where the settings came from ("tenants/acme.yaml"), named in hints. */
  source?: string;
}

const USER_AGENT = `visma-factoring/${pkg.version}`;

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class VismaClient implements VismaApi {
  private readonly http: HttpClient;
  private readonly tokens: TokenProvider;
  private readonly base: string;
  private issued: TokenInfo | null = null;

  constructor(
    private readonly config: VismaClientConfig,
    options: ClientOptions = {},
  ) {
    const source = config.source ?? "the tenant file";
    this.http = new HttpClient({
      timeoutMs: options.timeoutMs ?? 30_000,
      maxAttempts: Math.max(1, options.maxAttempts ?? 5),
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 15 * 60_000,
      concurrency: config.concurrency,
      userAgent: options.userAgent ?? USER_AGENT,
      sleep: options.sleep ?? sleepReal,
      log: options.log ?? (() => {}),
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
      hint: (status, body, path) => hintFor(status, body, path, source, config.tokenUrl),
    });
    this.http.redactor.add(config.credentials.clientSecret);
    this.http.redactor.add(config.credentials.clientId); // masked like the secret (issue 13 §6): errors reach issue bodies
    this.tokens = new TokenProvider(() => this.fetchToken(), options.now ?? Date.now);
    this.base = config.apiBaseUrl.replace(/\/+$/, "");
  }

  get stats(): ApiStats {
    return this.http.stats;
  }

  limitWaits(ms: number): void {
    this.http.limitWaits(ms);
  }

  /** Obtains a token now (or keeps the cached one) and says what was issued; throws as any call would. */
  async authenticate(): Promise<TokenInfo> {
    await this.tokens.get();
    return this.issued!;
  }

  /**
   * Page 1 of the Open invoices exactly as Visma.net sends them when no expand flag is given: raw
   * elements, unparsed. Read-only; the doctor uses it to see the flags' unpublished defaults.
   */
  async peekInvoicesWithoutExpand(pageSize: number): Promise<unknown[]> {
    return this.getArray("/v1/customerinvoice", [
      ["status", "Open"],
      ["pageNumber", "1"],
      ["pageSize", String(pageSize)],
    ]);
  }

  async listInvoices(query: DocumentQuery): Promise<ListResult<ArDocument>> {
    return this.listDocuments("/v1/customerinvoice", "Invoice", query);
  }

  async listCreditNotes(query: DocumentQuery): Promise<ListResult<ArDocument>> {
    return this.listDocuments("/v1/customerCreditNote", "CreditNote", query);
  }

  async getInvoice(number: string): Promise<ArDocument> {
    return this.getDocument("/v1/customerinvoice", "Invoice", number);
  }

  async getCreditNote(number: string): Promise<ArDocument> {
    return this.getDocument("/v1/customerCreditNote", "CreditNote", number);
  }

  async listCustomers(query: CustomerQuery = {}): Promise<ListResult<Customer>> {
    const zone = this.config.timeZone;
    return this.listPaged(
      "/v1/customer",
      customerParams(query),
      CustomerDto,
      (d) => normaliseCustomer(d, zone),
      "number",
      [],
      undefined,
      undefined,
      query.pagesAtMost,
    );
  }

  async getCustomer(number: string): Promise<Customer> {
    const zone = this.config.timeZone;
    // The single GET takes no expand flag (contract): ASSUMPTION(A64) it carries
    // defaultPaymentMethodId all the same, the field the selection reads (transfer/customers.ts).
    return this.getOne(
      `/v1/customer/${encodeURIComponent(number)}`,
      [],
      CustomerDto,
      (d) => normaliseCustomer(d, zone),
      `customer ${number}`,
    );
  }

  async listPaymentMethods(): Promise<PaymentMethod[]> {
    return this.listUnpaged("/v1/paymentmethod", PaymentMethodDto, normalisePaymentMethod, "paymentMethodID");
  }

  async listCashAccounts(): Promise<CashAccount[]> {
    return this.listUnpaged("/v1/cashaccount", CashAccountDto, normaliseCashAccount, "number");
  }

  async listPayments(query: PaymentQuery): Promise<ListResult<Payment>> {
    const zone = this.config.timeZone;
    // An unreadable payment carries what can still be read: the closing decides whether it could be one of ours.
    return this.listPaged(
      "/v1/customerPayment",
      paymentParams(query),
      PaymentDto,
      (d) => normalisePayment(d, zone),
      "refNbr",
      ["type", "paymentRef", "status"],
    );
  }

  async getPayment(number: string): Promise<Payment> {
    const zone = this.config.timeZone;
    return this.getOne(
      `/v1/customerPayment/${encodeURIComponent(number)}`,
      [],
      PaymentDto,
      (d) => normalisePayment(d, zone),
      `payment ${number}`,
    );
  }

  async createPayment(payment: NewPayment): Promise<string> {
    const body = buildPaymentBody(payment);
    const path = "/v1/customerPayment";
    const what = `the ${payment.type.toLowerCase()} with paymentRef ${JSON.stringify(payment.paymentRef)}`;
    const res = await this.http.api({
      method: "POST",
      url: this.url(path, []),
      path,
      headers: this.headers(true),
      body: JSON.stringify(body),
      unsafe: true,
      what,
      auth: this.tokens,
    });
    const ref = refFromLocation(res.headers["location"]);
    if (!ref || ref.toLowerCase() === "customerpayment") {
      // Created (2xx) but we cannot tell under which number: the caller finds it by paymentRef.
      throw new UncertainOutcomeError({
        method: "POST",
        path,
        status: res.status,
        requestId: res.requestId,
        reason: `HTTP ${res.status} without a usable Location header (${JSON.stringify(res.headers["location"] ?? null)})`,
        what,
      });
    }
    return ref;
  }

  async releasePayment(number: string, type: PaymentType): Promise<void> {
    const path = `/v1/customerPayment/${encodeURIComponent(number)}/action/release`;
    const res = await this.http.api({
      method: "POST",
      url: this.url(path, []),
      path,
      headers: this.headers(true),
      body: JSON.stringify(releaseBody(type)),
      unsafe: true,
      what: `The release of ${type.toLowerCase()} ${number}`,
      auth: this.tokens,
    });
    if (res.body.trim() === "") return;
    const parsed = ActionResultDto.safeParse(safeJson(res.body));
    if (!parsed.success) {
      throw new VismaResponseError(
        "POST",
        path,
        `release answer is not an action result: ${describeIssues(parsed.error)}`,
      );
    }
    const result = parsed.data.actionResult ?? null;
    if (result && result.toLowerCase() === "failed") {
      throw new VismaActionFailedError({
        status: res.status,
        method: "POST",
        path,
        requestId: res.requestId,
        actionId: parsed.data.actionId ?? null,
        detail: `release of ${type.toLowerCase()} ${number} failed: ${errorInfoText(parsed.data.errorInfo)}`,
      });
    }
    if (result && result.toLowerCase() !== "done") {
      // Queued / InProcess: the caller reads the payment back and checks its status anyway.
      this.http.log(`release of ${type.toLowerCase()} ${number}: actionResult ${result} (not finished yet)`);
    }
  }

  // ---- internals ----

  private async listDocuments(path: string, type: DocumentType, query: DocumentQuery): Promise<ListResult<ArDocument>> {
    const zone = this.config.timeZone;
    const observe = (raw: unknown) => observeDocument(this.http.stats.shapes, raw);
    return this.listPaged(
      path,
      documentParams(query),
      DocumentDto,
      (d) => normaliseDocument(d, type, zone),
      "referenceNumber",
      [],
      observe,
      query.sample,
    );
  }

  private async getDocument(path: string, type: DocumentType, number: string): Promise<ArDocument> {
    const zone = this.config.timeZone;
    const label = `${type === "Invoice" ? "invoice" : "credit note"} ${number}`;
    // The single GET takes no expand flags (contract); ASSUMPTION(A4): it returns the child
    // collections. If not, the document reads with none (nothing in the product relies on it).
    return this.getOne(
      `${path}/${encodeURIComponent(number)}`,
      [],
      DocumentDto,
      (d) => normaliseDocument(d, type, zone),
      label,
    );
  }

  private async listPaged<S extends z.ZodType, T>(
    path: string,
    params: QueryParams,
    schema: S,
    normalise: (dto: z.output<S>) => T,
    idField: string,
    readable: string[] = [],
    observe?: (element: unknown) => void,
    maxElements?: number,
    pagesAtMost?: number,
  ): Promise<ListResult<T>> {
    let stoppedEarly = false;
    // Each page is parsed as it arrives, so its raw elements are let go at once.
    const parsed = await fetchAllPages(
      async ({ pageNumber, pageSize }) =>
        this.getArray(path, [...params, ["pageNumber", String(pageNumber)], ["pageSize", String(pageSize)]]),
      {
        requestedPageSize: this.config.pageSize,
        endpoint: `GET ${path}`,
        log: (m) => this.http.log(m),
        parallelPages: this.config.concurrency,
        ...(maxElements !== undefined ? { maxElements } : {}),
        ...(pagesAtMost !== undefined ? { pagesAtMost, stoppedEarly: () => (stoppedEarly = true) } : {}),
      },
      (elements) =>
        elements.map((element) => {
          observe?.(element);
          return parseElement(element, path, schema, normalise, idField, readable);
        }),
    );
    const result: ListResult<T> = { items: [], malformed: [], ...(stoppedEarly ? { complete: false as const } : {}) };
    parsed.forEach((r, index) => {
      if ("item" in r) result.items.push(r.item);
      else result.malformed.push(numbered(r.malformed, index));
    });
    return result;
  }

  /** paymentmethod and cashaccount take no paging; a bad element fails the call (no list to report it in). */
  private async listUnpaged<S extends z.ZodType, T>(
    path: string,
    schema: S,
    normalise: (dto: z.output<S>) => T,
    idField: string,
  ): Promise<T[]> {
    const raw = await this.getArray(path, []);
    return raw.map((element, index) => {
      const r = parseElement(element, path, schema, normalise, idField);
      if ("item" in r) return r.item;
      const { id, problem } = numbered(r.malformed, index);
      throw new VismaResponseError("GET", path, `${id}: ${problem}`);
    });
  }

  private async getOne<S extends z.ZodType, T>(
    path: string,
    params: QueryParams,
    schema: S,
    normalise: (dto: z.output<S>) => T,
    label: string,
  ): Promise<T> {
    const body = parseJsonBody(await this.get(path, params), "GET", path);
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new VismaResponseError("GET", path, `${label}: ${describeIssues(parsed.error)}`);
    try {
      return normalise(parsed.data);
    } catch (e) {
      throw new VismaResponseError("GET", path, `${label}: ${(e as Error).message}`);
    }
  }

  private async getArray(path: string, params: QueryParams): Promise<unknown[]> {
    const body = parseJsonBody(await this.get(path, params), "GET", path);
    if (!Array.isArray(body)) throw new VismaResponseError("GET", path, "expected a JSON array");
    return body;
  }

  private get(path: string, params: QueryParams): Promise<HttpResponse> {
    return this.http.api({
      method: "GET",
      url: this.url(path, params),
      path,
      headers: this.headers(false),
      auth: this.tokens,
    });
  }

  private url(path: string, params: QueryParams): string {
    const q = encodeQuery(params);
    return `${this.base}${path}${q ? `?${q}` : ""}`;
  }

  private headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = {};
    if (json) h["Content-Type"] = "application/json";
    // ASSUMPTION(A5): harmless with service tokens, needed where one contract holds several companies.
    // Sent only when the tenant file names visma.companyId; if Visma.net rejects it, remove that.
    if (this.config.companyId) h["ipp-company-id"] = this.config.companyId;
    return h;
  }

  private async fetchToken(): Promise<IssuedToken> {
    const url = this.config.tokenUrl;
    const path = safePath(url);
    if (this.http.stats.tokenRequests > 0)
      this.http.log(`requesting a new access token (the previous one expired or was refused)`);
    const res = await this.http.token({
      method: "POST",
      url,
      path,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: tokenRequestForm(this.config.credentials),
    });
    try {
      const token = parseTokenResponse(res.body);
      this.http.redactor.add(token.accessToken);
      this.issued = { expiresInSeconds: token.expiresInSeconds, scope: token.scope };
      return token;
    } catch (e) {
      throw new VismaResponseError("POST", path, (e as Error).message);
    }
  }
}

/** Builds the client for a tenant, reading its Visma Connect credentials from `env`. */
export function createVismaClient(tenant: Tenant, env: NodeJS.ProcessEnv, options: ClientOptions = {}): VismaClient {
  const read = (field: "clientIdEnv" | "clientSecretEnv"): string => {
    const name = tenant.visma[field];
    const value = env[name];
    if (value === undefined || value.trim() === "") {
      throw new VismaConfigError(
        `${tenant.file} visma.${field}: environment variable ${name} is not set (add it as a GitHub secret of the tenant's environment)`,
      );
    }
    return value.trim();
  };
  return new VismaClient(
    {
      apiBaseUrl: tenant.visma.apiBaseUrl,
      tokenUrl: tenant.visma.tokenUrl,
      credentials: {
        clientId: read("clientIdEnv"),
        clientSecret: read("clientSecretEnv"),
        tenantId: tenant.visma.tenantId,
        ...(options.scope ? { scope: options.scope } : {}),
      },
      companyId: tenant.visma.companyId,
      pageSize: tenant.visma.pageSize,
      concurrency: tenant.visma.concurrency,
      timeZone: tenant.timeZone,
      source: tenant.file,
    },
    options,
  );
}

type ElementResult<T> = { item: T } | { malformed: MalformedElement };

/** An element read without its own number ("" from parseElement) is named by its place in the list. */
function numbered(m: MalformedElement, index: number): MalformedElement {
  return m.id === "" ? { ...m, id: `element #${index + 1}` } : m;
}

/** One list element checked and normalised; an unreadable one is named by its number, or "" when it has none (see numbered). */
function parseElement<S extends z.ZodType, T>(
  element: unknown,
  endpoint: string,
  schema: S,
  normalise: (dto: z.output<S>) => T,
  idField: string,
  readableFields: string[] = [],
): ElementResult<T> {
  let dto: z.output<S>;
  if (accepts(schema, element)) {
    dto = element as z.output<S>; // the schemas only check: the element reads as its parse output (schemas.ts)
  } else {
    const parsed = schema.safeParse(element);
    if (!parsed.success)
      return malformedElement(element, endpoint, idField, readableFields, describeIssues(parsed.error));
    dto = parsed.data;
  }
  try {
    return { item: normalise(dto) };
  } catch (e) {
    return malformedElement(element, endpoint, idField, readableFields, (e as Error).message);
  }
}

function malformedElement<T>(
  element: unknown,
  endpoint: string,
  idField: string,
  readableFields: string[],
  problem: string,
): ElementResult<T> {
  const id = elementId(element, idField) ?? "";
  const readable = readableText(element, readableFields);
  return { malformed: { endpoint, id, problem, ...(readable ? { readable } : {}) } };
}

/** The named top-level fields of an element that are text or null, or undefined when none is. */
function readableText(element: unknown, fields: string[]): Record<string, string | null> | undefined {
  if (fields.length === 0 || !element || typeof element !== "object") return undefined;
  const out: Record<string, string | null> = {};
  for (const f of fields) {
    const v = (element as Record<string, unknown>)[f];
    if (typeof v === "string" || v === null) out[f] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function elementId(element: unknown, field: string): string | null {
  if (!element || typeof element !== "object") return null;
  const v = (element as Record<string, unknown>)[field];
  if (typeof v === "string" && v.trim() !== "") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function parseJsonBody(res: HttpResponse, method: string, path: string): unknown {
  try {
    return JSON.parse(res.body);
  } catch {
    const start = res.body.slice(0, 80).replace(/\s+/g, " ");
    throw new VismaResponseError(method, path, `body is not JSON (starts ${JSON.stringify(start)})`);
  }
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split("?")[0]!;
  }
}

function errorInfoText(info: unknown): string {
  if (info === null || info === undefined || info === "") return "no errorInfo given";
  if (typeof info === "string") return info;
  if (typeof info === "object") {
    const o = info as Record<string, unknown>;
    for (const k of ["message", "Message", "ExceptionMessage", "errorMessage"]) {
      if (typeof o[k] === "string") return o[k] as string;
    }
  }
  const text = JSON.stringify(info);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Advice for the errors a tenant's settings cause. */
function hintFor(
  status: number,
  body: ParsedErrorBody,
  path: string,
  source: string,
  tokenUrl: string,
): string | undefined {
  if (body.faultCode === "12027" || /no license for this company/i.test(body.message)) {
    return `check visma.tenantId in ${source}: it must be the end customer's tenant id ("Customer TenantID", shown at the top right of the Visma App Store after the customer approved the app)`;
  }
  if (path === safePath(tokenUrl) && /invalid_scope/.test(body.message)) {
    return `Visma Connect refuses a scope the application asks for (read, create, update): grant them to the app in the Visma Developer Portal; npm run doctor names the missing one`;
  }
  if (path === safePath(tokenUrl) && (status === 400 || status === 401)) {
    return `check the client id and secret (the variables named by visma.clientIdEnv and visma.clientSecretEnv in ${source}), visma.tenantId, and that the customer's administrator approved the app`;
  }
  if (status === 403) {
    return `the application may lack a scope or the tenant's approval; check the app in the Visma Developer Portal and visma.tenantId in ${source}`;
  }
  return undefined;
}
