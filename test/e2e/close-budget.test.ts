// The rate budget as a plan (issue 16): before writing, the closing compares its calls with what
// the rate limit still allows before the job's deadline; what does not fit is left for the next
// slot, said so, and posted then, never twice. The sandbox over real HTTP counts the calls.
import { afterEach, describe, expect, it } from "vitest";
import { messages } from "../../src/report/messages/index.ts";
import { renderMarkdown } from "../../src/report/render.ts";
import { countOf } from "../../src/run/result.ts";
import { saysOf, textOf } from "../helpers/notices.ts";
import { startWorld, type World } from "../helpers/world.ts";

let world: World;
afterEach(async () => world?.stop());

/** Transfers `count` new invoices of customer 10001 on 26 Nov at 15:45. */
async function transferInvoices(w: World, count: number): Promise<void> {
  w.at("2026-11-26T10:00:00");
  for (let i = 0; i < count; i += 1) w.sandbox.store.createInvoice({ customerNumber: "10001", amountOre: 10_000 + i });
  w.at("2026-11-26T15:45:00");
  const r = (await w.transfer()).results[0]!;
  expect(r.status).toBe("ok");
  expect(countOf(r.totals, "Invoice")).toBe(count);
}

/** Our payments in the sandbox, by reference: one each, never two. */
function ourRefs(w: World): string[] {
  return w.sandbox.store
    .listPayments()
    .map((p) => p.paymentRef ?? "")
    .filter((ref) => ref.startsWith("VF-"));
}

describe("the closing's rate budget", () => {
  it("posts what fits before the deadline, leaves the rest for the next slot and says so; the next slot posts it once", async () => {
    const rateLimit = { limit: 40, windowSeconds: 3600 };
    world = await startWorld({ rateLimit });
    await transferInvoices(world, 20);

    world.at("2026-11-27T16:00:00");
    const first = (await world.close({ deadline: "20m" })).results[0]!;
    const closedFirst = first.closing!.closed.length;
    expect(first.status).toBe("ok");
    expect(closedFirst).toBeGreaterThan(0);
    expect(closedFirst).toBeLessThan(20);
    const notice = first.notices.find((n) => n.code === "closing-deferred");
    expect(textOf(notice!)).toMatch(
      new RegExp(
        `^${20 - closedFirst} documents? in ${20 - closedFirst} (payment/refund|payments/refunds) left for the next slot`,
      ),
    );
    expect(saysOf(first)).toContain(`${20 - closedFirst} left for the next slot (rate budget)`);
    expect(renderMarkdown(first, messages("en"))).toMatch(
      /\*\*for your information \(1\)\*\*[\s\S]*\[closing-deferred\]/i,
    );
    // Planned within the limit: no 429, and the client never paced (nothing slept towards the reset).
    expect(world.sandbox.stats.throttled).toBe(0);
    expect(world.log.filter((l) => /pacing|rate limit nearly used up/.test(l))).toEqual([]);
    expect(ourRefs(world)).toHaveLength(closedFirst);

    // The next slot, in a fresh window: the rest is posted, nothing twice.
    rateLimit.limit += 1000;
    world.at("2026-11-28T07:30:00");
    const second = (await world.close({ deadline: "20m" })).results[0]!;
    expect(second.status).toBe("ok");
    expect(second.closing!.closed).toHaveLength(20 - closedFirst);
    expect(second.notices.filter((n) => n.code === "closing-deferred")).toEqual([]);
    const refs = ourRefs(world);
    expect(refs).toHaveLength(20);
    expect(new Set(refs).size).toBe(20);
    const ledgerClosed = (await world.ledger.recentBatches("2026-11-28"))
      .flatMap((b) => b.documents)
      .filter((d) => d.closing);
    expect(ledgerClosed).toHaveLength(20);
  });

  it("tells the Visma.net client the time left before the deadline, so no wait runs past it", async () => {
    world = await startWorld();
    const limits: number[] = [];
    const { createVismaClient } = await import("../../src/visma/index.ts");
    const openVisma = (tenant: Parameters<typeof createVismaClient>[0]) => {
      const client = createVismaClient(tenant, world.env);
      const limitWaits = client.limitWaits.bind(client);
      client.limitWaits = (ms: number) => {
        limits.push(ms);
        limitWaits(ms);
      };
      return client;
    };
    await transferInvoices(world, 2);
    world.at("2026-11-27T16:00:00");
    await world.close({ deadline: "20m", dryRun: true, openVisma });
    expect(limits).toHaveLength(1);
    expect(limits[0]).toBeGreaterThan(19 * 60_000);
    expect(limits[0]).toBeLessThanOrEqual(20 * 60_000);
    await world.close({ dryRun: true, openVisma });
    expect(limits).toHaveLength(1); // no deadline: nothing to limit
  });

  it("plans nothing away without a deadline: the budget bounds only what must end in time", async () => {
    world = await startWorld({ rateLimit: { limit: 60, windowSeconds: 3600 } });
    await transferInvoices(world, 20);
    world.at("2026-11-27T16:00:00");
    const r = (await world.close()).results[0]!;
    expect(r.closing!.closed).toHaveLength(20);
    expect(r.notices.filter((n) => n.code === "closing-deferred")).toEqual([]);
  });

  it("says in a dry run what it would leave for the next slot", async () => {
    world = await startWorld({ rateLimit: { limit: 40, windowSeconds: 3600 } });
    await transferInvoices(world, 20);
    world.at("2026-11-27T16:00:00");
    const r = (await world.close({ deadline: "20m", dryRun: true })).results[0]!;
    expect(saysOf(r)).toMatch(
      /^would post \d+ (payment\/refund|payments\/refunds), leave \d+ for the next slot \(rate budget\)/,
    );
    expect(ourRefs(world)).toEqual([]);
  });
});
