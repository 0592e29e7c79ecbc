// The doctor's judgements as pure functions: write access from attributes, the timestamps' zone, the day's calls, rendering.
import { describe, expect, it } from "vitest";
import { timestampCheck } from "../../src/doctor/behaviour.ts";
import { estimateDay, rateLimitCheck } from "../../src/doctor/rate-limit.ts";
import { renderJson, renderMarkdown, renderText } from "../../src/doctor/render.ts";
import { writeAccessCheck } from "../../src/doctor/sftp.ts";
import { fail, pass, unknown } from "../../src/doctor/types.ts";
import { parseTokenResponse } from "../../src/visma/auth.ts";
import type { ArDocument } from "../../src/visma/types.ts";

describe("write access from the listing's attributes", () => {
  const login = { path: "/home/acme", uid: 1001, gid: 100 };
  const at = (mode: number, uid = 1001, gid = 100) => writeAccessCheck("/inbox", { folder: { mode, uid, gid }, login });

  it("owner, group and everyone", () => {
    expect(at(0o40755)).toMatchObject({
      status: "pass",
      seen: expect.stringContaining("/inbox is drwxr-xr-x, owned by uid 1001 like the login folder"),
    });
    expect(at(0o40775, 0, 100)).toMatchObject({
      status: "pass",
      seen: expect.stringContaining("group 100 like the login folder"),
    });
    expect(at(0o40777, 0, 0)).toMatchObject({
      status: "pass",
      seen: "/inbox is drwxrwxrwx: every account may write there",
    });
  });

  it("nobody, or not the owner who may", () => {
    expect(at(0o40555)).toMatchObject({ status: "fail", seen: expect.stringContaining("nobody may write there") });
    expect(at(0o40575)).toMatchObject({
      status: "fail",
      seen: "/inbox is dr-xrwxr-x, owned by the account (uid 1001) but not writable by its owner",
    });
    expect(at(0o40755, 0, 0)).toMatchObject({
      status: "unknown",
      seen: expect.stringContaining("cannot be read from the attributes; ask the factor (no probe file is written)"),
    });
  });

  it("a server that lists no permissions", () => {
    expect(writeAccessCheck("/inbox", { folder: { mode: null, uid: null, gid: null }, login: null }).status).toBe(
      "unknown",
    );
  });
});

describe("the timestamps' zone", () => {
  const date = (iso: string) => ({ serverDate: { header: new Date(iso).toUTCString(), at: 0 } });

  it("in a zone behind UTC, a local reading of a UTC time lies in the future", () => {
    // New York is UTC−5 in November: 14:58 written as UTC is 09:58 local, 2 min before the server's 15:00Z.
    const c = timestampCheck(["2026-11-26T14:58:00.000"], date("2026-11-26T15:00:00Z"), "America/New_York");
    expect(c).toMatchObject({
      status: "pass",
      seen: expect.stringMatching(/^UTC: .*read as America\/New_York time it would lie in the future$/),
    });
  });

  it("undetermined at UTC+0, without a Date header, without timestamps, or when both readings lie ahead", () => {
    expect(timestampCheck(["2026-11-26T14:58:00.000"], date("2026-11-26T15:00:00Z"), "Europe/London").seen).toMatch(
      /^undetermined: Europe\/London is at UTC\+0 now/,
    );
    expect(timestampCheck(["2026-11-26T14:58:00.000"], {}, "Europe/Oslo").seen).toMatch(/no usable Date header/);
    expect(timestampCheck([], date("2026-11-26T15:00:00Z"), "Europe/Oslo").seen).toMatch(/no lastModifiedDateTime/);
    expect(timestampCheck(["2026-11-26T19:00:00.000"], date("2026-11-26T15:00:00Z"), "Europe/Oslo").seen).toMatch(
      /both readings lie in the future/,
    );
  });

  it("the newest of many decides", () => {
    const c = timestampCheck(
      ["2026-11-20T08:00:00.000", "2026-11-26T15:55:00.000", "2026-11-25T23:00:00.000"],
      date("2026-11-26T15:00:00Z"),
      "Europe/Oslo",
    );
    expect(c.seen).toMatch(/^local time \(Europe\/Oslo\): the newest change 2026-11-26 15:55:00 is 5 min ago/);
  });
});

describe("a day's calls against the rate limit", () => {
  const doc = (date: string, customer: string, type: ArDocument["type"] = "Invoice") =>
    ({ type, documentDate: date, customer: { number: customer, name: "" }, currency: "NOK" }) as ArDocument;
  const volume = { transferReads: 3, documentReads: 2, paymentReads: 1 };
  const busyDay = [
    doc("2026-11-20", "1"),
    doc("2026-11-20", "1"),
    doc("2026-11-20", "2"),
    doc("2026-11-20", "2", "CreditNote"),
    doc("2026-11-21", "3"),
  ];

  it("per document: 2 calls a payment on top of the reads; per customer: one payment per customer and day", () => {
    expect(estimateDay({ ...volume, factored: busyDay }, "perDocument")).toEqual({
      paymentsPerDay: 1,
      busiest: { date: "2026-11-20", payments: 4 },
      normal: 1 + 3 + (1 + 4 + 2 + 2),
      busy: 1 + 3 + (1 + 4 + 2 + 8),
      busiestRun: 1 + 4 + 2 + 8,
    });
    expect(estimateDay({ ...volume, factored: busyDay }, "perCustomer").busiest).toEqual({
      date: "2026-11-20",
      payments: 3,
    });
  });

  it("fails when the busiest closing cannot fit in one window, asks when it comes close, does not know without headers", () => {
    const estimate = estimateDay({ ...volume, factored: busyDay }, "perDocument");
    const seen = (limit: number) => ({ limit, remaining: limit, resetSeconds: 3600, policy: "4-fixed-window", at: 0 });
    expect(rateLimitCheck(seen(10), estimate).status).toBe("fail");
    expect(rateLimitCheck(seen(20), estimate).status).toBe("unknown");
    expect(rateLimitCheck(seen(500), estimate)).toMatchObject({
      status: "pass",
      seen: expect.stringMatching(
        /^4-fixed-window: limit 500, 500 left, the window resets in 3600 s; a normal day needs about 13 calls/,
      ),
    });
    expect(rateLimitCheck(null, estimate).status).toBe("unknown");
  });
});

describe("granted scopes from the token response", () => {
  it("reads `scope`, a list of scopes, or the scope claim of a JWT access token", () => {
    expect(parseTokenResponse(JSON.stringify({ access_token: "x", expires_in: 60, scope: "a b" })).scope).toBe("a b");
    expect(parseTokenResponse(JSON.stringify({ access_token: "x", expires_in: 60, scope: ["a", "b"] })).scope).toBe(
      "a b",
    );
    const jwt = ["{}", JSON.stringify({ scope: ["vismanet_erp_service_api:read"] }), "sig"]
      .map((p) => Buffer.from(p).toString("base64url"))
      .join(".");
    expect(parseTokenResponse(JSON.stringify({ access_token: jwt, expires_in: 60 })).scope).toBe(
      "vismanet_erp_service_api:read",
    );
    expect(parseTokenResponse(JSON.stringify({ access_token: "opaque", expires_in: 60 })).scope).toBeNull();
  });
});

describe("rendering", () => {
  const report = {
    tenant: "acme",
    file: "tenants/acme.yaml",
    now: "2026-11-26T14:00:00.000+01:00",
    language: "en" as const,
    checks: [
      pass("token", "obtained"),
      fail("unreadable customer", "::error::@someone [x](https://evil) | <b>"),
      unknown("timestamps", "undetermined"),
    ],
  };

  it("text: one line per check, inert in the Actions log, and the verdict", () => {
    const lines = renderText(report).split("\n");
    expect(lines).toEqual([
      "doctor acme (tenants/acme.yaml) at 2026-11-26 14:00",
      "✔ token: obtained",
      "✖ unreadable customer: ::error::@someone [x](https://evil) | <b>",
      "? timestamps: undetermined",
      "not ready: 1 ✔, 1 ✖, 1 ?; fix the ✖ lines and run the doctor again",
    ]);
  });

  it("markdown: a checklist where quoted text stays text", () => {
    const md = renderMarkdown(report);
    expect(md).toContain(
      "- ✖ **unreadable customer**: ::error::@&#8203;someone \\[x\\](https:/&#8203;/evil) \\| &lt;b&gt;",
    );
    expect(md).toContain("**not ready: 1 ✔, 1 ✖, 1 ?; fix the ✖ lines and run the doctor again**");
  });

  it("json: the report with ready and counts", () => {
    expect(JSON.parse(renderJson(report))).toMatchObject({
      tenant: "acme",
      ready: false,
      counts: { pass: 1, fail: 1, unknown: 1 },
      checks: report.checks,
    });
  });
});
