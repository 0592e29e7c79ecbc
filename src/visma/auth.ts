/**
 * Visma Connect client_credentials tokens (reference §2). A token is cached until shortly before
 * its own `expires_in` (never an assumed 3600 s: lifetimes are set per application in the
 * Developer Portal) and dropped when the API answers 401.
 */

/** ASSUMPTION(A52): reading needs :read, creating a payment :create, releasing it :update. */
export const TOKEN_SCOPE =
  "vismanet_erp_service_api:read vismanet_erp_service_api:create vismanet_erp_service_api:update";

export interface Credentials {
  clientId: string;
  clientSecret: string;
  tenantId: string;
  /** The scopes asked for; default TOKEN_SCOPE (the doctor asks for one at a time to name a refused one). */
  scope?: string;
}

export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
  /** The scopes the response says were granted (`scope`, space-separated); null when it names none. */
  scope: string | null;
}

/** The form body of the token request. */
export function tokenRequestForm(c: Credentials): string {
  return new URLSearchParams({
    grant_type: "client_credentials",
    client_id: c.clientId,
    client_secret: c.clientSecret,
    tenant_id: c.tenantId,
    scope: c.scope ?? TOKEN_SCOPE,
  }).toString();
}

// ASSUMPTION(A6): a token response without expires_in is rare; keep such a token for a short,
// conservative time (a 401 would refresh it anyway) rather than guessing the usual hour.
const FALLBACK_LIFETIME_S = 300;

/** Reads `access_token` and `expires_in`; throws a readable error naming the missing field. */
export function parseTokenResponse(body: string): IssuedToken {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error("token response is not JSON");
  }
  if (!json || typeof json !== "object") throw new Error("token response is not a JSON object");
  const o = json as Record<string, unknown>;
  if (typeof o.access_token !== "string" || o.access_token === "") {
    throw new Error("token response has no access_token");
  }
  const raw = o.expires_in;
  const expires = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  if (raw !== undefined && raw !== null && (!Number.isFinite(expires) || expires <= 0)) {
    throw new Error(`token response has an unusable expires_in: ${JSON.stringify(raw)}`);
  }
  // ASSUMPTION(A53): OAuth 2.0 (RFC 6749 §5.1) sends `scope` when it differs from the request;
  // without it, a JWT access token (as Visma Connect issues) names its scopes in the `scope` claim.
  const scope = scopeText(o.scope) ?? scopeText(jwtClaims(o.access_token)?.scope);
  return {
    accessToken: o.access_token,
    expiresInSeconds: Number.isFinite(expires) ? expires : FALLBACK_LIFETIME_S,
    scope,
  };
}

/** A scope claim as space-separated text: a string, or a list of strings (both forms are in use). */
function scopeText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.filter((s) => typeof s === "string").join(" ");
  return null;
}

/** The payload of a JWT, unverified (only to read what it says about itself), or null when it is not one. */
function jwtClaims(token: string): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
    return claims && typeof claims === "object" && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** How long to keep a token: its lifetime minus min(60 s, 10 % of the lifetime). */
export function cacheLifetimeMs(expiresInSeconds: number): number {
  const margin = Math.min(60, expiresInSeconds * 0.1);
  return Math.max(0, (expiresInSeconds - margin) * 1000);
}

export interface TokenSource {
  get(): Promise<string>;
  /** The API refused `token` (401): forget it so the next get() fetches a new one. */
  invalidate(token: string): void;
}

export class TokenProvider implements TokenSource {
  private token: string | null = null;
  private validUntil = 0;
  private inFlight: Promise<string> | null = null;

  constructor(
    private readonly fetchToken: () => Promise<IssuedToken>,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<string> {
    if (this.token && this.now() < this.validUntil) return Promise.resolve(this.token);
    // Parallel requests share one token request instead of each asking for its own.
    this.inFlight ??= this.fetchToken()
      .then((t) => {
        this.token = t.accessToken;
        this.validUntil = this.now() + cacheLifetimeMs(t.expiresInSeconds);
        return t.accessToken;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  invalidate(token: string): void {
    if (this.token === token) {
      this.token = null;
      this.validUntil = 0;
    }
  }
}
