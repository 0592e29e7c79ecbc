import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/visma/server.ts";
import { apiClient, getToken, json, startSmallSandbox } from "./helpers.ts";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe("rate limit", () => {
  it("counts down X-RateLimit-Remaining and answers 429 with Retry-After above the limit", async () => {
    sandbox = await startSmallSandbox({ rateLimit: { limit: 3, windowSeconds: 120 } });
    const api = await apiClient(sandbox);
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api("/v1/cashaccount");
      expect(res.status).toBe(200);
      remaining.push(res.headers.get("x-ratelimit-remaining")!);
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const throttled = await api("/v1/cashaccount");
    expect(throttled.status).toBe(429);
    const retryAfter = Number(throttled.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(100);
    expect(retryAfter).toBeLessThanOrEqual(120);
    expect(throttled.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(throttled.headers.get("x-ratelimit-policy")).toBe("4-fixed-window");
    expect((await json(throttled)).statusCode).toBe(429);
    expect(sandbox.stats.throttled).toBe(1);
    // The token endpoint is not rate-limited.
    expect((await getToken(sandbox)).status).toBe(200);
  });

  it("opens a new window after windowSeconds", async () => {
    sandbox = await startSmallSandbox({ rateLimit: { limit: 1, windowSeconds: 1 } });
    const api = await apiClient(sandbox);
    expect((await api("/v1/cashaccount")).status).toBe(200);
    expect((await api("/v1/cashaccount")).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 1050));
    expect((await api("/v1/cashaccount")).status).toBe(200);
  });
});

describe("fault injection", () => {
  it("status429: throttles matching requests the given number of times, with Retry-After", async () => {
    sandbox = await startSmallSandbox();
    const api = await apiClient(sandbox);
    const rule = sandbox.faults.add({
      kind: "status429",
      match: { path: "/v1/customerinvoice" },
      times: 2,
      retryAfterSeconds: 7,
    });
    const other = await api("/v1/customer");
    expect(other.status).toBe(200); // "/v1/customer" is not below "/v1/customerinvoice"
    const first = await api("/v1/customerInvoice?pageNumber=1");
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("7");
    expect((await api("/v1/customerinvoice/000001")).status).toBe(429);
    expect((await api("/v1/customerinvoice")).status).toBe(200);
    expect(rule.fired).toBe(2);
    expect(rule.remaining).toBe(0);
    expect(sandbox.stats.throttled).toBe(2);
  });

  it("status5xx: answers the configured status, then recovers", async () => {
    sandbox = await startSmallSandbox();
    const api = await apiClient(sandbox);
    const rule = sandbox.faults.add({
      kind: "status5xx",
      status: 503,
      match: { method: "POST", path: /customerPayment$/i },
    });
    expect((await api("/v1/customerPayment")).status).toBe(200); // GET does not match
    const failed = await api("/v1/customerPayment", { method: "POST", body: {} });
    expect(failed.status).toBe(503);
    expect((await json(failed)).message).toMatch(/^VismaId: /);
    expect(rule.fired).toBe(1);
    const again = await api("/v1/customerPayment", { method: "POST", body: {} });
    expect(again.status).toBe(400); // the real handler again: the empty body is refused
  });

  it("drop: destroys the connection without a response", async () => {
    sandbox = await startSmallSandbox();
    const api = await apiClient(sandbox);
    const rule = sandbox.faults.add({ kind: "drop", match: { path: "/v1/customer" } });
    await expect(api("/v1/customer")).rejects.toThrow();
    expect(rule.fired).toBe(1);
    expect((await api("/v1/customer")).status).toBe(200);
  });

  it("drop also works on the token endpoint", async () => {
    sandbox = await startSmallSandbox();
    sandbox.faults.add({ kind: "drop", match: { path: "/connect/token" }, times: Infinity });
    await expect(getToken(sandbox)).rejects.toThrow();
    await expect(getToken(sandbox)).rejects.toThrow();
    expect(sandbox.faults.rules[0]!.fired).toBe(2);
    sandbox.faults.clear();
    expect((await getToken(sandbox)).status).toBe(200);
  });

  it("latency: delays the matching request and still answers it", async () => {
    sandbox = await startSmallSandbox();
    const api = await apiClient(sandbox);
    const rule = sandbox.faults.add({ kind: "latency", latencyMs: 300, match: { path: "/v1/cashaccount" } });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 100);
    const token = (await json(await getToken(sandbox))).access_token;
    await expect(
      fetch(`${sandbox.apiBaseUrl}/v1/cashaccount`, {
        headers: { Authorization: `Bearer ${token}` },
        signal: controller.signal,
      }),
    ).rejects.toThrow(/abort/i);
    clearTimeout(timer);
    expect(rule.fired).toBe(1);
    const res = await api("/v1/cashaccount");
    expect(res.status).toBe(200);
    expect(await json(res)).toHaveLength(3);
  });

  it("malformed: breaks one field of the chosen element, leaves the rest intact", async () => {
    sandbox = await startSmallSandbox();
    for (let i = 0; i < 3; i++) sandbox.store.createInvoice({ customerNumber: "10001", amountOre: 100_000 });
    const api = await apiClient(sandbox);
    const rule = sandbox.faults.add({
      kind: "malformed",
      malformedId: "000002",
      match: { path: "/v1/customerinvoice" },
    });
    const body = await json(await api("/v1/customerinvoice"));
    expect(body.map((d: { amount: unknown }) => d.amount)).toEqual([1000, "abc", 1000]);
    expect(rule.fired).toBe(1);
    expect((await json(await api("/v1/customerinvoice")))[1].amount).toBe(1000);
  });

  it("malformed: waits for a page that contains the element before firing", async () => {
    sandbox = await startSmallSandbox({ maxPageSize: 2 });
    for (let i = 0; i < 3; i++) sandbox.store.createInvoice({ customerNumber: "10001" });
    const api = await apiClient(sandbox);
    const rule = sandbox.faults.add({
      kind: "malformed",
      malformedId: "000003",
      malformedField: "balance",
      malformedValue: null,
    });
    const page1 = await json(await api("/v1/customerinvoice?pageNumber=1&pageSize=2"));
    expect(page1.every((d: { balance: unknown }) => d.balance === 1250)).toBe(true);
    expect(rule.fired).toBe(0);
    const page2 = await json(await api("/v1/customerinvoice?pageNumber=2&pageSize=2"));
    expect(page2[0]).toMatchObject({ referenceNumber: "000003", balance: null });
    expect(rule.fired).toBe(1);
  });

  it("latencyMs option delays every request", async () => {
    sandbox = await startSmallSandbox({ latencyMs: 200 });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 50);
    await expect(fetch(`${sandbox.apiBaseUrl}/v1/cashaccount`, { signal: controller.signal })).rejects.toThrow(
      /abort/i,
    );
    clearTimeout(timer);
  });
});
