/**
 * Which cash account a closing payment or refund goes to. ASSUMPTION(A20): Visma.net gives a payment the currency
 * of its cash account and refuses one whose currency differs from the document's, so a tenant
 * whose factor takes EUR too names a EUR account in `closing.cashAccounts`; every other currency
 * falls back to `closing.cashAccount`.
 */
import type { TenantSettings } from "./schema.ts";

export function cashAccountFor(
  closing: Pick<TenantSettings["closing"], "cashAccount" | "cashAccounts">,
  currency: string,
): string {
  return closing.cashAccounts?.[currency] ?? closing.cashAccount;
}
