// Issue 13 §5: `--now` (and the workflows' `now` input) is bounded by the real time. A typo'd date
// a year ahead used to move the transfer cursor into the future, so every document created until
// then was silently never sent. The world's clock plays the real time here.
import { afterEach, describe, expect, it } from "vitest";
import { startWorld, type World } from "../helpers/world.ts";

let world: World;
afterEach(async () => world?.stop());

describe("--now", () => {
  it("a date in the future is refused (even with --force), and no document is lost", async () => {
    world = await startWorld({ start: "2026-11-26T10:00:00" });
    const s = world.sandbox.store;
    const a = s.createInvoice({ customerNumber: "10001", amountOre: 100_000 });
    world.at("2026-11-26T15:45:00");

    for (const force of [false, true]) {
      await expect(world.transfer({ now: "2027-11-26T15:45:00+01:00", force })).rejects.toThrow(
        /--now 2027-11-26T15:45:00\+01:00 is 365 days ahead of the real time \(2026-11-26 15:45 Europe\/Oslo\)/,
      );
    }
    expect(await world.delivered()).toEqual([]);
    expect(await world.ledger.readCursor()).toBeUndefined();

    world.at("2026-11-26T18:00:00");
    const b = s.createInvoice({ customerNumber: "10001", amountOre: 200_000 });
    world.at("2026-11-27T15:45:00");
    expect((await world.transfer()).results[0]!.status).toBe("ok");
    const [batch] = await world.ledger.recentBatches("2026-11-27");
    expect(batch!.documents.map((d) => d.number).sort()).toEqual([a.referenceNumber, b.referenceNumber].sort());
  });

  it("a date further back than the tenant's look-back window needs --force", async () => {
    world = await startWorld({ start: "2026-11-26T15:45:00" });
    await expect(world.transfer({ now: "2026-10-20T15:45:00+02:00" })).rejects.toThrow(
      "--now 2026-10-20T15:45:00+02:00 is 37 days back, further than the look-back window of acme (selection.maxInvoiceAgeDays: 30): documents are judged by that day's dates and the cursor moves there. Run with --force if that is what you mean.",
    );
    const forced = await world.transfer({ now: "2026-10-20T15:45:00+02:00", force: true });
    expect(forced.results[0]!.businessDate).toBe("2026-10-20");
    // Within the window a catch-up run for an earlier day needs nothing more.
    expect((await world.close({ now: "2026-11-20T16:00:00+01:00" })).results[0]!.businessDate).toBe("2026-11-20");
  });

  it("a few minutes of clock skew are taken as the real time: the cursor never passes it", async () => {
    world = await startWorld({ start: "2026-11-26T10:00:00" });
    world.sandbox.store.createInvoice({ customerNumber: "10001", amountOre: 100_000 });
    world.at("2026-11-26T15:45:00");
    const r = await world.transfer({ now: "2026-11-26T15:48:00+01:00" });
    expect(r.results[0]!.status).toBe("ok");
    const cursor = await world.ledger.readCursor();
    expect(Date.parse(cursor!.lastTransfer!.startedAt)).toBe(Date.parse("2026-11-26T15:45:00+01:00"));
  });
});
