// The transfer reads the customers its documents need, the cheapest way (issue 16): documents
// first, then only the customers the selection asks for, by number or from the register or the
// customers changed since the last run, so the calls follow the day's customers and not the size
// of the register. The sandbox forces pages of 100, as Visma.net may.
import { afterEach, describe, expect, it } from "vitest";
import { startWorld, type World } from "../helpers/world.ts";

let world: World;
afterEach(async () => world?.stop());

const LONG_AGO = "2025-06-02T10:00:00.000";

/** A world whose register holds `extra` customers more, unchanged for months (numbers from 20000 on). */
async function withRegister(extra: number): Promise<World> {
  world = await startWorld({ start: "2026-11-26T09:00:00" });
  for (let i = 0; i < extra; i += 1)
    world.sandbox.store.createCustomer({
      number: String(20_000 + i),
      corporateId: "905992678",
      createdDateTime: LONG_AGO,
      lastModifiedDateTime: LONG_AGO,
    });
  return world;
}

/** Runs the day's transfer; returns its customer calls (`GET /v1/customer…`) and what it sent. */
async function transfer(w: World) {
  w.at("2026-11-26T15:45:00");
  const from = w.sandbox.requests.length;
  const r = (await w.transfer()).results[0]!;
  const calls = w.sandbox.requests
    .slice(from)
    .filter((q) => q.path.startsWith("/v1/customer/") || q.path === "/v1/customer")
    .map((q) => (q.path === "/v1/customer" ? `list ${q.params.toString()}` : `GET ${q.path}`));
  return { r, calls };
}

describe("the transfer's customer reads", () => {
  it("reads no customer when no document needs one", async () => {
    await withRegister(400);
    world.sandbox.store.createInvoice({ customerNumber: "20010", paymentMethodId: "BANK" }); // not a factoring method
    const { r, calls } = await transfer(world);
    expect(r.status).toBe("nothing-to-do");
    expect(calls).toEqual([]);
  });

  it("reads a single customer by number, however large the register", async () => {
    await withRegister(400);
    world.sandbox.store.createInvoice({ customerNumber: "20350", paymentMethodId: null });
    const { r, calls } = await transfer(world);
    expect(r.totals.map((t) => t.count)).toEqual([1]);
    expect(calls).toEqual(["GET /v1/customer/20350"]);
  });

  it("reads the whole register when it takes fewer pages than there are customers to read", async () => {
    await withRegister(400); // 403 customers: 5 pages
    for (let i = 0; i < 12; i += 1) world.sandbox.store.createInvoice({ customerNumber: String(20_100 + i * 20) });
    const { r, calls } = await transfer(world);
    expect(r.totals.map((t) => t.count)).toEqual([12]);
    expect(calls).toHaveLength(5);
    expect(calls.every((c) => c.startsWith("list ") && !c.includes("lastModifiedDateTime"))).toBe(true);
  });

  it("reads the customers changed since the last run and the rest by number when the register is larger", async () => {
    await withRegister(1000); // 1,003 customers: 11 pages
    const s = world.sandbox.store;
    const fresh = ["10001", "10003"]; // created today, with the world
    for (const n of [...fresh, "20500", "20600", "20700"]) s.createInvoice({ customerNumber: n });
    world.at("2026-11-26T12:00:00");
    s.updateCustomer("20800", { name: "Endret Kunde AS" }); // edited today
    s.createInvoice({ customerNumber: "20800" });
    const { r, calls } = await transfer(world);
    expect(r.totals.map((t) => t.count)).toEqual([6]);
    expect(calls.slice(0, 2)).toEqual([
      "list expandPaymentMethods=true&pageNumber=1&pageSize=500", // the register's first page: 11 pages > 6 customers
      expect.stringMatching(/^list lastModifiedDateTime=2026-11-24T20%3A00%3A00&lastModifiedDateTimeCondition=%3E%3D&/),
    ]);
    expect(calls.slice(2).sort()).toEqual([
      "GET /v1/customer/20500",
      "GET /v1/customer/20600",
      "GET /v1/customer/20700",
    ]);
  });

  it("a customer read by number whose answer names no payment method is read from the register before judging", async () => {
    // ASSUMPTION(A64): the single GET names defaultPaymentMethodId; should it not, nothing is judged on a guess.
    await withRegister(400);
    world.sandbox.store.createInvoice({ customerNumber: "20350", paymentMethodId: null }); // the customer's default decides
    world.sandbox.faults.add({
      kind: "malformed",
      match: { method: "GET", path: "/v1/customer/20350" },
      malformedField: "defaultPaymentMethodId",
      malformedValue: undefined, // left out of the answer
    });
    const { r, calls } = await transfer(world);
    expect(r.totals.map((t) => t.count)).toEqual([1]); // FACTORING, as the register says
    expect(calls[0]).toBe("GET /v1/customer/20350");
    expect(calls.slice(1).every((c) => c.startsWith("list expandPaymentMethods=true"))).toBe(true);
  });
});
