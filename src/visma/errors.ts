/**
 * Errors of the Visma.net client. Each carries one readable line: what was called, what
 * Visma.net answered and, where we know one, the fix. Secrets never reach these messages:
 * every text passes through a Redactor that knows the client secret and the live tokens.
 */

import type { DateTime } from "luxon";
import { FactoringError } from "../shared/errors.ts";

export { Redactor } from "../shared/redact.ts";

export interface VismaApiErrorDetails {
  status: number; // HTTP status; 0 when no response arrived
  method: string;
  path: string; // path only, never the query string
  requestId: string | null;
  detail: string; // the readable message taken from the body (or the network error)
  hint?: string;
  faultCode?: string | null;
}

/** Visma.net (or Visma Connect) answered with an error, or could not be reached after retries. */
export class VismaApiError extends FactoringError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly requestId: string | null;
  readonly detail: string;
  readonly faultCode: string | null;

  constructor(d: VismaApiErrorDetails) {
    super(formatApiError(d));
    this.status = d.status;
    this.method = d.method;
    this.path = d.path;
    this.requestId = d.requestId;
    this.detail = d.detail;
    this.faultCode = d.faultCode ?? null;
  }
}

/** An action (release) answered `actionResult: Failed`, possibly with HTTP 200. */
export class VismaActionFailedError extends VismaApiError {
  readonly actionId: string | null;

  constructor(d: VismaApiErrorDetails & { actionId: string | null }) {
    super(d);
    this.actionId = d.actionId;
  }
}

/**
 * Visma.net throttles (429) longer than this run may wait: the hourly budget of the company and
 * client is used up (reference §6). Nothing was done by the throttled request. The caller ends
 * its run cleanly and says until when; the next scheduled slot catches up.
 */
export class VismaThrottledError extends VismaApiError {
  /** How long Visma.net asked to wait (Retry-After), from when the answer came; null when it did not say. */
  readonly retryAfterMs: number | null;

  constructor(d: VismaApiErrorDetails & { retryAfterMs: number | null }) {
    super(d);
    this.retryAfterMs = d.retryAfterMs;
  }
}

/**
 * A non-idempotent call (create payment, release) may or may not have taken effect: the request
 * left this machine and no clear answer came back (timeout, reset connection, 5xx, missing
 * Location). Retrying could post twice, so the caller must look the payment up by its paymentRef.
 */
export class UncertainOutcomeError extends FactoringError {
  readonly method: string;
  readonly path: string;
  readonly reason: string;
  readonly status: number;
  readonly requestId: string | null;

  constructor(d: {
    method: string;
    path: string;
    reason: string;
    status?: number;
    requestId?: string | null;
    what?: string;
  }) {
    const rid = d.requestId ? ` (request ${d.requestId})` : "";
    const what = d.what ? d.what[0]!.toUpperCase() + d.what.slice(1) : "The request";
    super(
      `Visma.net ${d.method} ${d.path}${rid}: outcome unknown (${d.reason}). ` +
        `${what} may or may not have taken effect; look it up (by paymentRef) before trying again.`,
    );
    this.method = d.method;
    this.path = d.path;
    this.reason = d.reason;
    this.status = d.status ?? 0;
    this.requestId = d.requestId ?? null;
  }
}

/** A response body (or a single element of it) that does not have the shape the client needs. */
export class VismaResponseError extends FactoringError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`Visma.net ${method} ${path}: unexpected response: ${problem}`);
  }
}

/** Tenant configuration that prevents the client from starting (missing secret variable, ...). */
export class VismaConfigError extends FactoringError {}

/**
 * The run's line for a throttle: "throttled until 16:35; the next slot catches up", the time in
 * the tenant's zone counted from the run's clock (`now`, which --now sets).
 */
export function describeThrottle(
  throttle: Pick<VismaThrottledError, "retryAfterMs">,
  now: DateTime,
  zone: string,
): string {
  if (throttle.retryAfterMs === null) return "throttled by Visma.net (no Retry-After given); the next slot catches up";
  return `throttled until ${now.plus({ milliseconds: throttle.retryAfterMs }).setZone(zone).toFormat("HH:mm")}; the next slot catches up`;
}

function formatApiError(d: VismaApiErrorDetails): string {
  const where = d.status > 0 ? `${d.status} ${d.method} ${d.path}` : `${d.method} ${d.path}`;
  const rid = d.requestId ? ` (request ${d.requestId})` : "";
  const hint = d.hint ? ` Hint: ${d.hint}` : "";
  return `Visma.net ${where}${rid}: ${d.detail}${hint}`;
}

export interface ParsedErrorBody {
  message: string;
  faultCode: string | null;
  /** The "VismaId: …" prefix of `message` bodies, usable as a request id for support. */
  vismaId: string | null;
}

const MAX_DETAIL = 500;

/**
 * One readable message from an error body. Shapes seen (reference §7): the IPP exception
 * (`ExceptionMessage`, `ExceptionFaultCode`), `{"message": "VismaId: …. text"}`, OAuth errors from
 * Visma Connect (`error`, `error_description`), plain text / HTML, or nothing at all.
 */
export function parseErrorBody(body: string, status: number): ParsedErrorBody {
  const text = body.trim();
  if (text === "") return { message: `empty response body (HTTP ${status})`, faultCode: null, vismaId: null };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (json && typeof json === "object" && !Array.isArray(json)) {
    const o = json as Record<string, unknown>;
    const str = (k: string) =>
      typeof o[k] === "string" && (o[k] as string).trim() !== "" ? (o[k] as string).trim() : null;
    const fault = typeof o.ExceptionFaultCode === "number" ? String(o.ExceptionFaultCode) : str("ExceptionFaultCode");
    const exception = str("ExceptionMessage");
    if (exception) {
      return {
        message: clip(fault ? `${exception} (fault code ${fault})` : exception),
        faultCode: fault,
        vismaId: null,
      };
    }
    const message = str("message") ?? str("Message");
    if (message) {
      const m = /^VismaId:\s*([0-9A-Za-z-]+)\.\s*/.exec(message);
      return { message: clip(m ? message.slice(m[0].length) : message), faultCode: fault, vismaId: m?.[1] ?? null };
    }
    const oauth = str("error");
    if (oauth) {
      const desc = str("error_description");
      return { message: clip(desc ? `${oauth}: ${desc}` : oauth), faultCode: null, vismaId: null };
    }
    return { message: clip(`unrecognised error body ${text}`), faultCode: fault, vismaId: null };
  }
  if (typeof json === "string" && json.trim() !== "")
    return { message: clip(json.trim()), faultCode: null, vismaId: null };
  // Plain text or an HTML error page from a gateway: keep the words, drop the markup.
  const plain = text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return { message: clip(plain || `HTTP ${status}`), faultCode: null, vismaId: null };
}

function clip(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}
