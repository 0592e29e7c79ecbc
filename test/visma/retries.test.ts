import { afterEach, describe, expect, it } from "vitest";
import { VismaApiError, VismaThrottledError } from "../../src/visma/errors.ts";
import { startFake, type FakeVisma, type Reply } from "./fake-server.ts";
import { clientFor } from "./setup.ts";

let fake: FakeVisma | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** Answers the scripted replies in order, then 200 []. */
function script(...replies: Reply[]) {
  let i = 0;
  return () => replies[i++] ?? { status: 200, body: [] };
}

describe("retries", () => {
  it("waits at least Retry-After on 429, then succeeds", async () => {
    fake = await startFake({
      api: script({ status: 429, headers: { "Retry-After": "7" }, body: { message: "Rate limit is exceeded." } }),
    });
    const { client, waits } = clientFor(fake);

    await client.listCashAccounts();

    expect(fake.requests).toHaveLength(2);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(7000);
    expect(client.stats).toMatchObject({ requests: 2, throttled: 1, retries: 1 });
  });

  it("honours a real Retry-After of 1 s with the client's own sleep", async () => {
    fake = await startFake({ api: script({ status: 429, headers: { "Retry-After": "1" } }) });
    // sleep: undefined replaces the recording sleep of clientFor, so the client's default one runs.
    const { client, waits } = clientFor(fake, {}, { sleep: undefined });

    const started = Date.now();
    await client.listCashAccounts();

    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(waits).toEqual([]);
    expect(fake.requests).toHaveLength(2);
  });

  it("retries 5xx with growing pauses, then surfaces a readable error", async () => {
    fake = await startFake({
      api: () => ({ status: 503, headers: { "Ipp-Request-Id": "req-77" }, body: "Service Unavailable" }),
    });
    const { client, waits } = clientFor(
      fake,
      {},
      { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 10_000, random: () => 0.999 },
    );

    const err = await client.listCashAccounts().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VismaApiError);
    expect((err as Error).message).toBe(
      "Visma.net 503 GET /v1/cashaccount (request req-77): Service Unavailable (gave up after 4 attempts)",
    );
    expect(fake.requests).toHaveLength(4);
    expect(waits).toHaveLength(3);
    expect(waits.every((w) => w >= 100)).toBe(true);
    expect(waits[2]!).toBeGreaterThan(waits[0]!);
  });

  it("never pauses for zero: backoff applies even with the smallest jitter", async () => {
    fake = await startFake({ api: script({ status: 500 }, { status: 502 }) });
    const { client, waits } = clientFor(fake, {}, { baseDelayMs: 250, random: () => 0 });

    await client.listCashAccounts();

    expect(waits).toEqual([250, 250]);
  });

  it("never retries a 400", async () => {
    fake = await startFake({
      api: () => ({ status: 400, body: { message: "VismaId: 6c6eb585-aa. Invalid filter." } }),
    });
    const { client, waits } = clientFor(fake);

    await expect(client.listCashAccounts()).rejects.toThrow(
      "Visma.net 400 GET /v1/cashaccount (request 6c6eb585-aa): Invalid filter.",
    );
    expect(fake.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("retries a GET after a reset connection", async () => {
    fake = await startFake({ api: script({ reset: true }) });
    const { client, waits } = clientFor(fake);

    await client.listCashAccounts();

    expect(fake.requests).toHaveLength(2);
    expect(waits).toHaveLength(1);
  });

  it("retries a GET that times out, then gives up with the timeout named", async () => {
    fake = await startFake({ api: () => ({ hang: true }) });
    const { client } = clientFor(fake, {}, { timeoutMs: 150, maxAttempts: 2 });

    await expect(client.listCashAccounts()).rejects.toThrow(
      "Visma.net GET /v1/cashaccount: no answer within 150 ms (timeout); gave up after 2 attempts",
    );
    expect(fake.requests).toHaveLength(2);
  });

  it("spreads the remaining requests over the reset time when the rate limit runs low", async () => {
    const low = { "X-RateLimit-Limit": "1000", "X-RateLimit-Remaining": "2", "X-RateLimit-Reset": "30" };
    fake = await startFake({ api: () => ({ status: 200, headers: low, body: [] }) });
    const now = 5_000_000;
    const { client, waits } = clientFor(fake, {}, { now: () => now });

    await client.listCashAccounts(); // learns: 2 left for 30 s
    await client.listCashAccounts();

    expect(waits).toEqual([10_000]); // 30 s / (2 + 1)
  });

  it("does not pace while plenty of the limit is left", async () => {
    const plenty = { "X-RateLimit-Limit": "1000", "X-RateLimit-Remaining": "900", "X-RateLimit-Reset": "30" };
    fake = await startFake({ api: () => ({ status: 200, headers: plenty, body: [] }) });
    const { client, waits } = clientFor(fake);

    await client.listCashAccounts();
    await client.listCashAccounts();

    expect(waits).toEqual([]);
  });

  it("stops throttled, not failed, on a Retry-After far beyond the run: how long is said, nothing is waited", async () => {
    const headers = {
      "Retry-After": "3600",
      "X-RateLimit-Limit": "5000",
      "X-RateLimit-Remaining": "0",
      "X-RateLimit-Reset": "3600",
      "X-RateLimit-Policy": "4-fixed-window",
    };
    fake = await startFake({ api: () => ({ status: 429, headers }) });
    const now = 7_000_000;
    const { client, waits } = clientFor(fake, {}, { maxRetryAfterMs: 60_000, now: () => now });

    const err = await client.listCashAccounts().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VismaThrottledError);
    expect(err).toMatchObject({ status: 429, retryAfterMs: 3_600_000 });
    expect((err as Error).message).toMatch(
      /429 GET \/v1\/cashaccount.*rate limit used up: Visma\.net asks to wait 3600 s/,
    );
    expect(waits).toEqual([]);
    expect(client.stats.rateLimit).toEqual({
      limit: 5000,
      remaining: 0,
      resetSeconds: 3600,
      policy: "4-fixed-window",
      at: now,
    });
  });

  it("waits out a Retry-After only while the run's own window lasts", async () => {
    fake = await startFake({
      api: script(
        { status: 429, headers: { "Retry-After": "600" } },
        { status: 429, headers: { "Retry-After": "600" } },
      ),
    });
    let now = 1_000_000;
    const slept: number[] = [];
    const sleep = async (ms: number) => {
      slept.push(ms);
      now += ms;
    };
    const { client } = clientFor(fake, {}, { now: () => now, sleep });
    client.limitWaits(15 * 60_000); // e.g. the transfer window ends in 15 minutes

    const err = await client.listCashAccounts().catch((e: unknown) => e);

    expect(slept).toEqual([600_000]); // the first 10 minutes fit, the next 10 do not
    expect(err).toBeInstanceOf(VismaThrottledError);
  });

  it("never paces past what the run may wait: the call ends throttled, unsent, and says how long it would wait", async () => {
    const low = { "X-RateLimit-Limit": "15000", "X-RateLimit-Remaining": "500", "X-RateLimit-Reset": "3000" };
    fake = await startFake({ api: () => ({ status: 200, headers: low, body: [] }) });
    const now = 9_000_000;
    const { client, waits } = clientFor(fake, {}, { now: () => now });
    client.limitWaits(60 * 60_000); // the job's deadline: an hour
    client.limitWaits(2_000); // the run's window ends sooner: the earliest limit holds

    await client.listCashAccounts(); // learns: 500 left for 3000 s (5 % of 15,000 is 750): one call per ~6 s
    const err = await client.listCashAccounts().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VismaThrottledError);
    expect((err as Error).message).toMatch(/would wait 6 s for its turn, more than this run may wait; not sent/);
    expect(err).toMatchObject({ retryAfterMs: 3_000_000 });
    expect(waits).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    fake = await startFake({
      api: async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 30));
        inFlight--;
        return { status: 200, body: [] };
      },
    });
    const { client } = clientFor(fake, { concurrency: 2 });

    await Promise.all(Array.from({ length: 6 }, () => client.listCashAccounts()));

    expect(fake.requests).toHaveLength(6);
    expect(peak).toBe(2);
  });
});
