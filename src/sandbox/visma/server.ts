/**
 * A local imitation of Visma.net ERP (token endpoint + the /v1 API surface the integration
 * uses) on node:http, bound to 127.0.0.1. In-process, so tests, the demo and the benchmark
 * start it, seed it through `store`, misbehave it through `faults` and read `stats`.
 * Wire format: shared/reference/visma-net-api.md.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { DateTime } from "luxon";
import { DEFAULT_TIME_ZONE } from "../../shared/time.ts";
import { realClock, type TimestampZone } from "./clock.ts";
import { FaultController, type ActiveFault } from "./faults.ts";
import { HttpError, ippException, readBody, sendEmpty, sendJson, sleep, vismaMessage } from "./http.ts";
import { route, type Reply } from "./routes.ts";
import { SandboxStore } from "./store.ts";
import type { SandboxData } from "./types.ts";

export interface SandboxOptions {
  port?: number; // 0 (default) = random free port; always bound to 127.0.0.1
  clock?: () => DateTime; // business clock for timestamps and payment dates; default real time
  timeZone?: string; // the company's zone (default Europe/Oslo)
  /** Zone-less timestamps in the company's local time (default) or in UTC; see clock.ts. */
  timestamps?: TimestampZone;
  credentials?: { clientId: string; clientSecret: string; tenantId: string };
  tokenLifetimeSeconds?: number; // default 3600, measured on the real wall clock
  maxPageSize?: number | Record<string, number>; // default 100; record keyed by endpoint, e.g. "customerinvoice"
  rateLimit?: { limit: number; windowSeconds: number }; // fixed window per client; default 10000/3600
  latencyMs?: number; // added to every request
  data?: SandboxData; // initial company data (copied)
  /**
   * The scopes the application holds for this tenant (default: read, create, update, delete). A token
   * carries the scopes asked for that are held; GET needs :read, creating a payment :create, an
   * action (release, void) :update, else 403. ASSUMPTION(A52): release is
   * :update. See `scopeRefusal` for a request naming a scope that is not held.
   */
  grantedScopes?: string[];
  /**
   * ASSUMPTION(A53): a token request naming a scope the application does not hold: "narrow" (default) issues a
   * token for the rest and names them in `scope` (RFC 6749 §3.3); "invalid_scope" refuses the
   * request with 400 invalid_scope (IdentityServer, on which Visma Connect is built, does this).
   */
  scopeRefusal?: "narrow" | "invalid_scope";
}

export interface SandboxStats {
  requests: number;
  /** Requests per lower-cased path without query string, e.g. "/v1/customerinvoice". */
  byPath: Record<string, number>;
  /** API requests (under /v1) per HTTP method, e.g. { GET: 12, POST: 2 }: a read-only client sends GET only. */
  byMethod: Record<string, number>;
  tokenRequests: number;
  throttled: number;
}

/** One request as the server saw it (tests read which list was asked for with which filters). */
export interface LoggedRequest {
  method: string;
  /** Lower-cased path without the query string. */
  path: string;
  params: URLSearchParams;
}

export interface Sandbox {
  url: string; // "http://127.0.0.1:PORT"
  apiBaseUrl: string; // same as url; API paths are `${apiBaseUrl}/v1/...`
  tokenUrl: string; // `${url}/connect/token`
  store: SandboxStore;
  faults: FaultController;
  stats: SandboxStats;
  /** Every request in order of arrival. */
  requests: LoggedRequest[];
  setClock(clock: () => DateTime): void;
  close(): Promise<void>;
}

export const DEFAULT_CREDENTIALS = {
  clientId: "demo-client",
  clientSecret: "demo-secret",
  tenantId: "demo-tenant",
} as const;
export const DEFAULT_RATE_LIMIT = { limit: 10_000, windowSeconds: 3600 } as const;
export const DEFAULT_MAX_PAGE_SIZE = 100;
export const ALL_SCOPES = ["read", "create", "update", "delete"].map((s) => `vismanet_erp_service_api:${s}`);

interface Token {
  clientId: string;
  expiresAtMs: number;
  scopes: Set<string>;
}

interface Window {
  startMs: number;
  count: number;
}

export async function startVismaSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const credentials = options.credentials ?? { ...DEFAULT_CREDENTIALS };
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const rateLimit = options.rateLimit ?? { ...DEFAULT_RATE_LIMIT };
  let clock = options.clock ?? realClock;
  const store = new SandboxStore(
    options.data,
    clock,
    options.timeZone ?? DEFAULT_TIME_ZONE,
    options.timestamps ?? "local",
  );
  const faults = new FaultController();
  const stats: SandboxStats = { requests: 0, byPath: {}, byMethod: {}, tokenRequests: 0, throttled: 0 };
  const requests: LoggedRequest[] = [];
  const granted = new Set(options.grantedScopes ?? ALL_SCOPES);
  const tokens = new Map<string, Token>();
  const windows = new Map<string, Window>();
  let apiBaseUrl = "";

  const maxPageSize = (endpoint: string): number => {
    const setting = options.maxPageSize;
    if (setting === undefined) return DEFAULT_MAX_PAGE_SIZE;
    if (typeof setting === "number") return setting;
    for (const [key, value] of Object.entries(setting)) if (key.toLowerCase() === endpoint) return value;
    return DEFAULT_MAX_PAGE_SIZE;
  };

  /** Fixed window per client, on the real clock. Returns the rate-limit headers and whether to throttle. */
  const countRequest = (clientId: string): { headers: Record<string, string>; throttled: boolean } => {
    const now = Date.now();
    const windowMs = rateLimit.windowSeconds * 1000;
    let window = windows.get(clientId);
    if (!window || now >= window.startMs + windowMs) {
      window = { startMs: now, count: 0 };
      windows.set(clientId, window);
    }
    window.count += 1;
    const resetSeconds = Math.max(1, Math.ceil((window.startMs + windowMs - now) / 1000));
    return {
      headers: rateLimitHeaders(rateLimit.limit, Math.max(0, rateLimit.limit - window.count), resetSeconds),
      throttled: window.count > rateLimit.limit,
    };
  };

  const handleToken = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    stats.tokenRequests += 1;
    if (req.method !== "POST") throw new HttpError(405, { error: "invalid_request", error_description: "use POST" });
    const form = new URLSearchParams(await readBody(req));
    let clientId = form.get("client_id");
    let clientSecret = form.get("client_secret");
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? "");
    if (basic) {
      const [id, secret] = Buffer.from(basic[1]!, "base64").toString("utf8").split(":");
      clientId = decodeURIComponent(id ?? "");
      clientSecret = decodeURIComponent(secret ?? "");
    }
    if (form.get("grant_type") !== "client_credentials") {
      throw new HttpError(400, {
        error: "unsupported_grant_type",
        error_description: "only grant_type=client_credentials is supported",
      });
    }
    if (clientId !== credentials.clientId || clientSecret !== credentials.clientSecret) {
      throw new HttpError(401, { error: "invalid_client" });
    }
    const tenantId = form.get("tenant_id");
    if (!tenantId)
      throw new HttpError(400, {
        error: "invalid_request",
        error_description: "tenant_id is required for tenant-based APIs",
      });
    if (tenantId !== credentials.tenantId) {
      throw new HttpError(400, {
        error: "invalid_grant",
        error_description: "the client is not approved for this tenant_id",
      });
    }
    const requested = (form.get("scope") ?? "vismanet_erp_service_api:read").split(/\s+/).filter(Boolean);
    const held = requested.filter((s) => granted.has(s));
    if (held.length < requested.length && (options.scopeRefusal === "invalid_scope" || held.length === 0)) {
      throw new HttpError(400, { error: "invalid_scope" });
    }
    const accessToken = randomBytes(24).toString("base64url");
    tokens.set(accessToken, { clientId, expiresAtMs: Date.now() + lifetime * 1000, scopes: new Set(held) });
    sendJson(
      res,
      200,
      {
        access_token: accessToken,
        token_type: "Bearer",
        expires_in: lifetime,
        scope: held.join(" "),
      },
      { "Cache-Control": "no-store" },
    );
  };

  /** 403 unless the token carries the scope this request needs (see SandboxOptions.grantedScopes). */
  const authorise = (token: Token, method: string, segments: string[]): void => {
    const verb =
      method === "GET"
        ? "read"
        : segments[2]?.toLowerCase() === "action"
          ? "update"
          : method === "POST"
            ? "create"
            : method === "DELETE"
              ? "delete"
              : "update";
    const scope = `vismanet_erp_service_api:${verb}`;
    if (!token.scopes.has(scope)) {
      throw new HttpError(
        403,
        vismaMessage(
          `Insufficient scope: ${method} /v1/${segments.join("/")} needs ${scope}, the token carries ${[...token.scopes].join(" ") || "none"}.`,
        ),
      );
    }
  };

  const authenticate = (req: IncomingMessage): Token => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    const token = bearer ? tokens.get(bearer[1]!) : undefined;
    if (!token || Date.now() >= token.expiresAtMs) {
      if (token && bearer) tokens.delete(bearer[1]!);
      throw new HttpError(
        401,
        ippException(
          bearer
            ? "Access token is invalid or expired. Request a new token."
            : "Authorization header with a Bearer token is missing.",
          "12007",
        ),
        { "WWW-Authenticate": `Bearer error="invalid_token"` },
      );
    }
    return token;
  };

  const handleApi = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    malformed: ActiveFault[],
  ): Promise<void> => {
    const token = authenticate(req);
    const segments = url.pathname.split("/").filter(Boolean).slice(1);
    authorise(token, req.method ?? "GET", segments);
    const limit = countRequest(token.clientId);
    if (limit.throttled) {
      stats.throttled += 1;
      const retryAfter = limit.headers["X-RateLimit-Reset"]!;
      throw new HttpError(429, throttleBody(Number(retryAfter)), { ...limit.headers, "Retry-After": retryAfter });
    }
    const body = req.method === "POST" || req.method === "PUT" ? await readBody(req) : "";
    let reply: Reply;
    try {
      reply = route(
        { store, apiBaseUrl, maxPageSize },
        { method: req.method ?? "GET", segments, params: url.searchParams, body },
      );
    } catch (error) {
      if (error instanceof HttpError)
        throw new HttpError(error.status, error.body, { ...limit.headers, ...error.headers });
      throw error;
    }
    if (reply.body !== undefined && reply.status < 300) breakElements(reply.body, malformed, faults);
    if (reply.body === undefined) sendEmpty(res, reply.status, { ...limit.headers, ...reply.headers });
    else sendJson(res, reply.status, reply.body, { ...limit.headers, ...reply.headers });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const key = path.toLowerCase();
    const method = (req.method ?? "GET").toUpperCase();
    stats.requests += 1;
    stats.byPath[key] = (stats.byPath[key] ?? 0) + 1;
    requests.push({ method, path: key, params: url.searchParams });
    if (key.startsWith("/v1/")) stats.byMethod[method] = (stats.byMethod[method] ?? 0) + 1;
    res.setHeader("Ipp-Request-Id", randomUUID());
    // A real server's Date is its own clock: here the business clock that also writes the timestamps.
    res.setHeader("Date", clock().toHTTP() ?? new Date().toUTCString());

    const extraLatency = (options.latencyMs ?? 0) + faults.takeLatency(method, path);
    if (extraLatency > 0) await sleep(extraLatency);

    const fault = faults.takeTerminal(method, path);
    if (fault) {
      if (fault.rule.kind === "drop") {
        req.socket.destroy();
        return;
      }
      if (fault.rule.kind === "status429") {
        stats.throttled += 1;
        const retryAfter = fault.rule.retryAfterSeconds ?? 1;
        sendJson(res, 429, throttleBody(retryAfter), {
          ...rateLimitHeaders(rateLimit.limit, 0, retryAfter),
          "Retry-After": String(retryAfter),
        });
        return;
      }
      const status = fault.rule.status ?? 500;
      sendJson(res, status, vismaMessage(`An error has occurred (injected ${status}).`));
      return;
    }

    if (key === "/connect/token") return handleToken(req, res);
    if (key.startsWith("/v1/")) return handleApi(req, res, url, faults.malformedFor(method, path));
    throw new HttpError(
      404,
      vismaMessage(`Nothing at ${url.pathname}. API paths start with /v1/, the token endpoint is /connect/token.`),
    );
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (error instanceof HttpError) {
        sendJson(res, error.status, error.body, error.headers);
        return;
      }
      sendJson(res, 500, vismaMessage(`Sandbox error: ${error instanceof Error ? error.message : String(error)}`));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  apiBaseUrl = url;

  return {
    url,
    apiBaseUrl,
    tokenUrl: `${url}/connect/token`,
    store,
    faults,
    stats,
    requests,
    setClock: (next) => {
      clock = next;
      store.setClock(next);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function rateLimitHeaders(limit: number, remaining: number, resetSeconds: number): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(limit),
    "X-RateLimit-Remaining": String(remaining),
    "X-RateLimit-Reset": String(resetSeconds),
    "X-RateLimit-Policy": "4-fixed-window",
  };
}

/** ASSUMPTION(A23): the 429 body is Azure API Management's usual one; clients should rely on Retry-After only. */
function throttleBody(retryAfterSeconds: number): { statusCode: number; message: string } {
  return { statusCode: 429, message: `Rate limit is exceeded. Try again in ${retryAfterSeconds} seconds.` };
}

/** Applies matching "malformed" faults to a reply body: one broken field on one element each. */
function breakElements(
  body: Record<string, unknown> | Record<string, unknown>[],
  rules: ActiveFault[],
  faults: FaultController,
): void {
  const elements = Array.isArray(body) ? body : [body];
  for (const fault of rules) {
    const target = fault.rule.malformedId;
    const element = target === undefined ? elements[0] : elements.find((e) => elementId(e) === target);
    if (!element) continue;
    element[fault.rule.malformedField ?? defaultBrokenField(element)] =
      "malformedValue" in fault.rule ? fault.rule.malformedValue : "abc";
    faults.consume(fault);
  }
}

function elementId(element: Record<string, unknown>): unknown {
  return element.referenceNumber ?? element.refNbr ?? element.number ?? element.paymentMethodID;
}

function defaultBrokenField(element: Record<string, unknown>): string {
  if ("referenceNumber" in element) return "amount";
  if ("refNbr" in element) return "paymentAmount";
  return "lastModifiedDateTime";
}
