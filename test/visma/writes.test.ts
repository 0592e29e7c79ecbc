import { afterEach, describe, expect, it } from "vitest";
import { UncertainOutcomeError, VismaActionFailedError, VismaApiError } from "../../src/visma/errors.ts";
import type { NewPayment } from "../../src/visma/types.ts";
import { startFake, type FakeVisma, type Reply } from "./fake-server.ts";
import { clientFor } from "./setup.ts";

let fake: FakeVisma | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const payment: NewPayment = {
  type: "Payment",
  customerNumber: "10002",
  applicationDate: "2025-03-01",
  paymentRef: "FACT-2025-0301-17",
  paymentMethodId: "FACTORING",
  cashAccount: "1510",
  currency: "NOK",
  amountOre: 112500,
  description: "Factoring settlement 17",
  lines: [
    { documentType: "Invoice", refNbr: "000224", amountPaidOre: 125000 },
    { documentType: "CreditNote", refNbr: "000225", amountPaidOre: 12500 },
  ],
};

const created = (ref: string): Reply => ({
  status: 201,
  headers: { Location: `https://api.finance.visma.net/v1/customerPayment/${ref}` },
});

describe("createPayment", () => {
  it("posts the value-wrapped PaymentUpdateDto and returns the number from Location", async () => {
    fake = await startFake({ api: () => created("000317") });
    const { client } = clientFor(fake);

    const ref = await client.createPayment(payment);

    expect(ref).toBe("000317");
    const req = fake.requests[0]!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/v1/customerPayment");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req.body)).toEqual({
      type: { value: "Payment" },
      hold: { value: false },
      applicationDate: { value: "2025-03-01T00:00:00" },
      paymentRef: { value: "FACT-2025-0301-17" },
      customer: { value: "10002" },
      paymentMethod: { value: "FACTORING" },
      cashAccount: { value: "1510" },
      currency: { value: "NOK" },
      paymentAmount: { value: 1125 },
      invoiceText: { value: "Factoring settlement 17" },
      paymentLines: [
        {
          operation: "Insert",
          documentType: { value: "Invoice" },
          refNbr: { value: "000224" },
          amountPaid: { value: 1250 },
        },
        {
          operation: "Insert",
          documentType: { value: "CreditNote" },
          refNbr: { value: "000225" },
          amountPaid: { value: 125 },
        },
      ],
    });
    // Exact decimal text on the wire, no float artefacts.
    expect(req.body).toContain('"paymentAmount":{"value":1125}');
  });

  it("sends øre amounts exactly (0.10 + 0.20 style values)", async () => {
    fake = await startFake({ api: () => created("000318") });
    const { client } = clientFor(fake);

    await client.createPayment({
      ...payment,
      amountOre: 30,
      lines: [{ documentType: "Invoice", refNbr: "1", amountPaidOre: 30 }],
    });

    expect(fake.requests[0]!.body).toContain('"paymentAmount":{"value":0.3}');
    expect(fake.requests[0]!.body).toContain('"amountPaid":{"value":0.3}');
  });

  it("a create that times out is an UncertainOutcomeError and is not sent again", async () => {
    fake = await startFake({ api: () => ({ hang: true }) });
    const { client } = clientFor(fake, {}, { timeoutMs: 200 });

    const err = await client.createPayment(payment).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(UncertainOutcomeError);
    expect((err as Error).message).toBe(
      'Visma.net POST /v1/customerPayment: outcome unknown (no answer within 200 ms (timeout)). The payment with paymentRef "FACT-2025-0301-17" may or may not have taken effect; look it up (by paymentRef) before trying again.',
    );
    expect(fake.requests).toHaveLength(1);
  });

  it("a 5xx or reset on create is uncertain too", async () => {
    fake = await startFake({ api: () => ({ status: 502, body: "Bad Gateway" }) });
    const { client } = clientFor(fake);
    await expect(client.createPayment(payment)).rejects.toBeInstanceOf(UncertainOutcomeError);
    expect(fake.requests).toHaveLength(1);
    await fake.close();

    fake = await startFake({ api: () => ({ reset: true }) });
    const second = clientFor(fake);
    await expect(second.client.createPayment(payment)).rejects.toThrow(/outcome unknown \(connection reset/);
    expect(fake.requests).toHaveLength(1);
  });

  it("a 429 on create was not processed: it is retried after Retry-After", async () => {
    let n = 0;
    fake = await startFake({
      api: () => (n++ === 0 ? { status: 429, headers: { "Retry-After": "2" } } : created("000319")),
    });
    const { client, waits } = clientFor(fake);

    expect(await client.createPayment(payment)).toBe("000319");
    expect(fake.requests).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(2000);
  });

  it("a refused connection is retried (nothing reached the server) and ends as a plain error", async () => {
    const closed = await startFake({ api: () => created("1") });
    const closedBase = closed.apiBaseUrl;
    await closed.close();
    fake = await startFake({ api: () => created("1") }); // serves the token only
    const { client, waits } = clientFor(fake, { apiBaseUrl: closedBase }, { maxAttempts: 3 });

    const err = await client.createPayment(payment).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VismaApiError);
    expect((err as Error).message).toMatch(
      /POST \/v1\/customerPayment: cannot connect \(ECONNREFUSED\); gave up after 3 attempts/,
    );
    expect(waits).toHaveLength(2);
  });

  it("a 201 without Location is uncertain: the caller must look the payment up", async () => {
    fake = await startFake({ api: () => ({ status: 201 }) });
    const { client } = clientFor(fake);

    await expect(client.createPayment(payment)).rejects.toThrow(/HTTP 201 without a usable Location header/);
  });

  it("a 400 is a plain error with Visma.net's message", async () => {
    fake = await startFake({
      api: () => ({
        status: 400,
        headers: { "Ipp-Request-Id": "1a2b3c" },
        body: {
          message:
            "VismaId: 6c6eb585-11. Error creating payment. Error: AdjdRefNbr '000225' cannot be found in the system.",
        },
      }),
    });
    const { client } = clientFor(fake);

    await expect(client.createPayment(payment)).rejects.toThrow(
      "Visma.net 400 POST /v1/customerPayment (request 1a2b3c): Error creating payment. Error: AdjdRefNbr '000225' cannot be found in the system.",
    );
  });

  it("rejects a description longer than 50 characters before sending", async () => {
    fake = await startFake({ api: () => created("1") });
    const { client } = clientFor(fake);

    await expect(client.createPayment({ ...payment, description: "x".repeat(51) })).rejects.toThrow(/at most 50/);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("releasePayment", () => {
  it("posts the wrapped type and accepts Done", async () => {
    fake = await startFake({
      api: () => ({ status: 200, body: { actionId: "a-1", actionResult: "Done", errorInfo: null } }),
    });
    const { client } = clientFor(fake);

    await client.releasePayment("000317", "Refund");

    expect(fake.requests[0]!.path).toBe("/v1/customerPayment/000317/action/release");
    expect(JSON.parse(fake.requests[0]!.body)).toEqual({ type: { value: "Refund" } });
  });

  it("actionResult Failed with HTTP 200 is an error carrying errorInfo", async () => {
    fake = await startFake({
      api: () => ({
        status: 200,
        body: { actionId: "a-2", actionResult: "Failed", errorInfo: "Document is out of balance." },
      }),
    });
    const { client } = clientFor(fake);

    const err = await client.releasePayment("000317", "Payment").catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VismaActionFailedError);
    expect((err as VismaActionFailedError).actionId).toBe("a-2");
    expect((err as Error).message).toBe(
      "Visma.net 200 POST /v1/customerPayment/000317/action/release: release of payment 000317 failed: Document is out of balance.",
    );
  });

  it("a release that times out is uncertain and not repeated", async () => {
    fake = await startFake({ api: () => ({ hang: true }) });
    const { client } = clientFor(fake, {}, { timeoutMs: 150 });

    await expect(client.releasePayment("000317", "Payment")).rejects.toBeInstanceOf(UncertainOutcomeError);
    expect(fake.requests).toHaveLength(1);
  });
});
