import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { TenantSchema } from "../../src/config/schema.ts";
import { kidIssue } from "../../src/format/kid.ts";
import { judgeScreened, screenDocuments, selectDocuments, type SelectionInput } from "../../src/select/select.ts";
import { businessDate } from "../../src/shared/time.ts";
import type { ArDocument } from "../../src/visma/types.ts";
import { creditNote, customer, invoice } from "../helpers/documents.ts";
import { reachOf } from "../../src/shared/notice.ts";
import { textOf } from "../helpers/notices.ts";

const zone = "Europe/Oslo";
const settings = TenantSchema.parse({
  name: "Acme",
  visma: { tenantId: "t", clientIdEnv: "A_ID", clientSecretEnv: "A_SECRET" },
  factor: { preset: "nordea-finance", clientNumber: "1234", format: { type: "sgf" }, kid: "none" },
  delivery: { type: "local", directory: "/tmp/x" },
  selection: { paymentMethods: ["FACTORING"] },
  closing: { cashAccount: "1510", paymentMethod: "FACTORING" },
});

function run(documents: ArDocument[], patch: Partial<SelectionInput> = {}) {
  return selectDocuments({
    settings,
    businessDate: "2026-11-27",
    since: DateTime.fromISO("2026-11-26T15:30:00", { zone }),
    integrationStart: DateTime.fromISO("2026-11-01T00:00:00", { zone }),
    documents,
    customers: new Map([
      ["10001", customer("10001")],
      ["10002", customer("10002", { defaultPaymentMethodId: "BANK" })],
    ]),
    alreadySent: new Set(),
    kidIssue: () => null,
    formatProblems: () => [],
    ...patch,
  });
}

const reasons = (docs: ArDocument[], patch?: Partial<SelectionInput>) =>
  Object.fromEntries(run(docs, patch).excluded.map((e) => [e.document.number, e.code]));
const chosen = (docs: ArDocument[], patch?: Partial<SelectionInput>) => run(docs, patch).selected.map((d) => d.number);

describe("selection", () => {
  it("takes open invoices and credit notes with a factoring payment method", () => {
    // Credit notes sort before invoices in the batch (by type, then number).
    expect(chosen([invoice("1"), creditNote("2")])).toEqual(["2", "1"]);
  });

  it("applies the KID rule to invoices only: a credit note carries no KID", () => {
    const rule = { kidIssue: (kid: string | null) => kidIssue(kid, "mod10") };
    const docs = [
      creditNote("1", { kid: null }),
      creditNote("2", { kid: "123" }),
      invoice("3", { kid: null }),
      invoice("4"),
    ];
    expect(chosen(docs, rule)).toEqual(["1", "2", "4"]);
    expect(run(docs, rule).excluded.map((e) => [e.document.number, e.code])).toEqual([["3", "kid"]]);
  });

  it("factors only what the invoice endpoint marks as an Invoice; other document types are held back for a person", () => {
    const docs = [
      invoice("1", { documentType: "Invoice" }),
      invoice("2", { documentType: "DebitNote" }),
      invoice("3", { documentType: "FinCharge" }),
      creditNote("4", { documentType: "CreditNote" }),
      invoice("5", { documentType: "CreditNote" }), // listed by the invoice endpoint, but not an invoice
      invoice("6", { documentType: "DebitNote", paymentMethodId: "BANK" }), // not for the factor anyway
    ];
    expect(chosen(docs)).toEqual(["4", "1"]);
    const excluded = run(docs).excluded;
    expect(excluded.map((e) => [e.document.number, e.code, reachOf(e.code) === "attention"])).toEqual([
      ["2", "unsupported-type", true],
      ["3", "unsupported-type", true],
      ["5", "unsupported-type", true],
      ["6", "payment-method", false],
    ]);
    expect(textOf(excluded[0]!)).toBe(
      "Visma.net lists it as a DebitNote; only invoices and credit notes are factored (a debit note is not sent as an invoice) — agree with the factor how to handle it",
    );
  });

  it("judges the age limit at its boundary: 30 days back is sent, 31 is too old", () => {
    const docs = [invoice("30", { documentDate: "2026-10-28" }), invoice("31", { documentDate: "2026-10-27" })];
    expect(chosen(docs)).toEqual(["30"]);
    const tooOld = run(docs).excluded[0]!;
    expect(tooOld).toMatchObject({ code: "too-old" });
    expect(reachOf(tooOld.code)).toBe("attention");
    expect(textOf(tooOld)).toContain("31 days back (limit 30)");
  });

  it("counts days in calendar dates across the DST change (Oslo, 25 Oct 2026)", () => {
    // 2026-10-25 has 25 hours in Oslo; calendar days still count as one each.
    const docs = [invoice("a", { documentDate: "2026-10-24" }), invoice("b", { documentDate: "2026-10-23" })];
    expect(chosen(docs, { businessDate: "2026-11-23" })).toEqual(["a"]);
  });

  it("uses the business date of the tenant's zone: 23:30 UTC on 27 Nov is already 28 Nov in Oslo", () => {
    const late = DateTime.fromISO("2026-11-27T23:30:00Z");
    expect(businessDate(late, zone)).toBe("2026-11-28");
    const summer = DateTime.fromISO("2026-06-30T22:30:00Z");
    expect(businessDate(summer, zone)).toBe("2026-07-01");
    const docs = [invoice("x", { documentDate: "2026-10-29" })];
    expect(chosen(docs, { businessDate: businessDate(late, zone) })).toEqual(["x"]); // 30 days
    expect(chosen(docs, { businessDate: "2026-11-29" })).toEqual([]); // 31 days
  });

  it("the invoice's own payment method counts; the customer's default only when the invoice has none", () => {
    const docs = [
      invoice("inv-bank", { paymentMethodId: "BANK" }), // customer default FACTORING, invoice says BANK
      invoice("inv-fact", { paymentMethodId: "FACTORING", customer: { number: "10002", name: "Bank Kunde AS" } }), // default BANK
      invoice("inv-none-f", { paymentMethodId: null }), // customer 10001 default FACTORING
      invoice("inv-none-b", { paymentMethodId: null, customer: { number: "10002", name: "Bank Kunde AS" } }),
    ];
    expect(chosen(docs)).toEqual(["inv-fact", "inv-none-f"]);
    expect(reasons(docs)).toEqual({ "inv-bank": "payment-method", "inv-none-b": "payment-method" });
  });

  it("takes every method when the tenant lists none", () => {
    const all = TenantSchema.parse({ ...settings, selection: { paymentMethods: [] } });
    expect(chosen([invoice("b", { paymentMethodId: "BANK" })], { settings: all })).toEqual(["b"]);
  });

  it("skips what the ledger already holds and what was not modified since the previous run", () => {
    const docs = [
      invoice("sent"),
      invoice("old", { modifiedAt: "2026-11-26T15:29:59.000" }),
      invoice("new", { modifiedAt: "2026-11-26T15:30:00.000" }),
    ];
    expect(chosen(docs, { alreadySent: new Set(["Invoice:sent"]) })).toEqual(["new"]);
  });

  it("takes an invoice released from Hold after its creation (modified since, created earlier)", () => {
    const released = invoice("held", { createdAt: "2026-11-20T09:00:00.000", modifiedAt: "2026-11-27T09:00:00.000" });
    expect(chosen([released])).toEqual(["held"]);
  });

  it("does not ship documents created before the integration started", () => {
    const docs = [invoice("pre", { createdAt: "2026-10-31T23:59:59.000", documentDate: "2026-11-20" })];
    expect(reasons(docs)).toEqual({ pre: "created-before-start" });
  });

  it("only Open documents; applied credit notes are listed for a human", () => {
    const docs = [
      invoice("hold", { status: "Hold", hold: true }),
      invoice("bal", { status: "Balanced" }),
      invoice("closed", { status: "Closed", balanceOre: 0 }),
      invoice("void", { status: "Voided" }),
      creditNote("cn-applied", { status: "Closed", balanceOre: 0 }),
    ];
    const r = run(docs);
    expect(r.selected).toEqual([]);
    expect(
      Object.fromEntries(r.excluded.map((e) => [e.document.number, [e.code, reachOf(e.code) === "attention"]])),
    ).toEqual({
      hold: ["not-open-yet", false],
      bal: ["not-open-yet", false],
      closed: ["closed-before-transfer", false],
      void: ["voided-before-transfer", false],
      "cn-applied": ["credit-applied", true],
    });
  });

  it("holds back partly paid documents, other currencies, bad KIDs and unformattable ones", () => {
    const docs = [
      invoice("part", { balanceOre: 100_000 }),
      invoice("eur", { currency: "EUR" }),
      invoice("kid", { kid: "12345" }),
      invoice("fmt", { kid: "12344" }),
      invoice("ok", { kid: "12344" }),
    ];
    const r = run(docs, {
      kidIssue: (kid) => kidIssue(kid, "mod10"),
      formatProblems: (d) => (d.number === "fmt" ? [{ field: "F2 invoice no.", message: "too long" }] : []),
    });
    expect(r.selected.map((d) => d.number)).toEqual(["ok"]);
    expect(Object.fromEntries(r.excluded.map((e) => [e.document.number, e.code]))).toEqual({
      part: "partly-paid-before-transfer",
      eur: "currency",
      kid: "kid",
      fmt: "format",
    });
    expect(r.excluded.every((e) => reachOf(e.code) === "attention")).toBe(true);
  });

  it("sees each document once even when two queries return it", () => {
    const r = run([invoice("1"), invoice("1")]);
    expect(r.selected).toHaveLength(1);
    expect(r.excluded).toHaveLength(0);
  });
});

describe("the selection in two steps (screened before the customers are read, judged after)", () => {
  // Every combination of the faults below on one document each, so several reasons apply at once.
  const methods = ["own FACTORING", "own BANK", "none"] as const;
  const customerKinds = ["default FACTORING", "default BANK", "not in Visma.net"] as const;
  const flags = ["sent", "closed", "debit note", "old", "EUR", "partly paid", "bad KID", "unformattable"] as const;
  type Flag = (typeof flags)[number];
  interface Case {
    doc: ArDocument;
    method: (typeof methods)[number];
    customer: (typeof customerKinds)[number];
    has: (flag: Flag) => boolean;
  }
  const cases: Case[] = [];
  for (const method of methods)
    for (const customerKind of customerKinds)
      for (let mask = 0; mask < 1 << flags.length; mask++) {
        const has = (flag: Flag) => (mask & (1 << flags.indexOf(flag))) !== 0;
        const number = `${methods.indexOf(method)}${customerKinds.indexOf(customerKind)}${String(mask).padStart(3, "0")}`;
        const doc = invoice(number, {
          customer: { number: `c${number}`, name: customerKind },
          paymentMethodId: method === "none" ? null : method.slice(4),
          ...(has("closed") ? { status: "Closed" as const } : {}),
          ...(has("debit note") ? { documentType: "DebitNote" as const } : {}),
          ...(has("old") ? { documentDate: "2026-10-01" } : {}),
          ...(has("EUR") ? { currency: "EUR" } : {}),
          ...(has("partly paid") ? { balanceOre: 100_000 } : {}),
          ...(has("bad KID") ? { kid: "12345" } : {}),
          ...(has("unformattable") ? { customerRef: "unformattable" } : {}),
        });
        cases.push({ doc, method, customer: customerKind, has });
      }
  const allCustomers = new Map(
    cases
      .filter((c) => c.customer !== "not in Visma.net")
      .map((c) => [
        c.doc.customer.number,
        customer(c.doc.customer.number, { defaultPaymentMethodId: c.customer.slice(8) }),
      ]),
  );
  const input = {
    settings,
    businessDate: "2026-11-27",
    since: DateTime.fromISO("2026-11-26T15:30:00", { zone }),
    integrationStart: DateTime.fromISO("2026-11-01T00:00:00", { zone }),
    documents: cases.map((c) => c.doc),
    alreadySent: new Set(cases.filter((c) => c.has("sent")).map((c) => `Invoice:${c.doc.number}`)),
    kidIssue: (kid: string | null) => kidIssue(kid, "mod10"),
    formatProblems: (d: ArDocument) => (d.customerRef ? [{ field: "F10 order no.", message: "unformattable" }] : []),
  };

  /** The reason the rules give, written out in their order, independently of the code. */
  function expectedReason(c: Case): string | undefined {
    if (c.has("sent")) return "already-transferred";
    if (c.has("closed")) return "closed-before-transfer";
    const method = c.method === "none" ? (c.customer === "default FACTORING" ? "FACTORING" : "other") : c.method;
    if (method !== "FACTORING" && method !== "own FACTORING") return "payment-method";
    if (c.has("debit note")) return "unsupported-type";
    if (c.has("old")) return "too-old";
    if (c.has("EUR")) return "currency";
    if (c.has("partly paid")) return "partly-paid-before-transfer";
    if (c.customer === "not in Visma.net") return "missing-customer";
    if (c.has("bad KID")) return "kid";
    if (c.has("unformattable")) return "format";
    return undefined;
  }

  it("asks for the customer only of documents that no rule before the customer's own decides", () => {
    const screening = screenDocuments(input);
    const needed = cases.filter((c) => {
      if (c.has("sent") || c.has("closed")) return false;
      if (c.method === "none") return true; // its method is its customer's default
      if (c.method === "own BANK") return false;
      return !(["debit note", "old", "EUR", "partly paid"] as const).some(c.has);
    });
    expect([...screening.customersNeeded].sort()).toEqual(needed.map((c) => c.doc.customer.number).sort());
  });

  it("gives, with only the customers asked for, the verdict a fresh selection gives, whichever reason wins", () => {
    const screening = screenDocuments(input);
    const read = new Map([...allCustomers].filter(([number]) => screening.customersNeeded.has(number)));
    const reused = judgeScreened(screening, read);
    expect(reused).toEqual(selectDocuments({ ...input, customers: allCustomers }));
    const got = new Map(reused.excluded.map((e) => [e.document.number, e.code]));
    const wrong = cases.filter((c) => got.get(c.doc.number) !== expectedReason(c));
    expect(wrong.map((c) => [c.doc.number, got.get(c.doc.number), expectedReason(c)])).toEqual([]);
    expect(reused.selected.map((d) => d.number)).toEqual(
      cases.filter((c) => expectedReason(c) === undefined).map((c) => c.doc.number),
    );
  });
});
