/**
 * HTTP for the Visma.net client: one place for retries, throttling, pacing, timeouts and
 * concurrency (reference §6). Rules:
 * - retry 429 (waiting at least Retry-After, ASSUMPTION(A23)), 5xx and network errors with bounded exponential
 *   backoff and jitter; never other 4xx; never without a pause in between;
 * - a state-changing call (`unsafe`: create payment, release) is not repeated once it may have
 *   reached the server: UncertainOutcomeError instead (only 429 and refused connections are safe);
 * - when X-RateLimit-Remaining runs low, spread the remaining calls over X-RateLimit-Reset;
 * - never wait (Retry-After, pacing) past what the run may wait (limitWaits: its window, its
 *   job's deadline): end the call as throttled instead, and the next slot catches up.
 */
import axios, { type AxiosInstance } from "axios";
import pLimit, { type LimitFunction } from "p-limit";
import type { ApiStats } from "./api.ts";
import { backoffDelay } from "../shared/backoff.ts";
import { emptyStats } from "./shapes.ts";
import type { TokenSource } from "./auth.ts";
import {
  parseErrorBody,
  Redactor,
  UncertainOutcomeError,
  VismaApiError,
  VismaThrottledError,
  type ParsedErrorBody,
} from "./errors.ts";

export interface HttpSettings {
  timeoutMs: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this ends the call throttled instead of stalling the run. */
  maxRetryAfterMs: number;
  concurrency: number;
  userAgent: string;
  sleep: (ms: number) => Promise<void>;
  log: (msg: string) => void;
  now: () => number;
  random: () => number;
  /** Extra advice for an error message (e.g. which tenant setting to check). */
  hint?: (status: number, body: ParsedErrorBody, path: string) => string | undefined;
}

export interface HttpRequest {
  method: "GET" | "POST";
  url: string; // absolute, query included
  path: string; // for messages: path without the query string
  headers?: Record<string, string>;
  body?: string;
  /** Changes state and must not be sent twice (create, release). */
  unsafe?: boolean;
  /** What an uncertain outcome concerns, for the message ("payment with paymentRef X"). */
  what?: string;
  /** Adds `Authorization: Bearer`; a 401 drops the token and retries once with a new one. */
  auth?: TokenSource;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  requestId: string | null;
}

export class HttpClient {
  readonly stats: ApiStats = emptyStats();
  readonly redactor = new Redactor();
  private readonly axios: AxiosInstance;
  private readonly limit: LimitFunction;
  private readonly pacer: RateLimitPacer;
  /** Latest instant (client clock) a throttled call may wait until; see limitWaits. */
  private waitDeadline: number | null = null;

  constructor(private readonly s: HttpSettings) {
    this.axios = axios.create();
    this.limit = pLimit(s.concurrency);
    this.pacer = new RateLimitPacer(s.now, s.sleep, (m) => this.log(m));
  }

  /** An API call: counted in `requests`, paced by the rate-limit headers, bounded in parallelism. */
  api(req: HttpRequest): Promise<HttpResponse> {
    return this.limit(() => this.send(req, "api"));
  }

  /**
   * A token call: outside the concurrency limit (an API call holding a slot may be waiting for
   * it) and outside pacing (the token endpoint has its own limits).
   */
  token(req: HttpRequest): Promise<HttpResponse> {
    return this.send(req, "token");
  }

  log(msg: string): void {
    this.s.log(this.redactor.redact(msg));
  }

  /**
   * From now on, wait (for a 429, or pacing) at most `ms` in all: until the run's window closes or
   * the job's deadline. Several limits: the earliest holds.
   */
  limitWaits(ms: number): void {
    const at = this.s.now() + Math.max(0, ms);
    this.waitDeadline = this.waitDeadline === null ? at : Math.min(this.waitDeadline, at);
  }

  /** How long a 429 may still be waited out: the per-call cap, and what is left of the run's window. */
  private waitBudgetMs(): number {
    const left = this.waitDeadline === null ? Infinity : this.waitDeadline - this.s.now();
    return Math.max(0, Math.min(this.s.maxRetryAfterMs, left));
  }

  private async send(req: HttpRequest, kind: "api" | "token"): Promise<HttpResponse> {
    const { maxAttempts } = this.s;
    let attempt = 0;
    let refreshedToken = false;
    for (;;) {
      attempt++;
      if (kind === "api") {
        const paced = await this.pacer.beforeRequest(this.waitBudgetMs());
        if (paced !== null) throw this.pacedOut(req, paced);
      }
      const token = req.auth ? await req.auth.get() : null;
      if (token) this.redactor.add(token);
      if (kind === "api") this.stats.requests++;
      else this.stats.tokenRequests++;

      let res: HttpResponse;
      try {
        res = await this.exchange(req, token);
      } catch (err) {
        const net = describeNetworkError(err, this.s.timeoutMs);
        if (req.unsafe && !net.notSent) {
          throw new UncertainOutcomeError({
            method: req.method,
            path: req.path,
            reason: this.redactor.redact(net.text),
            what: req.what,
          });
        }
        if (attempt >= maxAttempts) {
          throw new VismaApiError({
            status: 0,
            method: req.method,
            path: req.path,
            requestId: null,
            detail: this.redactor.redact(`${net.text}; gave up after ${attempt} attempt${attempt === 1 ? "" : "s"}`),
          });
        }
        await this.backoff(attempt, 0, `${req.method} ${req.path}: ${net.text}`);
        continue;
      }

      if (kind === "api") this.recordRateLimit(res.headers);
      if (kind === "api" && res.headers.date) this.stats.serverDate = { header: res.headers.date, at: this.s.now() };
      // On a 429 Retry-After governs the wait; its rate-limit headers would only double it.
      if (kind === "api" && res.status !== 429) this.pacer.observe(res.headers);
      if (res.status >= 200 && res.status < 300) return res;

      if (res.status === 401 && token && req.auth && !refreshedToken) {
        // An expired or revoked token: fetch a new one and repeat this request once.
        refreshedToken = true;
        req.auth.invalidate(token);
        this.stats.retries++;
        attempt--; // the refresh does not use up the budget for transient failures
        this.log(`${req.method} ${req.path}: 401, requesting a new token and retrying once`);
        continue;
      }

      if (res.status === 429) {
        this.stats.throttled++;
        const retryAfterMs = parseRetryAfterMs(res.headers["retry-after"], this.s.now());
        if (attempt >= maxAttempts)
          throw this.throttled(req, res, retryAfterMs, `still throttled (429) after ${attempt} attempts`);
        if (retryAfterMs !== null && retryAfterMs > this.waitBudgetMs()) {
          throw this.throttled(
            req,
            res,
            retryAfterMs,
            `rate limit used up: Visma.net asks to wait ${Math.ceil(retryAfterMs / 1000)} s, more than this run waits`,
          );
        }
        await this.backoff(attempt, retryAfterMs ?? 0, `${req.method} ${req.path}: throttled (429)`);
        continue;
      }

      if (res.status >= 500) {
        if (req.unsafe) {
          const parsed = parseErrorBody(res.body, res.status);
          throw new UncertainOutcomeError({
            method: req.method,
            path: req.path,
            status: res.status,
            requestId: res.requestId ?? parsed.vismaId,
            reason: this.redactor.redact(`HTTP ${res.status}: ${parsed.message}`),
            what: req.what,
          });
        }
        if (attempt >= maxAttempts) throw this.apiError(req, res, `gave up after ${attempt} attempts`);
        await this.backoff(attempt, 0, `${req.method} ${req.path}: HTTP ${res.status}`);
        continue;
      }

      throw this.apiError(req, res);
    }
  }

  private async exchange(req: HttpRequest, token: string | null): Promise<HttpResponse> {
    const headers: Record<string, string> = {
      Accept: "application/json",
      "User-Agent": this.s.userAgent,
      ...req.headers,
    };
    if (token) headers.Authorization = `Bearer ${token}`;
    const r = await this.axios.request<unknown>({
      method: req.method,
      url: req.url,
      headers,
      data: req.body,
      timeout: this.s.timeoutMs,
      // The bytes as they came, decoded below: Node's TextDecoder reads UTF-8 faster than
      // Buffer#toString, which matters at the megabytes of a 5,000-document list.
      responseType: "arraybuffer",
      transformResponse: [(d: unknown) => d],
      validateStatus: () => true,
      // Following a redirect would re-send a POST; GETs may follow (the host moved once).
      maxRedirects: req.method === "GET" ? 5 : 0,
    });
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers ?? {})) {
      if (v !== undefined && v !== null) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
    }
    const body = bodyText(r.data);
    return { status: r.status, headers: out, body, requestId: out["ipp-request-id"] ?? out["request-context"] ?? null };
  }

  private throttled(
    req: HttpRequest,
    res: HttpResponse,
    retryAfterMs: number | null,
    why: string,
  ): VismaThrottledError {
    const e = this.apiError(req, res, why);
    return new VismaThrottledError({
      status: 429,
      method: e.method,
      path: e.path,
      requestId: e.requestId,
      detail: e.detail,
      retryAfterMs,
    });
  }

  /** The pacing would wait past what this run may wait: ended like a throttle, nothing was sent. */
  private pacedOut(req: HttpRequest, paced: { waitMs: number; resetMs: number }): VismaThrottledError {
    return new VismaThrottledError({
      status: 429,
      method: req.method,
      path: req.path,
      requestId: null,
      detail: `rate limit nearly used up: the next call would wait ${Math.ceil(paced.waitMs / 1000)} s for its turn, more than this run may wait; not sent`,
      retryAfterMs: paced.resetMs,
    });
  }

  /** Keeps the X-RateLimit-* figures of the last answer that sent them (stats.rateLimit). */
  private recordRateLimit(headers: Record<string, string>): void {
    const limit = headerNumber(headers["x-ratelimit-limit"]);
    const remaining = headerNumber(headers["x-ratelimit-remaining"]);
    const resetSeconds = headerNumber(headers["x-ratelimit-reset"]);
    const policy = headers["x-ratelimit-policy"]?.trim() || null;
    if (limit === null && remaining === null && resetSeconds === null && policy === null) return;
    this.stats.rateLimit = { limit, remaining, resetSeconds, policy, at: this.s.now() };
  }

  private apiError(req: HttpRequest, res: HttpResponse, suffix?: string): VismaApiError {
    const parsed = parseErrorBody(res.body, res.status);
    const hint = this.s.hint?.(res.status, parsed, req.path);
    const detail = suffix ? `${parsed.message} (${suffix})` : parsed.message;
    return new VismaApiError({
      status: res.status,
      method: req.method,
      path: req.path,
      requestId: res.requestId ?? parsed.vismaId,
      detail: this.redactor.redact(detail),
      hint: hint ? this.redactor.redact(hint) : undefined,
      faultCode: parsed.faultCode,
    });
  }

  /** Waits before attempt `attempt + 1`: the shared backoff, at least `minMs` (Retry-After). */
  private async backoff(attempt: number, minMs: number, why: string): Promise<void> {
    const { baseDelayMs, maxDelayMs, random } = this.s;
    const ms = Math.max(minMs, backoffDelay(attempt, { baseMs: baseDelayMs, maxMs: maxDelayMs, random }));
    this.stats.retries++;
    this.log(`${why}; retrying in ${ms} ms (attempt ${attempt + 1} of ${this.s.maxAttempts})`);
    await this.s.sleep(ms);
  }
}

/**
 * The calls of a rate-limit window the pacer spreads over the time left in it (X-RateLimit-Remaining
 * at or below this): 3, or 5 % of X-RateLimit-Limit when that is more. The closing's budget
 * (close/budget.ts) counts only the calls above it as free to use at once.
 */
export function pacedCalls(limit: number | null): number {
  return Math.max(3, limit !== null && limit > 0 ? Math.floor(limit * 0.05) : 0);
}

/**
 * X-RateLimit-Reset as seconds to the next window: "seconds to reset" per the docs; an epoch
 * timestamp, as some gateways send, is turned into the seconds from `nowMs` to it.
 */
export function secondsToReset(reset: number, nowMs: number): number {
  return reset > 1e9 ? Math.max(0, reset - nowMs / 1000) : reset;
}

/**
 * Spreads the remaining calls of a rate-limit window over the time left in it once
 * X-RateLimit-Remaining is low (pacedCalls), instead of running into 429. It never waits past what
 * the run may wait: then it says so instead, and the call is not sent.
 */
class RateLimitPacer {
  private nextAt = 0;
  private spacingMs = 0;
  private resetAt = 0;

  constructor(
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly log: (msg: string) => void,
  ) {}

  observe(headers: Record<string, string>): void {
    const remaining = headerNumber(headers["x-ratelimit-remaining"]);
    let resetS = headerNumber(headers["x-ratelimit-reset"]);
    const limit = headerNumber(headers["x-ratelimit-limit"]);
    if (remaining === null || resetS === null) return;
    resetS = secondsToReset(resetS, this.now());
    const low = remaining <= pacedCalls(limit);
    if (!low) {
      this.spacingMs = 0;
      this.nextAt = 0;
      return;
    }
    this.spacingMs = (resetS * 1000) / (remaining + 1);
    this.nextAt = this.now() + this.spacingMs;
    this.resetAt = this.now() + resetS * 1000;
  }

  /** Waits for the request's turn; returns null, or (not waiting) how long that would be when it is more than `maxWaitMs`. */
  async beforeRequest(maxWaitMs: number): Promise<{ waitMs: number; resetMs: number } | null> {
    if (this.spacingMs <= 0) return null;
    const now = this.now();
    const at = Math.max(now, this.nextAt);
    const ms = Math.ceil(at - now);
    if (ms > maxWaitMs) return { waitMs: ms, resetMs: Math.max(0, this.resetAt - now) };
    this.nextAt = at + this.spacingMs; // reserve the slot for parallel callers
    if (ms > 0) {
      this.log(`rate limit nearly used up: pacing, next request in ${ms} ms`);
      await this.sleep(ms);
    }
    return null;
  }
}

function headerNumber(v: string | undefined): number | null {
  if (v === undefined || v.trim() === "") return null;
  const n = Number(v.split(",")[0]!.trim());
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
function parseRetryAfterMs(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Connection-level failures where the request certainly never reached the server. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

function describeNetworkError(err: unknown, timeoutMs: number): { text: string; notSent: boolean } {
  const e = err as { code?: string; message?: string } | null;
  const code = e?.code ?? "";
  const message = e?.message ?? String(err);
  if (code === "ECONNABORTED" || code === "ETIMEDOUT" || /timeout/i.test(message)) {
    return { text: `no answer within ${timeoutMs} ms (timeout)`, notSent: false };
  }
  if (NOT_SENT_CODES.has(code)) return { text: `cannot connect (${code})`, notSent: true };
  if (code === "ECONNRESET" || /socket hang up/i.test(message)) {
    return { text: "connection reset by the server (socket hang up)", notSent: false };
  }
  return { text: `network error${code ? ` ${code}` : ""}: ${message}`, notSent: false };
}

/** UTF-8, a leading byte-order mark dropped (as axios drops it from text), bad sequences replaced by U+FFFD. */
const utf8 = new TextDecoder("utf-8");

function bodyText(data: unknown): string {
  if (data === undefined || data === null) return "";
  if (typeof data === "string") return data;
  if (data instanceof Uint8Array || data instanceof ArrayBuffer) return utf8.decode(data);
  return String(data);
}
