import { afterEach, describe, expect, it } from "vitest";
import { startFake, withMetadata, type FakeVisma, type Recorded } from "./fake-server.ts";
import { clientFor, invoiceDto } from "./setup.ts";

let fake: FakeVisma | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const numbers = (n: number) => Array.from({ length: n }, (_, i) => String(100001 + i));

/** Serves `all` the way Visma.net does: pageSize silently capped at `max`, 1-based pages. */
function pagedServer(all: Array<Record<string, unknown>>, max: number, metadata: boolean) {
  return (req: Recorded) => {
    const size = Math.min(Number(req.query.get("pageSize") ?? max), max);
    const page = Number(req.query.get("pageNumber") ?? 1);
    const slice = all.slice((page - 1) * size, page * size);
    return { status: 200, body: metadata ? withMetadata(slice, all.length, max) : slice };
  };
}

describe("paging", () => {
  it("pages through a forced maximum page size and sends the effective size from page 2 on", async () => {
    const all = numbers(23).map((n) => invoiceDto(n));
    fake = await startFake({ api: pagedServer(all, 10, true) });
    const { client } = clientFor(fake, { pageSize: 500 });

    const result = await client.listInvoices({ status: "Open" });

    expect(result.malformed).toEqual([]);
    expect(result.items.map((d) => d.number)).toEqual(numbers(23));
    expect(fake.requests.map((r) => [r.query.get("pageNumber"), r.query.get("pageSize")])).toEqual([
      ["1", "500"],
      ["2", "10"],
      ["3", "10"],
    ]);
  });

  it("stops when pageNumber × size reaches totalCount, without asking for an empty page", async () => {
    const all = numbers(20).map((n) => invoiceDto(n));
    fake = await startFake({ api: pagedServer(all, 10, true) });
    const { client } = clientFor(fake, { pageSize: 10 });

    const result = await client.listInvoices({});

    expect(result.items).toHaveLength(20);
    expect(fake.requests).toHaveLength(2);
  });

  it("reads a list whole only when page 1 shows it takes at most the pages allowed (pagesAtMost)", async () => {
    const all = numbers(23).map((n) => ({ number: n, name: `Kunde ${n}`, status: "Active" }));
    fake = await startFake({ api: pagedServer(all, 10, true) });
    const { client } = clientFor(fake, { pageSize: 500 });

    const cut = await client.listCustomers({ pagesAtMost: 2 }); // 3 pages: page 1 only, said so
    expect(cut.items.map((c) => c.number)).toEqual(numbers(10));
    expect(cut.complete).toBe(false);
    expect(fake.requests.map((r) => r.query.get("pagesAtMost"))).toEqual([null]); // never sent
    const whole = await client.listCustomers({ pagesAtMost: 3 });
    expect(whole.items).toHaveLength(23);
    expect(whole.complete).toBeUndefined();
    expect(fake.requests).toHaveLength(4);
  });

  it("does not depend on metadata: a short first page without it is taken as the forced size", async () => {
    const all = numbers(23).map((n) => ({ number: n, name: `Kunde ${n}`, status: "Active" }));
    fake = await startFake({ api: pagedServer(all, 10, false) });
    const { client } = clientFor(fake, { pageSize: 500 });

    const result = await client.listCustomers();

    expect(result.items.map((c) => c.number)).toEqual(numbers(23));
    expect(fake.requests.map((r) => r.query.get("pageSize"))).toEqual(["500", "10", "10"]);
  });

  it("ends on an empty page when metadata is missing and the list is an exact multiple", async () => {
    const all = numbers(20).map((n) => ({ number: n, name: `Kunde ${n}` }));
    fake = await startFake({ api: pagedServer(all, 10, false) });
    const { client } = clientFor(fake, { pageSize: 10 });

    const result = await client.listCustomers();

    expect(result.items).toHaveLength(20);
    expect(fake.requests.map((r) => r.query.get("pageNumber"))).toEqual(["1", "2", "3"]);
  });

  it("fails instead of looping when the server ignores pageNumber", async () => {
    const page = withMetadata(
      numbers(10).map((n) => invoiceDto(n)),
      50,
      10,
    );
    fake = await startFake({ api: () => ({ status: 200, body: page }) });
    const { client } = clientFor(fake, { pageSize: 10 });

    await expect(client.listInvoices({})).rejects.toThrow(/page 2 starts with the same element as page 1/);
    expect(fake.requests).toHaveLength(2);
  });

  it("does not page payment methods and cash accounts", async () => {
    fake = await startFake({
      api: (req) =>
        req.path === "/v1/paymentmethod"
          ? {
              status: 200,
              body: [
                {
                  paymentMethodID: "FACTORING",
                  description: "Factoring",
                  active: true,
                  meansOfPayment: "DirectDeposit",
                },
              ],
            }
          : { status: 200, body: [{ number: "1510", description: "Fordringer factoring", currency: "NOK" }] },
    });
    const { client } = clientFor(fake);

    expect(await client.listPaymentMethods()).toEqual([
      { id: "FACTORING", description: "Factoring", active: true, meansOfPayment: "DirectDeposit" },
    ]);
    expect(await client.listCashAccounts()).toEqual([
      { number: "1510", description: "Fordringer factoring", currency: "NOK" },
    ]);
    expect(fake.requests.map((r) => r.rawQuery)).toEqual(["", ""]);
  });
});

describe("parallel pages (fetchAllPages)", () => {
  it("fetches the pages after the second in parallel and returns the elements in order", async () => {
    const { fetchAllPages } = await import("../../src/visma/paging.ts");
    const items = Array.from({ length: 95 }, (_, i) => ({ n: i + 1, metadata: { totalCount: 95, maxPageSize: 10 } }));
    let inFlight = 0;
    let maxInFlight = 0;
    const asked: number[] = [];
    const pages = await fetchAllPages(
      async ({ pageNumber, pageSize }) => {
        asked.push(pageNumber);
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        // Later pages answer faster, so out-of-order arrival is real.
        await new Promise((r) => setTimeout(r, 30 - pageNumber));
        inFlight -= 1;
        return items.slice((pageNumber - 1) * Math.min(pageSize, 10), pageNumber * Math.min(pageSize, 10));
      },
      { requestedPageSize: 500, endpoint: "GET /v1/customerinvoice", parallelPages: 4 },
    );
    expect(pages.map((p) => (p as { n: number }).n)).toEqual(items.map((i) => i.n));
    expect(asked.slice(0, 2)).toEqual([1, 2]);
    expect(new Set(asked).size).toBe(10);
    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(4);
  });
});
