// The watch list end to end: each finding's case seeded in the sandbox, reported once in the run
// summary and in the tenant's "needs attention" issue (loopback GitHub), kept across runs in
// state/acme/attention.json, and cleared when resolved.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { messages } from "../../src/report/messages/index.ts";
import { renderMarkdown as render } from "../../src/report/render.ts";
import type { TenantRunResult } from "../../src/run/result.ts";
import { startFakeGitHub, type FakeGitHub } from "../report/fake-github.ts";
import { gitHubEnv } from "../helpers/actions.ts";
import { startWorld, type World } from "../helpers/world.ts";
import { clearedText, needsHuman } from "../helpers/notices.ts";

const renderMarkdown = (r: TenantRunResult) => render(r, messages("en"));

let world: World;
let github: FakeGitHub | undefined;
afterEach(async () => {
  await world?.stop();
  await github?.close();
  github = undefined;
});

const one = (o: { results: TenantRunResult[] }) => o.results[0]!;
const kinds = (r: TenantRunResult) =>
  needsHuman(r)
    .map((n) => `${n.code} ${n.document?.number ?? "-"}`)
    .sort();
const attentionIssue = () => github!.issues.filter((i) => i.labels.includes("factoring:attention"));
const listed = async () =>
  (
    JSON.parse(await readFile(join(world.stateDir, "acme", "attention.json"), "utf8")) as { entries: { key: string }[] }
  ).entries.map((e) => e.key);

describe("the watch list against the sandbox", () => {
  it("reports each finding once, keeps it across runs in the issue, and clears it when resolved", async () => {
    world = await startWorld({ start: "2026-11-26T10:00:00" });
    const gh = (github = await startFakeGitHub());
    Object.assign(world.env, gitHubEnv(gh));
    const run = { issues: true };
    const s = world.sandbox.store;
    s.createInvoice({
      customerNumber: "10001",
      referenceNumber: "000301",
      documentDate: "2026-10-20",
      amountOre: 50_000,
    }); // too old
    s.createInvoice({
      customerNumber: "10001",
      referenceNumber: "000302",
      paymentReference: "12345",
      amountOre: 60_000,
    }); // KID fails MOD10
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000303", currencyId: "EUR", amountOre: 70_000 }); // currency
    s.createCreditNote({ customerNumber: "10003", referenceNumber: "000304", status: "Closed", amountOre: 25_000 }); // applied before transfer
    s.updateCustomer("10003", { acceptAutoInvoices: true }); // gets its invoices through AutoInvoice
    s.createInvoice({ customerNumber: "10003", referenceNumber: "000305", amountOre: 80_000 });
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000306", sendToAutoInvoice: true, amountOre: 90_000 }); // the attachment flag alone says nothing
    s.createInvoice({ customerNumber: "10003", referenceNumber: "000307", amountOre: 100_000 }); // due date changes later

    // --- day 1: a dry run names no document for AutoInvoice (nothing is transferred yet) ---------
    world.at("2026-11-26T15:45:00");
    expect(kinds(one(await world.transfer({ dryRun: true })))).toEqual([
      "credit-applied 000304",
      "currency 000303",
      "kid 000302",
      "too-old 000301",
    ]);

    // --- day 1: the transfer lists what it held back, and the AutoInvoice invoices it sent -------
    const t1 = one(await world.transfer(run));
    expect(t1.status).toBe("ok");
    expect(kinds(t1)).toEqual([
      "autoinvoice-confirm -",
      "credit-applied 000304",
      "currency 000303",
      "kid 000302",
      "too-old 000301",
    ]);
    const summary1 = renderMarkdown(t1);
    expect(summary1).toContain(
      "[too-old] Invoice 000301 Ærlig Rørlegger AS, 500,00 NOK: document date 2026-10-20 is 37 days back (limit 30); handle it with the factor manually",
    );
    expect(summary1).toContain("[kid] Invoice 000302 Ærlig Rørlegger AS, 600,00 NOK:");
    expect(summary1).toContain(
      "[currency] Invoice 000303 Ærlig Rørlegger AS, 700,00 EUR: currency EUR is not accepted by the factor (NOK)",
    );
    expect(summary1).toContain("[credit-applied] Credit note 000304 Tromsø Kjøl og Frys AS, 250,00 NOK:");
    expect(summary1).toContain(
      "[autoinvoice-confirm] confirm these reached AutoInvoice before the factor notifies the customer: invoice 000305, 000307 (batch acme-20261126-01,",
    );
    expect(summary1).toContain("Attention list: 5 open (5 new, 0 resolved by this run)");
    expect(attentionIssue()).toHaveLength(1);
    expect(attentionIssue()[0]).toMatchObject({ state: "open", title: "[factoring] acme: 5 items need attention" });

    // --- day 2: the due date of a sent invoice moves; the bad-KID invoice is touched again ------
    world.at("2026-11-27T10:00:00");
    s.updateInvoice("000307", { documentDueDate: "2026-12-31" });
    s.updateInvoice("000302", { invoiceText: "purring" });
    world.at("2026-11-27T15:45:00");
    const t2 = one(await world.transfer(run));
    expect(kinds(t2)).toEqual(["due-date-changed 000307", "kid 000302"]); // the AutoInvoice note is not repeated
    const due = t2.notices.find((n) => n.code === "due-date-changed")!;
    expect(due.dueDate).toEqual({ sent: "2026-12-10", current: "2026-12-31" });
    expect(renderMarkdown(t2)).toContain(
      "[due-date-changed] Invoice 000307 Tromsø Kjøl og Frys AS, 1 000,00 NOK: due date changed after transfer: 2026-12-31 in Visma.net, 2026-12-10 sent to the factor in batch acme-20261126-01; change it in the factor's portal too",
    );
    expect(t2.attention!.added.map((e) => e.key)).toEqual(["due-date-changed|Invoice:000307"]); // the KID finding is not new
    expect(await listed()).toContain("autoinvoice-confirm|acme-20261126-01"); // kept, though the transfer did not report it again

    // One issue, every item once.
    expect(attentionIssue()).toHaveLength(1);
    const body = attentionIssue()[0]!.body;
    for (const n of ["000301", "000302", "000303", "000304", "000305"]) expect(body.split(`${n}`).length - 1).toBe(1);
    expect(body).toContain("2026-12-31 in Visma.net, 2026-12-10 sent");
    expect(body.match(/confirm these reached AutoInvoice/g)).toHaveLength(1);
    expect(attentionIssue()[0]!.title).toBe("[factoring] acme: 6 items need attention");

    // --- day 2, closing: the batch is settled, the AutoInvoice note has done its job --------------
    world.at("2026-11-27T16:00:00");
    const c1 = one(await world.close(run));
    expect(c1.status).toBe("ok");
    expect(c1.closing!.closed.map((c) => c.number).sort()).toEqual(["000305", "000306", "000307"]);
    expect(kinds(c1)).toEqual(["due-date-changed 000307"]);
    expect(c1.attention!.cleared.map((c) => [c.entry.key, clearedText(c.why)])).toEqual([
      ["autoinvoice-confirm|acme-20261126-01", "every document of batch acme-20261126-01 is closed or skipped"],
    ]);
    const c1md = renderMarkdown(c1);
    expect(c1md).toMatch(/Reconciliation 2026-11-27: .*closed 3 invoices 2 700,00 NOK.* balanced against Visma\.net/);
    expect(attentionIssue()[0]!.title).toBe("[factoring] acme: 5 items need attention");
    expect(await listed()).toHaveLength(5);

    // --- day 3: people fix things in Visma.net; the next runs see it and clear the items --------
    world.at("2026-11-28T09:00:00");
    s.updateInvoice("000301", { status: "Closed", balanceOre: 0 }); // handled with the factor, paid
    s.updateInvoice("000302", { status: "Voided", balanceOre: 0 }); // credited and re-issued
    s.updateInvoice("000307", { documentDueDate: "2026-12-10" }); // due date set back
    world.at("2026-11-28T15:45:00");
    const t3 = one(await world.transfer(run));
    expect(t3.attention!.cleared.map((c) => [c.entry.key, clearedText(c.why)])).toEqual([
      ["too-old|Invoice:000301", "Closed in Visma.net"],
      ["kid|Invoice:000302", "Voided in Visma.net"],
      ["due-date-changed|Invoice:000307", "the due date sent to the factor is back (2026-12-10)"],
    ]);
    expect(renderMarkdown(t3)).toContain("- resolved: [too-old] Invoice 000301");
    expect(await listed()).toEqual(["credit-applied|CreditNote:000304", "currency|Invoice:000303"]);
    expect(attentionIssue()[0]).toMatchObject({ state: "open", title: "[factoring] acme: 2 items need attention" });
    expect(attentionIssue()[0]!.body).not.toContain("000301");

    // --- what nothing in Visma.net can show settled leaves after the retention ------------------
    world.at("2026-12-29T15:45:00"); // 33 days after the last report
    const t4 = one(await world.transfer(run));
    expect(t4.attention!.cleared.map((c) => c.entry.key)).toEqual([
      "credit-applied|CreditNote:000304",
      "currency|Invoice:000303",
    ]);
    expect(clearedText(t4.attention!.cleared[0]!.why)).toMatch(/not reported for 33 days/);
    expect(await listed()).toEqual([]);
    expect(attentionIssue()).toHaveLength(1);
    expect(attentionIssue()[0]).toMatchObject({ state: "closed" });
    expect(attentionIssue()[0]!.comments.at(-1)).toMatch(/^Resolved: nothing needs attention any more/);
  });

  it("lists a document the closing skips (changed after transfer) until the retention, even when it is voided", async () => {
    world = await startWorld();
    const s = world.sandbox.store;
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000801", amountOre: 100_000 });
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000802", amountOre: 100_000 });
    world.at("2026-11-26T15:45:00");
    await world.transfer();
    world.at("2026-11-27T09:00:00");
    s.updateInvoice("000801", { status: "Voided", balanceOre: 0 });
    s.updateInvoice("000802", { amountOre: 90_000, balanceOre: 90_000 });
    world.at("2026-11-27T16:00:00");
    const c = one(await world.close());
    expect(kinds(c)).toEqual(["amount-changed 000802", "voided 000801"]);
    expect(renderMarkdown(c)).toContain(
      "[voided] Invoice 000801 Ærlig Rørlegger AS, 1 000,00 NOK: voided after the transfer; tell the factor",
    );

    // The next runs read 000801 Voided again: a void after transfer is the notice itself, so it stays.
    world.at("2026-11-28T15:45:00");
    const t = one(await world.transfer());
    expect(t.attention!.cleared).toEqual([]);
    expect(await listed()).toEqual(["voided|Invoice:000801", "amount-changed|Invoice:000802"]);
  });
});
