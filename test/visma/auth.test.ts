import { afterEach, describe, expect, it } from "vitest";
import { cacheLifetimeMs, TOKEN_SCOPE } from "../../src/visma/auth.ts";
import { createVismaClient } from "../../src/visma/client.ts";
import { VismaApiError } from "../../src/visma/errors.ts";
import { startFake, type FakeVisma } from "./fake-server.ts";
import { clientFor } from "./setup.ts";
import { testEnv, testTenant } from "./tenant.ts";

let fake: FakeVisma | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const ok = () => ({ status: 200, body: [] });

describe("token", () => {
  it("asks Visma Connect with client_credentials, tenant id and the three scopes, then sends the bearer", async () => {
    fake = await startFake({ api: ok });
    const { client } = clientFor(fake, { tenantId: "0d7f-tenant" });

    await client.listPaymentMethods();

    const form = new URLSearchParams(fake.tokenRequests[0]!.body);
    expect(fake.tokenRequests[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(form)).toEqual({
      grant_type: "client_credentials",
      client_id: "demo-client",
      client_secret: "demo-secret",
      tenant_id: "0d7f-tenant",
      scope: TOKEN_SCOPE,
    });
    expect(TOKEN_SCOPE).toBe(
      "vismanet_erp_service_api:read vismanet_erp_service_api:create vismanet_erp_service_api:update",
    );
    const headers = fake.requests[0]!.headers;
    expect(headers.authorization).toBe("Bearer token-1-abcdefgh");
    expect(headers.accept).toBe("application/json");
    expect(headers["user-agent"]).toMatch(/^visma-factoring\/\d+\.\d+\.\d+/);
    expect(headers["ipp-company-id"]).toBeUndefined();
  });

  it("sends ipp-company-id when the tenant names a company", async () => {
    fake = await startFake({ api: ok });
    const { client } = clientFor(fake, { companyId: "1234567" });

    await client.listCashAccounts();

    expect(fake.requests[0]!.headers["ipp-company-id"]).toBe("1234567");
  });

  it("reuses the token within its lifetime and fetches a new one when it expires (lifetime 1 s)", async () => {
    fake = await startFake({ api: ok, expiresIn: 1 });
    let now = 1_000_000;
    const { client } = clientFor(fake, {}, { now: () => now });

    await client.listCashAccounts();
    now += 500;
    await client.listCashAccounts();
    now += 450; // 950 ms: past 1 s minus the 10 % margin
    await client.listCashAccounts();

    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer token-1-abcdefgh",
      "Bearer token-1-abcdefgh",
      "Bearer token-2-abcdefgh",
    ]);
    expect(client.stats.tokenRequests).toBe(2);
  });

  it("keeps a token for its lifetime minus min(60 s, 10 %)", () => {
    expect(cacheLifetimeMs(3600)).toBe(3_540_000);
    expect(cacheLifetimeMs(300)).toBe(270_000);
    expect(cacheLifetimeMs(1)).toBe(900);
  });

  it("shares one token request between parallel calls", async () => {
    fake = await startFake({ api: ok });
    const { client } = clientFor(fake, { concurrency: 4 });

    await Promise.all([client.listCashAccounts(), client.listPaymentMethods(), client.listCashAccounts()]);

    expect(fake.tokenRequests).toHaveLength(1);
    expect(fake.requests).toHaveLength(3);
  });

  it("on 401 drops the token, fetches a new one and retries the request once", async () => {
    fake = await startFake({
      api: (req) =>
        req.headers.authorization === "Bearer token-1-abcdefgh"
          ? { status: 401, body: { message: "Token expired" } }
          : ok(),
    });
    const { client } = clientFor(fake);

    await client.listCashAccounts();

    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer token-1-abcdefgh",
      "Bearer token-2-abcdefgh",
    ]);
  });

  it("a second 401 is an error, not a loop", async () => {
    fake = await startFake({ api: () => ({ status: 401, body: { message: "Unauthorized" } }) });
    const { client } = clientFor(fake);

    const err = await client.listCashAccounts().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VismaApiError);
    expect((err as VismaApiError).status).toBe(401);
    expect(fake.requests).toHaveLength(2);
    expect(fake.tokenRequests).toHaveLength(2);
  });

  it("a rejected token request names the settings to check", async () => {
    fake = await startFake({
      api: ok,
      token: () => ({ status: 400, body: { error: "invalid_client" } }),
    });
    const { client } = clientFor(fake);

    await expect(client.listCashAccounts()).rejects.toThrow(
      "Visma.net 400 POST /connect/token: invalid_client Hint: check the client id and secret (the variables named by visma.clientIdEnv and visma.clientSecretEnv in tenants/test.yaml)",
    );
    expect(fake.tokenRequests).toHaveLength(1); // 4xx is not retried
    expect(fake.requests).toHaveLength(0);
  });

  it("names the missing environment variable and where to add it", () => {
    const tenant = testTenant({ apiBaseUrl: "http://127.0.0.1:9", tokenUrl: "http://127.0.0.1:9/connect/token" });
    const env = testEnv();
    delete env.TEST_VISMA_CLIENT_SECRET;

    expect(() => createVismaClient(tenant, env)).toThrow(
      "tenants/test.yaml visma.clientSecretEnv: environment variable TEST_VISMA_CLIENT_SECRET is not set (add it as a GitHub secret of the tenant's environment)",
    );
  });
});
