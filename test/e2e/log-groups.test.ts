// Issue 15: a run reads as its phases in the Actions log. Each phase of a tenant's run opens its
// own log group, and what is logged during a phase (here the Visma.net client's retry of a 503,
// which used to be discarded) lands inside that phase's group.
import { afterEach, describe, expect, it, vi } from "vitest";
import { consoleLogger } from "../../src/run/context.ts";
import { startWorld, type World } from "../helpers/world.ts";

let world: World;
afterEach(async () => {
  vi.restoreAllMocks();
  await world?.stop();
});

function captureStdout(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation(
    (chunk: unknown) => (lines.push(...String(chunk).split("\n").filter(Boolean)), true),
  );
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  return lines;
}

/** The groups in order, each with the lines written in it. */
function groups(lines: string[]): { name: string; lines: string[] }[] {
  const out: { name: string; lines: string[] }[] = [];
  let current: { name: string; lines: string[] } | undefined;
  for (const line of lines) {
    if (line.startsWith("::group::")) out.push((current = { name: line.slice("::group::".length), lines: [] }));
    else if (line === "::endgroup::") current = undefined;
    else current?.lines.push(line);
  }
  return out;
}

describe("the Actions log of a run", () => {
  it("opens a group per phase, and the client's retry lands in the group of the phase that read", async () => {
    world = await startWorld();
    world.env.GITHUB_ACTIONS = "true";
    world.sandbox.store.createInvoice({ customerNumber: "10001", referenceNumber: "000901", amountOre: 125_050 });
    world.sandbox.faults.add({
      kind: "status5xx",
      status: 503,
      match: { method: "GET", path: "/v1/customerinvoice" },
      times: 1,
    });
    world.at("2026-11-26T15:45:00");
    const lines = captureStdout();
    const transfer = await world.transfer({ log: consoleLogger });
    world.at("2026-11-27T16:00:00");
    const close = await world.close({ log: consoleLogger });
    vi.restoreAllMocks();
    expect([transfer.results[0]!.status, close.results[0]!.status]).toEqual(["ok", "ok"]);

    const logged = groups(lines);
    expect(logged.map((g) => g.name).filter((g) => !g.endsWith(": ok"))).toEqual([
      ...[
        "window",
        "settle pending",
        "read",
        "select",
        "format",
        "record pending",
        "upload",
        "record transferred",
        "watch",
      ].map((p) => `acme: ${p}`),
      ...[
        "due",
        "plan",
        "budget",
        "post",
        "read back",
        "verify read-back",
        "record closings",
        "reconcile",
        "watch",
      ].map((p) => `acme: ${p}`),
    ]);
    expect(logged.find((g) => g.name === "acme: read")!.lines).toEqual([
      expect.stringMatching(
        /^acme: Visma\.net: GET \/v1\/customerinvoice: HTTP 503; retrying in \d+ ms \(attempt 2 of 5\)$/,
      ),
    ]);
  });
});
