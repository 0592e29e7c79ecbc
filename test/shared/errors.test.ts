// One error base class names every error after its class, so logs, issues and tests can tell them apart.
import { describe, expect, it } from "vitest";
import { AlreadyExistsError, DeliveryError } from "../../src/deliver/index.ts";
import { FormatError } from "../../src/format/index.ts";
import { StateNotRecordedError } from "../../src/ledger/git.ts";
import { FactoringError } from "../../src/shared/errors.ts";
import { VismaConfigError, VismaThrottledError } from "../../src/visma/errors.ts";

describe("FactoringError", () => {
  it("sets name to the class of the error, subclasses included", () => {
    const errors = [
      new VismaThrottledError({
        status: 429,
        method: "GET",
        path: "/v1/customerinvoice",
        requestId: null,
        detail: "slow down",
        retryAfterMs: 1000,
      }),
      new VismaConfigError("no secret"),
      new FormatError("000123", "F10", "too long"),
      new AlreadyExistsError("sftp://factor/inbox", ["acme_20261127_01.SGF"]),
      new StateNotRecordedError({ commitMessage: "m", files: [], attempts: 1, reason: "r", branch: "main" }),
    ];
    expect(errors.map((e) => e.name)).toEqual([
      "VismaThrottledError",
      "VismaConfigError",
      "FormatError",
      "AlreadyExistsError",
      "StateNotRecordedError",
    ]);
    for (const e of errors) expect(e).toBeInstanceOf(FactoringError);
    expect(errors[3]).toBeInstanceOf(DeliveryError);
    expect(String(errors[1])).toBe("VismaConfigError: no secret");
  });
});
