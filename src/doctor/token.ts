/**
 * Visma Connect: was a token issued, for how long, and with the scopes the runs need? The transfer
 * only reads; the closing creates payments and refunds (:create) and releases them (:update, or
 * :create: ASSUMPTION(A52), which one Visma.net asks for release is not published, so both are
 * needed). A token refused with invalid_scope (ASSUMPTION(A53)) is probed one scope at a time.
 */
import type { Tenant } from "../config/schema.ts";
import type { Catalogue } from "../report/messages/index.ts";
import { fail, pass, unknown, type Check } from "./types.ts";
import { SCOPES, scopeName, type Scope, type VismaFacts } from "./visma-facts.ts";

export function tokenChecks(facts: Pick<VismaFacts, "token" | "scopeProbe">, tenant: Tenant, t: Catalogue): Check[] {
  const d = t.doctor;
  const needed: Scope[] = tenant.closing.enabled ? [...SCOPES] : ["read"];
  const token = facts.token;
  if (!token.ok) {
    const line = fail(d.name.token, token.error);
    if (!facts.scopeProbe) return [line, unknown(d.name.scopes, d.scopesWithoutToken)];
    const granted = SCOPES.filter((s) => facts.scopeProbe![s]);
    return [line, scopeCheck(granted, needed, d.scopesProbed, t)];
  }
  const { expiresInSeconds, scope } = token.value;
  const checks = [
    pass(
      d.name.token,
      d.tokenObtained({ url: tenant.visma.tokenUrl, tenantId: tenant.visma.tenantId, seconds: expiresInSeconds }),
    ),
  ];
  if (scope === null) {
    checks.push(unknown(d.name.scopes, d.scopesNotNamed));
    return checks;
  }
  const words = scope.split(/\s+/).filter(Boolean);
  const granted = SCOPES.filter((s) => words.includes(scopeName(s)));
  checks.push(scopeCheck(granted, needed, d.scopesGranted, t));
  return checks;
}

function scopeCheck(granted: Scope[], needed: Scope[], verb: string, t: Catalogue): Check {
  const d = t.doctor;
  const missing = needed.filter((s) => !granted.includes(s));
  if (missing.length === 0) return pass(d.name.scopes, d.scopesOk({ verb, granted, readOnly: needed.length === 1 }));
  return fail(
    d.name.scopes,
    d.scopesMissing({
      verb,
      granted,
      missing: missing.map((scope) => ({ scope, why: d.scopeWhy[scope] })),
      grant: missing.map(scopeName).join(" "),
    }),
  );
}
