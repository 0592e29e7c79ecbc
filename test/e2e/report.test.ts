// Reconciliation end to end: a clean transfer + close balances (in the close job summary and in
// `npm run report`), and a tampered ledger or a payment the ledger does not know is named.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { report as reportCommand, runReport, type ReportOptions } from "../../src/commands/report.ts";
import { messages, mismatchText, reconciliationText } from "../../src/report/messages/index.ts";
import { startWorld, type World } from "../helpers/world.ts";

let world: World;
const saved = { ...process.env };
afterEach(async () => {
  process.env = { ...saved };
  await world?.stop();
  world = undefined as unknown as World; // a test without a world must not stop the last one again
});

async function transferredAndClosed(): Promise<World> {
  world = await startWorld();
  const s = world.sandbox.store;
  s.createInvoice({ customerNumber: "10001", referenceNumber: "000701", amountOre: 125_050 });
  s.createInvoice({ customerNumber: "10001", referenceNumber: "000702", amountOre: 80_000 });
  s.createCreditNote({ customerNumber: "10003", referenceNumber: "000703", amountOre: 25_000 });
  world.at("2026-11-26T15:45:00");
  expect((await world.transfer()).results[0]!.status).toBe("ok");
  world.at("2026-11-27T16:00:00");
  return world;
}

const report = (w: World, extra: Partial<ReportOptions> = {}) =>
  runReport({
    format: "md",
    now: "2026-11-27T18:00:00+01:00",
    tenantsDir: w.tenantsDir,
    stateDir: w.stateDir,
    env: w.env,
    ...extra,
  });

describe("reconciliation against the sandbox", () => {
  it("balances after a clean transfer and close, in the close job summary and in npm run report", async () => {
    await transferredAndClosed();
    const summary = join(await mkdtemp(join(tmpdir(), "summary-")), "step-summary.md");
    await writeFile(summary, "");
    Object.assign(world.env, { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary });
    process.env.GITHUB_STEP_SUMMARY = summary; // @actions/core reads the path from process.env
    const close = (await world.close()).results[0]!;
    expect(close.status).toBe("ok");
    expect(close.reconciliation!.mismatches).toEqual([]);
    const line =
      "Reconciliation 2026-11-27: transferred none; closed 1 credit note 250,00 NOK + 2 invoices 2 050,50 NOK; skipped none; still open none — " +
      "balanced against Visma.net (3 closed documents, 3 payments/refunds of ours checked)";
    expect(reconciliationText(messages("en"), close.reconciliation!)).toBe(line);
    expect(await readFile(summary, "utf8")).toContain(line);

    const md = await report(world, { from: "2026-11-01" });
    expect(md.exitCode).toBe(0);
    expect(md.text).toContain("| 2026-11-26 | 1 credit note 250,00 NOK<br>2 invoices 2 050,50 NOK | – | – | – |");
    expect(md.text).toContain("| 2026-11-27 | – | 1 credit note 250,00 NOK<br>2 invoices 2 050,50 NOK | – | – |");
    expect(md.text).toContain("**Balanced: 3 closed documents and 3 payments/refunds of ours agree with Visma.net.**");

    const json = JSON.parse((await report(world, { format: "json", from: "2026-11-01" })).text);
    expect(json.tenants[0]).toMatchObject({
      tenant: "acme",
      balanced: true,
      from: "2026-11-01",
      to: "2026-11-27",
      mismatches: [],
    });
    expect(json.tenants[0].total.closed).toEqual([
      { type: "CreditNote", currency: "NOK", count: 1, amountOre: 25_000 },
      { type: "Invoice", currency: "NOK", count: 2, amountOre: 205_050 },
    ]);

    const csv = (await report(world, { format: "csv", from: "2026-11-26", to: "2026-11-26" })).text.split("\r\n");
    expect(csv[0]).toBe("tenant,date,measure,document_type,currency,count,amount_ore,amount,document,detail");
    expect(csv).toContain("acme,2026-11-26,transferred,Invoice,NOK,2,205050,2050.50,,");
    expect(csv).toContain("acme,total,transferred,CreditNote,NOK,1,25000,250.00,,");
    expect(csv.filter((row) => row.includes(",open,"))).toEqual([]); // "still open" is the ledger's state now: all closed
  });

  it("names the document when the ledger's amount was edited", async () => {
    await transferredAndClosed();
    await world.close();
    // A hand edit of the month log: the closing line of 000702 now names an amount of its own.
    const path = world.ledger.monthPath("2026-11");
    const text = await readFile(path, "utf8");
    const edited = text.replace(/(\{"e":"closed","t":"I","n":"000702",[^}]*)\}/, '$1,"a":70000}');
    expect(edited).not.toBe(text);
    await writeFile(path, edited);

    const r = await report(world);
    expect(r.exitCode).toBe(1);
    const mismatches = r.reports[0]!.reconciliation!.mismatches;
    expect(mismatches.map((m) => m.document?.number)).toEqual(["000702", "000702"]);
    expect(r.text).toContain(
      "Invoice 000702 (customer 10001, 800,00 NOK): the ledger records it closed for 700,00 NOK, but 800,00 NOK was transferred",
    );
    expect(r.text).toMatch(/Invoice 000702 .*applies 800,00 NOK to it in Visma\.net, the ledger records 700,00 NOK/);
    // The CSV names each mismatch with its document's figures.
    const csv = (await report(world, { format: "csv" })).text.split("\r\n");
    expect(csv.filter((row) => row.includes(",mismatch,"))).toEqual([
      expect.stringMatching(/^acme,[-0-9]+,mismatch,Invoice,NOK,,80000,800\.00,000702,".*700,00 NOK/),
      expect.stringMatching(/^acme,[-0-9]+,mismatch,Invoice,NOK,,80000,800\.00,000702,".*700,00 NOK/),
    ]);
  });

  it("names documents applied by one of our payments that the ledger does not know", async () => {
    await transferredAndClosed();
    await world.close();
    const s = world.sandbox.store;
    s.createInvoice({ customerNumber: "10002", referenceNumber: "000799", amountOre: 40_000, paymentMethodId: "BANK" });
    s.addPayment({
      type: "Payment",
      refNbr: "000099",
      status: "Closed",
      hold: false,
      released: true,
      customerNumber: "10002",
      paymentRef: "VF-20261126-01-000799",
      applicationDate: "2026-11-27",
      amountOre: 40_000,
      currency: "NOK",
      cashAccount: "1510",
      paymentMethodId: "FACTORING",
      invoiceText: null,
      lines: [{ documentType: "Invoice", refNbr: "000799", amountPaidOre: 40_000 }],
      createdDateTime: "2026-11-27T17:00:00.000",
      lastModifiedDateTime: "2026-11-27T17:00:00.000",
    });
    const r = await report(world);
    expect(r.exitCode).toBe(1);
    expect(r.reports[0]!.reconciliation!.mismatches.map((m) => [m.document?.number, m.paymentNumber])).toEqual([
      ["000799", "000099"],
    ]);
    expect(r.text).toContain(
      "Invoice 000799 (customer 10002, 400,00 NOK): Payment 000099 (VF-20261126-01-000799, Closed) applies 400,00 NOK to it, but the ledger never transferred it",
    );
  });

  it("makes the closing fail and name the document when its own day does not reconcile", async () => {
    await transferredAndClosed();
    // A payment of ours applies a transferred document the ledger does not record closed (here: the
    // document was voided on top, so the closing cannot confirm and record it).
    const s = world.sandbox.store;
    s.updateInvoice("000702", { status: "Closed", balanceOre: 0 });
    s.addPayment({
      type: "Payment",
      refNbr: "000098",
      status: "Closed",
      hold: false,
      released: true,
      customerNumber: "10001",
      paymentRef: "VF-20261126-01-000702",
      applicationDate: "2026-11-27",
      amountOre: 80_000,
      currency: "NOK",
      cashAccount: "1510",
      paymentMethodId: "FACTORING",
      invoiceText: null,
      lines: [{ documentType: "Invoice", refNbr: "000702", amountPaidOre: 80_000 }],
      createdDateTime: "2026-11-27T15:00:00.000",
      lastModifiedDateTime: "2026-11-27T15:00:00.000",
    });
    s.updateInvoice("000702", { status: "Voided" }); // and someone voided the document, so the closing skips it
    const r = (await world.close()).results[0]!;
    expect(r.status).toBe("failed");
    expect(r.reconciliation!.mismatches.map((m) => mismatchText(messages("en"), m)).join("\n")).toContain(
      "Invoice 000702 (customer 10001, 800,00 NOK): Payment 000098 (VF-20261126-01-000702, Closed) applies 800,00 NOK to it, but the ledger does not record it closed",
    );
    const csv = (await report(world, { format: "csv" })).text.split("\r\n");
    // The CSV's attention row carries the document's figures and the text a person reads.
    expect(csv.filter((row) => row.includes(",attention:"))).toEqual([
      expect.stringMatching(
        /^acme,2026-11-27,attention:not-confirmed-closed,Invoice,NOK,,80000,800\.00,000702,"Payment 000098 .*Voided/,
      ),
    ]);
  });

  it("refuses bad arguments with the option's name", () => {
    expect(() => reportCommand.parse(["--format", "xml"], {})).toThrow(/--format must be md, json or csv/);
    expect(() => reportCommand.parse(["--from", "27.11.2026"], {})).toThrow(/--from must be a date YYYY-MM-DD/);
    expect(reportCommand.parse(["--tenant", "acme", "--to", "2026-11-27"], {})).toMatchObject({
      tenant: "acme",
      to: "2026-11-27",
      format: "md",
      stateDir: "state",
    });
  });
});
