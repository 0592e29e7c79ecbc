import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lineAmount, singleLineForGross, vatOf } from "../../src/sandbox/visma/documents.ts";
import { kidMod10, orgNumber } from "../../src/sandbox/visma/kid.ts";
import { generateCompany, loadSandboxData } from "../../src/sandbox/visma/seed.ts";
import { startVismaSandbox } from "../../src/sandbox/visma/server.ts";
import { SandboxStore } from "../../src/sandbox/visma/store.ts";
import type { SandboxData, SandboxDocument } from "../../src/sandbox/visma/types.ts";
import { apiClient, fixedClock, json, NOW } from "./helpers.ts";

const TODAY = "2026-11-27";
let company: SandboxData;
let dir: string;

beforeAll(async () => {
  // The generated Norwegian invoicing alone; the extras a real company holds are tested apart.
  company = generateCompany({ seed: 42, customers: 60, documents: 800, today: TODAY, extras: false });
  dir = await mkdtemp(join(tmpdir(), "sandbox-seed-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const documents = () => [...company.invoices, ...company.creditNotes];

describe("kid and org number helpers", () => {
  it("computes MOD10 and MOD11 check digits like the reference examples", () => {
    expect(kidMod10("1234")).toBe("12344");
    // 9,2,3,4,5,6,8,3 weighted 3,2,7,6,5,4,3,2 = 155; 11 − (155 mod 11) = 10: no valid number.
    expect(orgNumber("92345683")).toBeNull();
    // 974760673 is Brønnøysundregistrene's own organisation number.
    expect(orgNumber("97476067")).toBe("974760673");
  });
});

describe("generateCompany", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const again = generateCompany({ seed: 42, customers: 60, documents: 800, today: TODAY, extras: false });
    expect(again).toEqual(company);
    expect(generateCompany({ seed: 42, customers: 60, documents: 800, today: TODAY })).toEqual(
      generateCompany({ seed: 42, customers: 60, documents: 800, today: TODAY }),
    );
    const other = generateCompany({ seed: 43, customers: 60, documents: 800, today: TODAY });
    expect(other.customers.map((c) => c.corporateId)).not.toEqual(company.customers.map((c) => c.corporateId));
  });

  it("creates Norwegian customers: æøå in names and cities, valid 9-digit org numbers, 4-digit postal codes", () => {
    const { customers } = company;
    expect(customers).toHaveLength(60);
    expect(customers[0]!.name).toBe("Ærlig Rørlegger AS");
    expect(customers[1]!.name).toBe("Østfold Bølgeblikk AS");
    expect(customers.filter((c) => /[æøåÆØÅ]/.test(c.name)).length).toBeGreaterThan(10);
    expect(customers.some((c) => /[æøå]/.test(c.mainAddress.city))).toBe(true);
    expect(new Set(customers.map((c) => c.name)).size).toBe(customers.length);
    for (const c of customers) {
      expect(c.corporateId).toMatch(/^\d{9}$/);
      expect(orgNumber(c.corporateId!.slice(0, 8))).toBe(c.corporateId);
      expect(c.mainAddress.postalCode).toMatch(/^\d{4}$/);
      expect(c.number).toMatch(/^\d{5}$/);
    }
    const factoring = customers.filter((c) => c.defaultPaymentMethodId === "FACTORING").length;
    expect(factoring).toBeGreaterThan(customers.length / 2);
    expect(customers.some((c) => c.defaultPaymentMethodId === "BANK")).toBe(true);
  });

  it("has payment methods FACTORING and BANK and cash accounts 1500, 1510, 1920 in NOK", () => {
    expect(company.paymentMethods.map((m) => m.id)).toEqual(expect.arrayContaining(["FACTORING", "BANK"]));
    expect(company.cashAccounts.map((a) => [a.number, a.currency])).toEqual([
      ["1500", "NOK"],
      ["1510", "NOK"],
      ["1920", "NOK"],
    ]);
  });

  it("spreads documents over the last 40 days across statuses, mostly Open", () => {
    const docs = documents();
    expect(docs).toHaveLength(800);
    expect(company.creditNotes.length).toBeGreaterThan(20);
    const earliest = DateTime.fromISO(TODAY).minus({ days: 40 }).toISODate()!;
    for (const d of docs) {
      expect(d.documentDate >= earliest && d.documentDate <= TODAY).toBe(true);
      expect(d.referenceNumber).toMatch(/^\d{6}$/);
      expect(d.createdDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
      expect(d.lastModifiedDateTime >= d.createdDateTime).toBe(true);
    }
    const count = (status: string) => docs.filter((d) => d.status === status).length;
    expect(count("Open")).toBeGreaterThan(docs.length / 2);
    for (const status of ["Hold", "Balanced", "Closed", "Voided"]) expect(count(status)).toBeGreaterThan(0);
  });

  it("keeps amounts, lines and VAT consistent to the øre", () => {
    for (const d of documents()) {
      const net = d.lines.reduce((s, l) => s + l.amountOre, 0);
      const vat = d.taxDetails.reduce((s, t) => s + t.vatOre, 0);
      expect(d.amountOre).toBe(net + vat);
      expect(d.vatTotalOre).toBe(vat);
      for (const t of d.taxDetails) expect(t.vatOre).toBe(vatOf(t.taxableOre, t.vatRate));
      expect(Number.isSafeInteger(d.amountOre) && Number.isSafeInteger(d.balanceOre)).toBe(true);
    }
    expect(documents().some((d) => d.taxDetails.some((t) => t.vatRate === 15))).toBe(true);
  });

  it("settles Closed documents with released payments and leaves some Open ones partly paid", () => {
    const payments = new Map(company.payments!.map((p) => [p.refNbr, p]));
    for (const d of documents().filter((x) => x.status === "Closed")) {
      expect(d.balanceOre).toBe(0);
      const application = d.applications[0]!;
      expect(payments.get(application.refNbr)?.lines[0]).toEqual({
        documentType: d.documentType,
        refNbr: d.referenceNumber,
        amountPaidOre: d.amountOre,
      });
      expect(application.docType).toBe(d.documentType === "Invoice" ? "Payment" : "Refund");
    }
    const partly = documents().filter((d) => d.status === "Open" && d.balanceOre < d.amountOre);
    expect(partly.length).toBeGreaterThan(0);
    for (const d of partly)
      expect(d.amountOre - d.balanceOre).toBe(d.applications.reduce((s, a) => s + a.amountPaidOre, 0));
  });

  it("writes MOD10 KIDs, a few broken or missing; some documents override the customer's payment method", () => {
    const docs = documents();
    const valid = docs.filter(
      (d) => d.paymentReference !== null && kidMod10(d.paymentReference.slice(0, -1)) === d.paymentReference,
    );
    const invalid = docs.filter(
      (d) => d.paymentReference !== null && kidMod10(d.paymentReference.slice(0, -1)) !== d.paymentReference,
    );
    expect(valid.length).toBeGreaterThan(docs.length * 0.9);
    expect(invalid.length).toBeGreaterThan(0);
    expect(docs.some((d) => d.paymentReference === null)).toBe(true);
    const customers = new Map(company.customers.map((c) => [c.number, c]));
    const overriding = docs.filter(
      (d: SandboxDocument) => d.paymentMethodId !== customers.get(d.customerNumber)!.defaultPaymentMethodId,
    );
    expect(overriding.length).toBeGreaterThan(0);
    expect(overriding.length).toBeLessThan(docs.length * 0.2);
    expect(docs.some((d) => d.sendToAutoInvoice) && docs.some((d) => !d.sendToAutoInvoice)).toBe(true);
  });

  it("adds what a real company holds: foreign currency at a rate ≠ 1, debit notes and overdue charges, a payment history with void payments", () => {
    const full = generateCompany({ seed: 42, customers: 60, documents: 800, today: TODAY });
    // The generated documents are the same with or without the extras.
    expect(full.invoices.slice(0, company.invoices.length).map((d) => d.referenceNumber)).toEqual(
      company.invoices.map((d) => d.referenceNumber),
    );
    const foreign = full.invoices.filter((d) => d.currencyId !== "NOK");
    expect(new Set(foreign.map((d) => d.currencyId))).toEqual(new Set(["EUR", "SEK"]));
    expect(foreign.every((d) => d.exchangeRate !== undefined && d.exchangeRate !== 1)).toBe(true);
    expect(full.cashAccounts.map((a) => a.currency)).toEqual(expect.arrayContaining(["EUR", "SEK"]));
    expect(new Set(full.invoices.map((d) => d.documentType))).toEqual(new Set(["Invoice", "DebitNote", "FinCharge"]));
    const payments = full.payments!;
    expect(new Set(payments.map((p) => p.type))).toEqual(
      new Set(["Payment", "Refund", "Prepayment", "VoidPayment", "VoidRefund", "SmallBalanceWo"]),
    );
    expect(payments.filter((p) => p.status === "Voided")).toHaveLength(2);
    expect(payments.some((p) => p.currency === "EUR" && p.cashAccount === "1925")).toBe(true);
  });

  it("writes the same company's timestamps in UTC when asked (the zone Visma.net means is not published)", () => {
    const local = generateCompany({ seed: 5, customers: 5, documents: 30, today: TODAY });
    const utc = generateCompany({ seed: 5, customers: 5, documents: 30, today: TODAY, timestamps: "utc" });
    const first = (d: SandboxData) => d.invoices[0]!;
    // Oslo is UTC+1 in November: 10:15 local is 09:15 UTC.
    expect(DateTime.fromISO(first(local).createdDateTime, { zone: "Europe/Oslo" }).toMillis()).toBe(
      DateTime.fromISO(first(utc).createdDateTime, { zone: "UTC" }).toMillis(),
    );
    expect(first(utc).createdDateTime).not.toBe(first(local).createdDateTime);
  });

  it("generates the benchmark size (500 customers, 5,000 documents)", () => {
    const big = generateCompany({ seed: 7, customers: 500, documents: 5000, today: TODAY, extras: false });
    expect(big.customers).toHaveLength(500);
    expect(big.invoices.length + big.creditNotes.length).toBe(5000);
    expect(new Set(big.customers.map((c) => c.name)).size).toBe(500);
  });

  it("refuses a malformed today", () => {
    expect(() => generateCompany({ seed: 1, customers: 1, documents: 1, today: "27.11.2026" })).toThrow(/yyyy-MM-dd/);
  });
});

describe("seeded sandbox", () => {
  it("serves the generated company and continues the payment number series", async () => {
    const sandbox = await startVismaSandbox({ data: company, clock: fixedClock(), maxPageSize: 500 });
    try {
      const api = await apiClient(sandbox);
      const page = await json(await api("/v1/customerinvoice?status=Open&pageSize=500"));
      const open = company.invoices.filter((d) => d.status === "Open");
      expect(page[0].metadata.totalCount).toBe(open.length);
      const target = open.find((d) => d.balanceOre === d.amountOre)!;
      const amount = target.balanceOre / 100;
      const res = await api("/v1/customerPayment", {
        method: "POST",
        body: {
          type: { value: "Payment" },
          customer: { value: target.customerNumber },
          applicationDate: { value: "2026-11-27T00:00:00" },
          paymentRef: { value: "TEST-1" },
          cashAccount: { value: "1510" },
          paymentAmount: { value: amount },
          paymentLines: [
            {
              operation: "Insert",
              documentType: { value: "Invoice" },
              refNbr: { value: target.referenceNumber },
              amountPaid: { value: amount },
            },
          ],
        },
      });
      expect(res.status).toBe(201);
      const expected = String(company.payments!.length + 1).padStart(6, "0");
      expect(res.headers.get("location")).toBe(`${sandbox.apiBaseUrl}/v1/customerPayment/${expected}`);
      // The generated company itself is untouched (the store works on a copy).
      expect(company.payments!.some((p) => p.refNbr === expected)).toBe(false);
    } finally {
      await sandbox.close();
    }
  });
});

describe("loadSandboxData", () => {
  it("round-trips a store snapshot through a JSON file", async () => {
    const store = new SandboxStore(company, fixedClock(), "Europe/Oslo");
    const file = join(dir, "company.json");
    await writeFile(file, JSON.stringify(store.snapshot()));
    const loaded = await loadSandboxData(file);
    expect(loaded.customers).toEqual(company.customers);
    expect(loaded.invoices).toEqual(company.invoices);
    expect(loaded.creditNotes[0]).toEqual(company.creditNotes[0]);
  });

  it("names the file and the offending field of a broken data file", async () => {
    const broken = structuredClone(company);
    (broken.invoices[3] as unknown as { amountOre: unknown }).amountOre = 12.5;
    const file = join(dir, "broken.json");
    await writeFile(file, JSON.stringify(broken));
    await expect(loadSandboxData(file)).rejects.toThrow(
      /broken\.json: invoices\.3\.amountOre: expected an integer amount in øre/,
    );
    await expect(loadSandboxData(join(dir, "missing.json"))).rejects.toThrow(/missing\.json: cannot read it/);
  });
});

describe("store helpers", () => {
  it("createInvoice fills realistic defaults and updateInvoice bumps lastModifiedDateTime from the clock", () => {
    const store = new SandboxStore(undefined, fixedClock(), "Europe/Oslo");
    store.addPaymentMethod({
      id: "FACTORING",
      description: "Factoring",
      active: true,
      meansOfPayment: "DirectDeposit",
    });
    const customer = store.createCustomer({ name: "Bodø Båtservice AS" });
    expect(customer).toMatchObject({ number: "10000", defaultPaymentMethodId: "FACTORING" });
    const invoice = store.createInvoice();
    expect(invoice).toMatchObject({
      referenceNumber: "000001",
      status: "Open",
      documentDate: "2026-11-27",
      documentDueDate: "2026-12-11",
      amountOre: 125_000,
      balanceOre: 125_000,
      vatTotalOre: 25_000,
      paymentMethodId: "FACTORING",
      paymentReference: kidMod10("10000000001"),
      createdDateTime: "2026-11-27T15:45:00.000",
    });
    store.setClock(fixedClock(NOW.plus({ hours: 1 })));
    store.updateInvoice("000001", { balanceOre: 100_000 });
    expect(store.getInvoice("000001")).toMatchObject({
      balanceOre: 100_000,
      lastModifiedDateTime: "2026-11-27T16:45:00.000",
    });
    expect(() => store.createInvoice({ customerNumber: "nope" })).toThrow(/no customer nope/);
  });

  it("writes zone-less timestamps in the configured time zone", () => {
    const utcNoon = DateTime.fromISO("2026-07-01T12:00:00Z");
    expect(new SandboxStore(undefined, () => utcNoon, "Europe/Oslo").now()).toBe("2026-07-01T14:00:00.000");
    expect(new SandboxStore(undefined, () => utcNoon, "UTC").now()).toBe("2026-07-01T12:00:00.000");
    // The business date is the configured zone's: 22:30 UTC is already tomorrow in Oslo.
    const lateUtc = DateTime.fromISO("2026-07-01T22:30:00Z");
    expect(new SandboxStore(undefined, () => lateUtc, "Europe/Oslo").today()).toBe("2026-07-02");
    expect(new SandboxStore(undefined, () => lateUtc, "UTC").today()).toBe("2026-07-01");
  });

  it("rounds line amounts and VAT half away from zero to the øre", () => {
    expect(lineAmount(2.5, 333)).toBe(833); // 832.5
    expect(lineAmount(2.5, 332)).toBe(830);
    expect(lineAmount(1.5, -333)).toBe(-500); // -499.5
    expect(lineAmount(0.3333, 300)).toBe(100); // 99.99
    expect(vatOf(1002, 25)).toBe(251); // 250.5
    expect(vatOf(1001, 25)).toBe(250); // 250.25
    expect(vatOf(-1002, 25)).toBe(-251);
    expect(vatOf(10_000, 15)).toBe(1500);
    expect(vatOf(999, 12.5)).toBe(125); // 124.875
  });

  it("builds one 25 % line for any gross amount, totals exact", () => {
    for (let gross = 1; gross < 3000; gross += 7) {
      const result = singleLineForGross(gross);
      expect(result.amountOre).toBe(gross);
      expect(result.lines[0]!.amountOre + result.vatTotalOre).toBe(gross);
      expect(Math.abs(result.vatTotalOre - vatOf(result.lines[0]!.amountOre, 25))).toBeLessThanOrEqual(1);
    }
  });
});
