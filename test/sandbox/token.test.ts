import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/visma/server.ts";
import { getToken, json, startSmallSandbox } from "./helpers.ts";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe("POST /connect/token", () => {
  it("issues a bearer token for the right client, secret and tenant", async () => {
    sandbox = await startSmallSandbox({ tokenLifetimeSeconds: 900 });
    const res = await getToken(sandbox);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.token_type).toBe("Bearer");
    expect(body.expires_in).toBe(900);
    expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(sandbox.stats.tokenRequests).toBe(1);

    const api = await fetch(`${sandbox.apiBaseUrl}/v1/customer`, {
      headers: { Authorization: `Bearer ${body.access_token}` },
    });
    expect(api.status).toBe(200);
    expect((await json(api)).map((c: { number: string }) => c.number)).toEqual(["10001", "10002"]);
  });

  it("accepts client credentials in an HTTP Basic header too", async () => {
    sandbox = await startSmallSandbox();
    const res = await fetch(sandbox.tokenUrl, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from("demo-client:demo-secret").toString("base64")}` },
      body: new URLSearchParams({ grant_type: "client_credentials", tenant_id: "demo-tenant" }),
    });
    expect(res.status).toBe(200);
  });

  it("refuses a wrong secret with an OAuth invalid_client error", async () => {
    sandbox = await startSmallSandbox();
    const res = await getToken(sandbox, { client_secret: "wrong" });
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual({ error: "invalid_client" });
  });

  it("refuses an unknown tenant and a missing tenant_id", async () => {
    sandbox = await startSmallSandbox();
    const wrongTenant = await getToken(sandbox, { tenant_id: "other-tenant" });
    expect(wrongTenant.status).toBe(400);
    expect((await json(wrongTenant)).error).toBe("invalid_grant");
    const noTenant = await fetch(sandbox.tokenUrl, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: "demo-client",
        client_secret: "demo-secret",
      }),
    });
    expect(noTenant.status).toBe(400);
    expect((await json(noTenant)).error).toBe("invalid_request");
  });

  it("refuses other grant types", async () => {
    sandbox = await startSmallSandbox();
    const res = await getToken(sandbox, { grant_type: "password" });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toBe("unsupported_grant_type");
  });

  it("uses custom credentials when configured", async () => {
    sandbox = await startSmallSandbox({
      credentials: { clientId: "isv_acme", clientSecret: "s3cret", tenantId: "t-1" },
    });
    expect((await getToken(sandbox)).status).toBe(401);
    const ok = await getToken(sandbox, { client_id: "isv_acme", client_secret: "s3cret", tenant_id: "t-1" });
    expect(ok.status).toBe(200);
  });
});

describe("bearer tokens on the API", () => {
  it("answers 401 in the IPPException shape without a token or with an unknown one", async () => {
    sandbox = await startSmallSandbox();
    const variants: Record<string, string>[] = [{}, { Authorization: "Bearer not-a-token" }];
    for (const headers of variants) {
      const res = await fetch(`${sandbox.apiBaseUrl}/v1/customerinvoice`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get("ipp-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      const body = await json(res);
      expect(body.ExceptionType).toBe("IPPException");
      expect(body.ExceptionMessage).toMatch(/token/i);
      expect(body.ExceptionDetails).toBe("");
    }
  });

  it("expires tokens after tokenLifetimeSeconds of real time", async () => {
    sandbox = await startSmallSandbox({ tokenLifetimeSeconds: 1 });
    const token = (await json(await getToken(sandbox))).access_token as string;
    const call = () =>
      fetch(`${sandbox!.apiBaseUrl}/v1/cashaccount`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await call()).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await call();
    expect(expired.status).toBe(401);
    expect((await json(expired)).ExceptionMessage).toMatch(/expired/);
    // A new token works again.
    const fresh = (await json(await getToken(sandbox))).access_token as string;
    const again = await fetch(`${sandbox.apiBaseUrl}/v1/cashaccount`, {
      headers: { Authorization: `Bearer ${fresh}` },
    });
    expect(again.status).toBe(200);
  });
});
