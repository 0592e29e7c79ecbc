import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../src/shared/backoff.ts";

describe("backoffDelay", () => {
  const at = (random: number) => (retry: number) =>
    backoffDelay(retry, { baseMs: 100, maxMs: 1000, random: () => random });

  it("waits at least the base, never zero", () => {
    expect([1, 2, 3].map(at(0))).toEqual([100, 100, 100]);
  });

  it("grows up to base · 2^retry, capped", () => {
    expect([1, 2, 3, 4, 5].map(at(0.999999))).toEqual([200, 400, 800, 1000, 1000]);
  });

  it("spreads retries that collided (jitter within the range)", () => {
    expect(at(0.5)(2)).toBe(250);
    expect(backoffDelay(1, { baseMs: 1000, maxMs: 500, random: () => 0.5 })).toBe(500); // a cap below the base wins
  });
});
