/**
 * Visma Connect: was a token issued, for how long, and with the scopes the runs need? The transfer
 * only reads; the closing creates payments and refunds (:create) and releases them (:update, or
 * :create: ASSUMPTION(A52), which one Visma.net asks for release is not published, so both are
 * needed). A token refused with invalid_scope (ASSUMPTION(A53)) is probed one scope at a time.
 */
import type { Tenant } from "../config/schema.ts";
import { fail, pass, unknown, type Check } from "./types.ts";
import { SCOPES, scopeName, type Scope, type VismaFacts } from "./visma-facts.ts";

const WHY: Record<Scope, string> = {
  read: "every run reads documents, customers and payments",
  create: "the closing creates payments and refunds",
  update: "the closing releases them",
};

export function tokenChecks(facts: Pick<VismaFacts, "token" | "scopeProbe">, tenant: Tenant): Check[] {
  const needed: Scope[] = tenant.closing.enabled ? [...SCOPES] : ["read"];
  const token = facts.token;
  if (!token.ok) {
    const line = fail("token", token.error);
    if (!facts.scopeProbe) return [line, unknown("scopes", "not known without a token")];
    const granted = SCOPES.filter((s) => facts.scopeProbe![s]);
    return [line, scopeCheck(granted, needed, "asked for one at a time, Visma Connect grants")];
  }
  const { expiresInSeconds, scope } = token.value;
  const lifetime = `expires_in ${expiresInSeconds} s${expiresInSeconds >= 3600 ? ` (${+(expiresInSeconds / 3600).toFixed(1)} h)` : ""}`;
  const checks = [
    pass("token", `obtained from ${tenant.visma.tokenUrl} for tenant ${tenant.visma.tenantId}, ${lifetime}`),
  ];
  if (scope === null) {
    checks.push(
      unknown(
        "scopes",
        "the token response names no scope (nor does the token as a JWT); the closing's first payment shows whether create and update were granted",
      ),
    );
    return checks;
  }
  const words = scope.split(/\s+/).filter(Boolean);
  const granted = SCOPES.filter((s) => words.includes(scopeName(s)));
  checks.push(scopeCheck(granted, needed, "granted"));
  return checks;
}

function scopeCheck(granted: Scope[], needed: Scope[], verb: string): Check {
  const missing = needed.filter((s) => !granted.includes(s));
  const has = `${verb} ${granted.join(", ") || "none"}`;
  if (missing.length === 0) {
    const uses =
      needed.length === 1
        ? "the transfer reads only (closing.enabled is false)"
        : "the transfer reads, the closing creates and releases payments";
    return pass("scopes", `${has}; ${uses}`);
  }
  const lacking = missing.map((s) => `${s} (${WHY[s]})`).join(", ");
  return fail(
    "scopes",
    `${has}; missing ${lacking}: grant ${missing.map(scopeName).join(" ")} to the application in the Visma Developer Portal and have the tenant's administrator approve it again`,
  );
}
