import { afterEach, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { assertFilterDate, lookBackOverlap } from "../../src/visma/filters.ts";
import { startFake, type FakeVisma } from "./fake-server.ts";
import { clientFor } from "./setup.ts";

let fake: FakeVisma | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function emptyServer() {
  fake = await startFake({ api: () => ({ status: 200, body: [] }) });
  return fake;
}

describe("expand flags: every child collection the product uses is asked for", () => {
  /** A server whose expand defaults are "off": children only when the flag says true. */
  async function strictServer() {
    fake = await startFake({
      api: (req) => {
        const on = (flag: string) => req.query.get(flag) === "true";
        const doc: Record<string, unknown> = {
          documentType: req.path.endsWith("customerinvoice") ? "Invoice" : "CreditNote",
          referenceNumber: "000001",
          status: "Open",
          documentDate: "2026-11-26T00:00:00",
          customer: { number: "10001", name: "Kunde AS" },
          currencyId: "NOK",
          amount: 125,
          balance: 125,
          vatTotal: 25,
        };
        if (on("expandTaxDetails"))
          doc.taxDetails = [
            {
              taxId: "3",
              vatId: { number: "3", description: "Høy sats" },
              vatRate: 25,
              taxableAmount: 100,
              vatAmount: 25,
            },
          ];
        if (on("expandApplications")) doc.applications = [];
        if (on("expandInvoiceAddress"))
          doc.invoiceAddress = {
            addressLine1: "Gata 1",
            postalCode: "0150",
            city: "Oslo",
            country: { id: "NO", name: "Norge" },
          };
        return { status: 200, body: Number(req.query.get("pageNumber")) > 1 ? [] : [doc] };
      },
    });
    return fake;
  }

  it("invoices and credit notes come with tax details, applications and the invoice address", async () => {
    const { client } = clientFor(await strictServer());

    const invoices = await client.listInvoices({ status: "Open" });
    const notes = await client.listCreditNotes({});

    for (const d of [...invoices.items, ...notes.items]) {
      expect(d.taxDetails).toEqual([{ taxId: "3", vatRate: "25", taxableOre: 10000, vatOre: 2500 }]);
      expect(d.invoiceAddress).toMatchObject({ line1: "Gata 1", countryId: "NO" });
    }
  });

  it("what came back is observable in the client's stats: child collections, vatId shapes, without extra calls", async () => {
    const { client } = clientFor(await strictServer());
    await client.listInvoices({});
    await client.listCreditNotes({});
    expect(client.stats.shapes).toEqual({
      documents: 2,
      children: {
        applications: { present: 2, absent: 0 },
        taxDetails: { present: 2, absent: 0 },
        invoiceAddress: { present: 2, absent: 0 },
      },
      vatId: { object: 2, string: 0 },
    });
    expect(fake!.requests).toHaveLength(4); // per list: page 1 and the empty page that ends it (no metadata)
  });
});

describe("the look-back overlap covers a server that means UTC where we send local time, and the reverse", () => {
  const at = DateTime.fromISO("2026-11-27T15:45:00Z");
  it.each([
    ["Europe/Oslo", 4], // +1 in winter, +2 in summer: the largest offset of the year counts
    ["Asia/Tokyo", 11],
    ["America/New_York", 7], // −5 / −4: local time behind UTC shifts the other way
    ["Pacific/Chatham", 16], // +13:45 in summer, rounded up
    ["UTC", 2],
  ])("%s: %i h (largest offset + 2 h margin)", (zone, hours) => {
    expect(lookBackOverlap(zone, at).as("hours")).toBe(hours);
  });
});

describe("filters", () => {
  it("invoices: status, customer, dates with URL-encoded conditions, expandApplications", async () => {
    const f = await emptyServer();
    const { client } = clientFor(f, { pageSize: 200 });

    await client.listInvoices({
      status: "Open",
      customer: "10000",
      documentDate: { value: "2025-01-01", condition: ">=" },
      lastModifiedDateTime: { value: "2025-01-27T10:46:10", condition: ">" },
      createdDateTime: { value: "2025-01-27T00:00:00", condition: "<=" },
    });

    expect(f.requests[0]!.path).toBe("/v1/customerinvoice");
    expect(f.requests[0]!.rawQuery).toBe(
      "status=Open&customer=10000&documentDate=2025-01-01&documentDateCondition=%3E%3D" +
        "&lastModifiedDateTime=2025-01-27T10%3A46%3A10&lastModifiedDateTimeCondition=%3E" +
        "&createdDateTime=2025-01-27T00%3A00%3A00&createdDateTimeCondition=%3C%3D" +
        "&expandApplications=true&expandTaxDetails=true&expandInvoiceAddress=true&pageNumber=1&pageSize=200",
    );
  });

  it("credit notes use /v1/customerCreditNote with the same parameters", async () => {
    const f = await emptyServer();
    const { client } = clientFor(f, { pageSize: 50 });

    await client.listCreditNotes({ status: "Open", lastModifiedDateTime: { value: "2025-01-01", condition: "<" } });

    expect(f.requests[0]!.path).toBe("/v1/customerCreditNote");
    expect(f.requests[0]!.rawQuery).toBe(
      "status=Open&lastModifiedDateTime=2025-01-01&lastModifiedDateTimeCondition=%3C&expandApplications=true&expandTaxDetails=true&expandInvoiceAddress=true&pageNumber=1&pageSize=50",
    );
  });

  it("customers: lastModifiedDateTime and expandPaymentMethods", async () => {
    const f = await emptyServer();
    const { client } = clientFor(f, { pageSize: 100 });

    await client.listCustomers({ lastModifiedDateTime: { value: "2025-05-25", condition: ">=" } });

    expect(f.requests[0]!.path).toBe("/v1/customer");
    expect(f.requests[0]!.rawQuery).toBe(
      "lastModifiedDateTime=2025-05-25&lastModifiedDateTimeCondition=%3E%3D&expandPaymentMethods=true&pageNumber=1&pageSize=100",
    );
  });

  it("payments: customer, paymentType, status, docDate, invoiceRefNbr", async () => {
    const f = await emptyServer();
    const { client } = clientFor(f, { pageSize: 100 });

    await client.listPayments({
      customer: "10002",
      paymentType: "Refund",
      status: "Closed",
      docDate: { value: "2025-03-01", condition: ">=" },
      invoiceRefNbr: "000224",
    });

    expect(f.requests[0]!.path).toBe("/v1/customerPayment");
    expect(f.requests[0]!.rawQuery).toBe(
      "customer=10002&paymentType=Refund&status=Closed&docDate=2025-03-01&docDateCondition=%3E%3D&invoiceRefNbr=000224&pageNumber=1&pageSize=100",
    );
  });

  it("refuses a date with a zone letter or offset before anything is sent", async () => {
    const f = await emptyServer();
    const { client } = clientFor(f);

    await expect(
      client.listInvoices({ lastModifiedDateTime: { value: "2025-01-27T10:46:10Z", condition: ">=" } }),
    ).rejects.toThrow(/filter lastModifiedDateTime: "2025-01-27T10:46:10Z" carries a time zone/);
    await expect(
      client.listPayments({ docDate: { value: "2025-01-27T10:46:10+01:00", condition: ">=" } }),
    ).rejects.toThrow(/docDate.*carries a time zone/);
    expect(f.requests).toHaveLength(0);
    expect(f.tokenRequests).toHaveLength(0);
  });

  it("accepts the documented zone-less forms only", () => {
    expect(() => assertFilterDate("d", "2025-01-27")).not.toThrow();
    expect(() => assertFilterDate("d", "2025-01-27T10:46:10")).not.toThrow();
    expect(() => assertFilterDate("d", "2025-01-27T10:46:10.777")).not.toThrow();
    expect(() => assertFilterDate("d", "27.01.2025")).toThrow(/is not "yyyy-MM-dd"/);
  });
});
