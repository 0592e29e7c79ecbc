/** Shared set-up for the sandbox tests: a small company, a token, and a fetch wrapper. */
import { DateTime } from "luxon";
import { startVismaSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/visma/server.ts";
import { CASH_ACCOUNTS, PAYMENT_METHODS } from "../../src/sandbox/visma/seed.ts";

export const ZONE = "Europe/Oslo";
export const NOW = DateTime.fromISO("2026-11-27T15:45:00", { zone: ZONE });
export const fixedClock =
  (at: DateTime = NOW) =>
  () =>
    at;

/** Sandbox with payment methods, cash accounts and two customers (10001 FACTORING, 10002 BANK). */
export async function startSmallSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startVismaSandbox({
    clock: fixedClock(),
    data: {
      customers: [],
      invoices: [],
      creditNotes: [],
      paymentMethods: PAYMENT_METHODS,
      cashAccounts: CASH_ACCOUNTS,
    },
    ...options,
  });
  if (!options.data) {
    sandbox.store.createCustomer({
      number: "10001",
      name: "Ærlig Rørlegger AS",
      corporateId: "905992678",
      defaultPaymentMethodId: "FACTORING",
      paymentMethodIds: ["FACTORING", "BANK"],
    });
    sandbox.store.createCustomer({
      number: "10002",
      name: "Østfold Bølgeblikk AS",
      defaultPaymentMethodId: "BANK",
      paymentMethodIds: ["BANK"],
    });
  }
  return sandbox;
}

export async function getToken(sandbox: Sandbox, overrides: Record<string, string> = {}): Promise<Response> {
  return fetch(sandbox.tokenUrl, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: "demo-client",
      client_secret: "demo-secret",
      tenant_id: "demo-tenant",
      scope: "vismanet_erp_service_api:read vismanet_erp_service_api:create vismanet_erp_service_api:update",
      ...overrides,
    }),
  });
}

export async function accessToken(sandbox: Sandbox): Promise<string> {
  const res = await getToken(sandbox);
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** An authenticated API caller: api("/v1/customerinvoice?...") or api(path, {method, body}). */
export async function apiClient(sandbox: Sandbox) {
  const token = await accessToken(sandbox);
  return (path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> =>
    fetch(`${sandbox.apiBaseUrl}${path}`, {
      method: init.method ?? "GET",
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json", "Content-Type": "application/json" },
      body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
    });
}

/** Parsed JSON bodies in tests: loosely typed on purpose, assertions check the values. */
export type Json = any;

export async function json(res: Response): Promise<Json> {
  return res.json();
}
