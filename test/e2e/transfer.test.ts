import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Delivery } from "../../src/deliver/index.ts";
import { openDelivery } from "../../src/deliver/index.ts";
import type { StateCommitter } from "../../src/ledger/git.ts";
import { readRunStatus } from "../../src/ledger/run-status.ts";
import { messages } from "../../src/report/messages/index.ts";
import { renderText } from "../../src/report/render.ts";
import { startWorld as startTheWorld, type World } from "../helpers/world.ts";
import { excludedOf, needsHuman, saysOf, textOf } from "../helpers/notices.ts";

let world: World;
afterEach(async () => world?.stop());

/** Documents the factor received, read back from the delivered SGF files (invoice number field). */
async function sentNumbers(w: World): Promise<string[]> {
  const numbers: string[] = [];
  for (const name of await w.delivered()) {
    if (!name.endsWith(".SGF")) continue;
    const text = await readFile(join(w.outDir, name), "latin1");
    for (const line of text.split("\r\n").filter(Boolean)) numbers.push(line.slice(14, 22));
  }
  return numbers.sort();
}

// Visma.net does not publish the zone of lastModifiedDateTime/createdDateTime: every transfer test
// runs against a sandbox that writes them in the company's local time and one that writes UTC.
describe.each(["local", "utc"] as const)("daily transfer against the sandbox (timestamps %s)", (timestamps) => {
  const startWorld = (options: Parameters<typeof startTheWorld>[0] = {}) => startTheWorld({ timestamps, ...options });

  it("sends the day's factoring documents once, in the window, and records the batch", async () => {
    world = await startWorld();
    const s = world.sandbox.store;
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000101", amountOre: 125_050 });
    s.createInvoice({ customerNumber: "10002", referenceNumber: "000102" }); // BANK customer: not factored
    s.createInvoice({ customerNumber: "10002", referenceNumber: "000103", paymentMethodId: "FACTORING" }); // invoice overrides default
    s.createCreditNote({ customerNumber: "10003", referenceNumber: "000104", amountOre: 25_000 });
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000105", status: "Hold" });

    world.at("2026-11-26T14:00:00");
    const early = await world.transfer();
    expect(early.results[0]!.status).toBe("skipped");
    expect(saysOf(early.results[0]!)).toBe(
      "outside the transfer window 15:30–16:30 Europe/Oslo (it is 14:00 there); --force runs it anyway",
    );
    expect(await world.delivered()).toEqual([]);

    world.at("2026-11-26T15:45:00");
    const { results, exitCode } = await world.transfer();
    expect(exitCode).toBe(0);
    const r = results[0]!;
    expect(r.status).toBe("ok");
    expect(await sentNumbers(world)).toEqual(["00000101", "00000103", "00000104"]);
    expect(await world.delivered()).toEqual(["acme_20261126_01.SGF", "acme_20261126_01.SGK"]);
    expect(r.totals).toEqual([
      { type: "CreditNote", currency: "NOK", count: 1, amountOre: 25_000 },
      { type: "Invoice", currency: "NOK", count: 2, amountOre: 250_050 },
    ]);
    expect(excludedOf(r)).toEqual(expect.arrayContaining([["000102", "payment-method"]]));
    const [batch] = await world.ledger.recentBatches("2026-11-26");
    expect(batch).toMatchObject({ id: "acme-20261126-01", status: "transferred", sequence: 1 });
    expect(batch!.documents.map((d) => d.number)).toEqual(["000104", "000101", "000103"]);
    expect(batch!.files.map((f) => f.name)).toEqual(["acme_20261126_01.SGF", "acme_20261126_01.SGK"]);

    // The same day again: nothing resent, whether scheduled or forced. The time it names is the
    // run's own (--now, in the tenant's zone), never the machine's clock.
    world.at("2026-11-26T16:07:00");
    const again = await world.transfer();
    expect(again.results[0]!.status).toBe("skipped");
    expect(saysOf(again.results[0]!)).toBe("today's transfer already ran at 15:45");
    expect(renderText(again.results[0]!, messages("nb", "Europe/Oslo"))).toContain(
      "dagens overføring er allerede kjørt kl. 15:45",
    );
    const forced = await world.transfer({ force: true });
    expect(forced.results[0]!.status).toBe("nothing-to-do");
    expect(await sentNumbers(world)).toEqual(["00000101", "00000103", "00000104"]);
  });

  it("catches up after a missed day and releases from Hold are picked up", async () => {
    world = await startWorld();
    const s = world.sandbox.store;
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000201" });
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000202", status: "Hold" });
    world.at("2026-11-26T15:45:00");
    await world.transfer();

    world.at("2026-11-27T11:00:00"); // day 2: documents created, but no run (schedule dropped)
    s.createInvoice({ customerNumber: "10003", referenceNumber: "000203" });
    s.updateInvoice("000202", { status: "Open", hold: false }); // released from Hold

    world.at("2026-11-28T16:10:00"); // day 3
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000204" });
    const { results } = await world.transfer();
    expect(results[0]!.status).toBe("ok");
    expect(await sentNumbers(world)).toEqual(["00000201", "00000202", "00000203", "00000204"]);
    expect((await world.ledger.readCursor())!.lastTransfer!.businessDate).toBe("2026-11-28");
  });

  it("holds back too old documents and bad KIDs and lists them for a human", async () => {
    world = await startWorld({ start: "2026-11-26T10:00:00" });
    const s = world.sandbox.store;
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000301", documentDate: "2026-10-27" }); // 30 days
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000302", documentDate: "2026-10-26" }); // 31 days
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000303", paymentReference: "12345" });
    world.at("2026-11-26T15:45:00");
    const r = (await world.transfer()).results[0]!;
    expect(await sentNumbers(world)).toEqual(["00000301"]);
    expect(needsHuman(r).map((n) => [n.code, n.document?.number])).toEqual([
      ["too-old", "000302"],
      ["kid", "000303"],
    ]);
  });

  it("sends credit notes without a KID; debit notes and overdue charges listed by the invoice endpoint are not sent as invoices", async () => {
    world = await startWorld();
    const s = world.sandbox.store;
    s.createCreditNote({
      customerNumber: "10003",
      referenceNumber: "000801",
      amountOre: 25_000,
      paymentReference: null,
    }); // the tenant's rule is MOD10
    s.createOtherDocument("DebitNote", { customerNumber: "10001", referenceNumber: "000802", amountOre: 40_000 });
    s.createOtherDocument("FinCharge", { customerNumber: "10001", referenceNumber: "000803", amountOre: 7_000 });
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000804" });
    world.at("2026-11-26T15:45:00");
    const r = (await world.transfer()).results[0]!;
    expect(r.status).toBe("ok");
    expect(await sentNumbers(world)).toEqual(["00000801", "00000804"]);
    expect(excludedOf(r)).toEqual([
      ["000802", "unsupported-type"],
      ["000803", "unsupported-type"],
    ]);
    expect(needsHuman(r).map((n) => [n.code, n.document?.number])).toEqual([
      ["unsupported-type", "000802"],
      ["unsupported-type", "000803"],
    ]);
  });

  it("dry run shows the batch and writes nothing", async () => {
    world = await startWorld();
    world.sandbox.store.createInvoice({ customerNumber: "10001", referenceNumber: "000401" });
    world.at("2026-11-26T15:45:00");
    const r = (await world.transfer({ dryRun: true })).results[0]!;
    expect(r.status).toBe("dry-run");
    expect(r.files.map((f) => f.name)).toEqual(["acme_20261126_01.SGF", "acme_20261126_01.SGK"]);
    expect(await world.delivered()).toEqual([]);
    expect(await world.ledger.readCursor()).toBeUndefined();
    // Nor a run status: a dry run says nothing about the tenant's health.
    expect(await readRunStatus(world.stateDir, "acme")).toBeUndefined();
  });

  it("a crash between upload and ledger update never sends twice: the server check settles it", async () => {
    world = await startWorld();
    world.sandbox.store.createInvoice({ customerNumber: "10001", referenceNumber: "000501" });
    world.at("2026-11-26T15:45:00");
    const actions: string[] = [];
    const crashing: StateCommitter = {
      async record(message, apply) {
        actions.push(message.action);
        if (message.action === "transfer") throw new Error("runner killed"); // after the upload
        await apply();
      },
    };
    const first = (await world.transfer({ committer: crashing })).results[0]!;
    expect(first.status).toBe("failed");
    // The run frame records the failure in status.json after the tenant's step.
    expect(actions).toEqual(["transfer-pending", "transfer", "run-status transfer failed"]);
    expect((await world.ledger.recentBatches("2026-11-26"))[0]!.status).toBe("pending");

    const second = (await world.transfer()).results[0]!;
    expect(second.status).toBe("nothing-to-do");
    const [batch] = await world.ledger.recentBatches("2026-11-26");
    expect(batch).toMatchObject({ status: "transferred", resolvedBy: "server-check" });
    expect(await sentNumbers(world)).toEqual(["00000501"]);
  });

  it("an interrupted upload leaves a pending batch that only a human can settle", async () => {
    world = await startWorld();
    world.sandbox.store.createInvoice({ customerNumber: "10001", referenceNumber: "000601" });
    world.at("2026-11-26T15:45:00");
    const dropping = async (): Promise<Delivery> => {
      const real = await openDelivery({ type: "local", directory: world.outDir }, {}, { tenantFile: "acme.yaml" });
      return {
        ...real,
        target: real.target,
        find: (n) => real.find(n),
        close: () => real.close(),
        upload: async () => Promise.reject(new Error("connection dropped mid-upload")),
      };
    };
    expect((await world.transfer({ openDelivery: dropping })).results[0]!.status).toBe("failed");

    const blocked = (await world.transfer()).results[0]!;
    expect(blocked.status).toBe("failed");
    expect(saysOf(blocked)).toBe(
      "batch acme-20261126-01 is pending and not confirmed at the factor; nothing is sent until a person decides",
    );
    expect(needsHuman(blocked).map(textOf)).toEqual([
      expect.stringMatching(/--resolve-pending sent .* --resolve-pending not-sent/),
    ]);
    expect(await world.delivered()).toEqual([]);

    const resent = (await world.transfer({ resolvePending: "not-sent" })).results[0]!;
    expect(resent.status).toBe("ok");
    expect(resent.batches).toEqual(["acme-20261126-02"]);
    expect(await sentNumbers(world)).toEqual(["00000601"]);
    const batches = await world.ledger.recentBatches("2026-11-26");
    expect(batches.map((b) => [b.id, b.status])).toEqual([
      ["acme-20261126-01", "abandoned"],
      ["acme-20261126-02", "transferred"],
    ]);
  });

  it("an unreadable customer holds back its documents, is named, and keeps the window open", async () => {
    world = await startWorld();
    const s = world.sandbox.store;
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000701" });
    s.createInvoice({ customerNumber: "10003", referenceNumber: "000702" });
    world.sandbox.faults.add({ kind: "malformed", match: { path: "/v1/customer" }, malformedId: "10001" });
    world.at("2026-11-26T15:45:00");
    const r = (await world.transfer()).results[0]!;
    expect(r.status).toBe("failed");
    expect(await sentNumbers(world)).toEqual(["00000702"]);
    expect(excludedOf(r)).toEqual([["000701", "missing-customer"]]);
    expect(textOf(r.notices.find((n) => n.code === "malformed-customer")!)).toMatch(
      /customer 10001 in a form that could not be read/,
    );
    expect((await world.ledger.readCursor())!.lastTransfer).toBeUndefined();

    world.at("2026-11-26T16:10:00"); // the second slot, once the customer reads again
    const again = (await world.transfer()).results[0]!;
    expect(again.status).toBe("ok");
    expect(await sentNumbers(world)).toEqual(["00000701", "00000702"]);
  });

  it("the first run errs on including: a document created just after the integration start is sent", async () => {
    // The integration starts at the beginning of the previous business day (00:00 Oslo = 23:00 UTC the day before).
    world = await startWorld({ start: "2026-11-25T00:30:00" });
    world.sandbox.store.createInvoice({ customerNumber: "10001", referenceNumber: "001001" });
    world.at("2026-11-26T15:45:00");
    expect((await world.transfer()).results[0]!.status).toBe("ok");
    expect(await sentNumbers(world)).toEqual(["00001001"]);
  });

  it("a tenant far from UTC loses nothing between two runs (Asia/Tokyo, +9)", async () => {
    world = await startWorld({ timeZone: "Asia/Tokyo", start: "2026-11-26T09:00:00+09:00" });
    const s = world.sandbox.store;
    s.createInvoice({ customerNumber: "10001", referenceNumber: "001101" });
    world.at("2026-11-26T15:45:00+09:00");
    await world.transfer();
    world.at("2026-11-26T15:50:00+09:00"); // created while the first run was reading
    s.createInvoice({ customerNumber: "10001", referenceNumber: "001102" });
    world.at("2026-11-27T15:45:00+09:00");
    expect((await world.transfer()).results[0]!.status).toBe("ok");
    expect(await sentNumbers(world)).toEqual(["00001101", "00001102"]);
  });

  it("a Retry-After beyond the transfer window ends the run cleanly; the next slot catches up", async () => {
    world = await startWorld();
    world.sandbox.store.createInvoice({ customerNumber: "10001", referenceNumber: "001201" });
    world.sandbox.faults.add({
      kind: "status429",
      retryAfterSeconds: 50 * 60,
      match: { method: "GET", path: "/v1/customerinvoice" },
    });
    world.at("2026-11-26T15:45:00"); // the window closes at 16:30, Visma.net asks to wait until 16:35
    const { results, exitCode } = await world.transfer();
    expect(exitCode).toBe(0);
    expect(results[0]!.status).toBe("skipped");
    expect(saysOf(results[0]!)).toBe("throttled by Visma.net until 16:35; the next slot catches up");
    expect(results[0]!.error).toBeUndefined();
    expect(await world.delivered()).toEqual([]);
    expect(await world.ledger.readCursor()).toBeUndefined();

    world.at("2026-11-27T15:45:00");
    expect((await world.transfer()).results[0]!.status).toBe("ok");
    expect(await sentNumbers(world)).toEqual(["00001201"]);
  });
});
