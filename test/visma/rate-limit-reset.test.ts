import { describe, expect, it } from "vitest";
import { secondsToReset } from "../../src/visma/index.ts";

describe("X-RateLimit-Reset (one reading for the pacer and the closing's budget)", () => {
  it("is seconds to the next window, as documented", () => {
    expect(secondsToReset(0, 1_800_000_000_000)).toBe(0);
    expect(secondsToReset(3600, 1_800_000_000_000)).toBe(3600);
  });

  it("an epoch timestamp, as some gateways send, is the seconds from now to it, never negative", () => {
    expect(secondsToReset(1_800_000_060, 1_800_000_000_000)).toBe(60);
    expect(secondsToReset(1_799_999_990, 1_800_000_000_000)).toBe(0);
  });
});
