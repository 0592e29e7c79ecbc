import { describe, expect, it } from "vitest";
import { fetchAllPages, type PageRequest } from "../../src/visma/paging.ts";

describe("a sample instead of the whole list (maxElements)", () => {
  it("stops after the page that reaches the count, one page after another", async () => {
    const asked: PageRequest[] = [];
    const all = Array.from({ length: 95 }, (_, i) => ({ n: i, metadata: { totalCount: 95, maxPageSize: 10 } }));
    const page = async (p: PageRequest) => {
      asked.push(p);
      return all.slice((p.pageNumber - 1) * p.pageSize, p.pageNumber * p.pageSize);
    };
    const got = await fetchAllPages(page, {
      requestedPageSize: 10,
      endpoint: "GET /v1/customerinvoice",
      parallelPages: 4,
      maxElements: 25,
    });
    expect(got).toHaveLength(30);
    expect(asked.map((p) => p.pageNumber)).toEqual([1, 2, 3]);
    expect(
      await fetchAllPages(page, { requestedPageSize: 10, endpoint: "GET /v1/customerinvoice", maxElements: 1000 }),
    ).toHaveLength(95);
  });
});
