// The sandbox switches the doctor's tests use: granted scopes, the Date header, method counts, setup changes.
import { afterEach, describe, expect, it } from "vitest";
import { ALL_SCOPES, type Sandbox } from "../../src/sandbox/visma/server.ts";
import { apiClient, getToken, json, NOW, startSmallSandbox } from "./helpers.ts";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const payment = {
  type: { value: "Payment" },
  customer: { value: "10001" },
  applicationDate: { value: "2026-11-27" },
  paymentRef: { value: "VF-1" },
  paymentMethod: { value: "FACTORING" },
  cashAccount: { value: "1510" },
  currency: { value: "NOK" },
  paymentAmount: { value: 0 },
  paymentLines: [],
};

describe("granted scopes", () => {
  it("narrows the token to what the application holds, names them in `scope`, and refuses writes without :create with 403", async () => {
    sandbox = await startSmallSandbox({ grantedScopes: [ALL_SCOPES[0]!] });
    const token = await json(await getToken(sandbox));
    expect(token.scope).toBe("vismanet_erp_service_api:read");
    const api = await apiClient(sandbox);
    expect((await api("/v1/cashaccount")).status).toBe(200);
    const post = await api("/v1/customerPayment", { method: "POST", body: payment });
    expect(post.status).toBe(403);
    expect((await json(post)).message).toMatch(
      /needs vismanet_erp_service_api:create, the token carries vismanet_erp_service_api:read/,
    );
    expect(sandbox.store.listPayments()).toEqual([]);
    const release = await api("/v1/customerPayment/000001/action/release", {
      method: "POST",
      body: { type: { value: "Payment" } },
    });
    expect((await json(release)).message).toMatch(/needs vismanet_erp_service_api:update/);
  });

  it("or refuses the token request outright with invalid_scope", async () => {
    sandbox = await startSmallSandbox({ grantedScopes: [ALL_SCOPES[0]!], scopeRefusal: "invalid_scope" });
    const res = await getToken(sandbox);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: "invalid_scope" });
    expect((await getToken(sandbox, { scope: "vismanet_erp_service_api:read" })).status).toBe(200);
  });
});

describe("what a read-only client can be checked by", () => {
  it("Date follows the business clock; requests are counted per method", async () => {
    sandbox = await startSmallSandbox();
    const api = await apiClient(sandbox);
    const res = await api("/v1/paymentmethod");
    expect(res.headers.get("date")).toBe(NOW.toHTTP());
    await api("/v1/customerPayment", { method: "POST", body: payment });
    expect(sandbox.stats.byMethod).toEqual({ GET: 1, POST: 1 });
  });

  it("an inactive payment method is refused on a payment; a removed cash account is gone", async () => {
    sandbox = await startSmallSandbox();
    sandbox.store.updatePaymentMethod("FACTORING", { active: false });
    const api = await apiClient(sandbox);
    expect(
      (await json(await api("/v1/paymentmethod"))).find(
        (m: { paymentMethodID: string }) => m.paymentMethodID === "FACTORING",
      ).active,
    ).toBe(false);
    const post = await api("/v1/customerPayment", { method: "POST", body: payment });
    expect(post.status).toBe(400);
    expect((await json(post)).message).toMatch(/Payment method 'FACTORING' is inactive/);
    expect(sandbox.store.removeCashAccount("1510")).toBe(true);
    const accounts = await json(await api("/v1/cashaccount"));
    expect(accounts.length).toBeGreaterThan(0);
    expect(accounts.some((a: { number: string }) => a.number === "1510")).toBe(false);
  });
});
