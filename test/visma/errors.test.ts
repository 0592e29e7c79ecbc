import { afterEach, describe, expect, it } from "vitest";
import { parseErrorBody, UncertainOutcomeError, VismaApiError } from "../../src/visma/errors.ts";
import { startFake, type FakeVisma } from "./fake-server.ts";
import { clientFor } from "./setup.ts";
import { testEnv } from "./tenant.ts";

let fake: FakeVisma | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("error messages", () => {
  it("IPP exception with fault code 12027 gets a tenant-id hint", async () => {
    fake = await startFake({
      api: () => ({
        status: 403,
        headers: { "Request-Context": "appId=cid-v1:42" },
        body: {
          ExceptionType: "IPPException",
          ExceptionMessage: "No license for this company.",
          ExceptionFaultCode: "12027",
          ExceptionMessageID: "12027_6e2a06a8",
          ExceptionDetails: "",
        },
      }),
    });
    const { client } = clientFor(fake);

    const err = (await client.listCashAccounts().catch((e: unknown) => e)) as VismaApiError;

    expect(err).toBeInstanceOf(VismaApiError);
    expect(err.status).toBe(403);
    expect(err.method).toBe("GET");
    expect(err.path).toBe("/v1/cashaccount");
    expect(err.requestId).toBe("appId=cid-v1:42");
    expect(err.faultCode).toBe("12027");
    expect(err.message).toBe(
      "Visma.net 403 GET /v1/cashaccount (request appId=cid-v1:42): No license for this company. (fault code 12027) " +
        'Hint: check visma.tenantId in tenants/test.yaml: it must be the end customer\'s tenant id ("Customer TenantID", shown at the top right of the Visma App Store after the customer approved the app)',
    );
  });

  it("keeps the query string out of the error's path", async () => {
    fake = await startFake({ api: () => ({ status: 404, body: "" }) });
    const { client } = clientFor(fake);

    const err = (await client.listInvoices({ customer: "10000" }).catch((e: unknown) => e)) as VismaApiError;

    expect(err.path).toBe("/v1/customerinvoice");
    expect(err.message).toBe("Visma.net 404 GET /v1/customerinvoice: empty response body (HTTP 404)");
  });

  it("reads every body shape into one line", () => {
    expect(parseErrorBody('{"message":"VismaId: 6c6eb585-aa. Error creating payment."}', 400)).toEqual({
      message: "Error creating payment.",
      faultCode: null,
      vismaId: "6c6eb585-aa",
    });
    expect(parseErrorBody('{"ExceptionMessage":"Boom","ExceptionFaultCode":12001}', 500).message).toBe(
      "Boom (fault code 12001)",
    );
    expect(parseErrorBody("Bad Gateway", 502).message).toBe("Bad Gateway");
    expect(parseErrorBody("<html><body><h1>503</h1> Service   Unavailable</body></html>", 503).message).toBe(
      "503 Service Unavailable",
    );
    expect(parseErrorBody("", 500).message).toBe("empty response body (HTTP 500)");
    expect(parseErrorBody('{"error":"invalid_grant","error_description":"tenant not approved"}', 400).message).toBe(
      "invalid_grant: tenant not approved",
    );
    expect(parseErrorBody('{"foo":1}', 400).message).toBe('unrecognised error body {"foo":1}');
  });
});

describe("secrets", () => {
  const SECRET = "s3cr3t-CLIENT-value-9f8e7d";

  it("never shows the client secret or a token in errors or logs, even when the server echoes them", async () => {
    fake = await startFake({
      token: (req) => ({
        status: 401,
        body: { error: "invalid_client", error_description: `bad credentials in ${req.body}` },
      }),
      api: () => ({ status: 200, body: [] }),
    });
    const { client, logs } = clientFor(fake, {}, {}, testEnv("demo-client", SECRET));

    const tokenErr = (await client.listCashAccounts().catch((e: unknown) => e)) as Error;
    expect(tokenErr).toBeInstanceOf(VismaApiError);
    expect(tokenErr.message).toContain("bad credentials in");
    await fake.close();

    // API errors echoing the Authorization header, then a 5xx and a failed create.
    fake = await startFake({
      api: (req) => ({
        status: req.method === "POST" ? 500 : 400,
        body: { message: `you sent ${req.headers.authorization} with ${SECRET}` },
      }),
    });
    const second = clientFor(fake, {}, { maxAttempts: 2 }, testEnv("demo-client", SECRET));
    const apiErr = (await second.client.listCashAccounts().catch((e: unknown) => e)) as Error;
    const createErr = (await second.client
      .createPayment({
        type: "Payment",
        customerNumber: "1",
        applicationDate: "2025-03-01",
        paymentRef: "R1",
        paymentMethodId: null,
        cashAccount: "1510",
        currency: "NOK",
        amountOre: 100,
        description: "x",
        lines: [],
      })
      .catch((e: unknown) => e)) as Error;

    expect(apiErr.message).toContain("you sent Bearer ***");
    expect(createErr).toBeInstanceOf(UncertainOutcomeError);
    const token = fake.requests[0]!.headers.authorization!.replace("Bearer ", "");
    for (const text of [
      tokenErr.message,
      apiErr.message,
      createErr.message,
      JSON.stringify(tokenErr),
      JSON.stringify(apiErr),
      ...logs,
      ...second.logs,
    ]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(token);
    }
  });
});
