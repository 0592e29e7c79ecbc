// Switching a tenant's reporting language (or --language) changes what the issues say, never
// which issue is which: an issue is found by its hidden marker and labels, not by its (now
// translated) title, so the switch opens no duplicate.
import { afterEach, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../report/fake-github.ts";
import { gitHubEnv } from "../helpers/actions.ts";
import { startWorld, type World } from "../helpers/world.ts";

let world: World;
let github: FakeGitHub;
afterEach(async () => {
  await world?.stop();
  await github?.close();
});

describe("a tenant's issues across a change of language", () => {
  it("the attention issue and the failure issue stay one each, retitled in the new language", async () => {
    world = await startWorld({ start: "2026-11-26T10:00:00" });
    github = await startFakeGitHub();
    Object.assign(world.env, gitHubEnv(github));
    const s = world.sandbox.store;
    s.createInvoice({
      customerNumber: "10001",
      referenceNumber: "000301",
      documentDate: "2026-10-20",
      amountOre: 50_000,
    });
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000303", currencyId: "EUR", amountOre: 70_000 });
    const kind = (k: string) => github.issues.filter((i) => i.labels.includes(`factoring:${k}`));

    // Day 1 in English: two items need attention.
    world.at("2026-11-26T15:45:00");
    expect((await world.transfer({ issues: true, language: "en" })).exitCode).toBe(0);
    expect(kind("attention")).toHaveLength(1);
    expect(kind("attention")[0]!.title).toBe("[factoring] acme: 2 items need attention");

    // Day 2 in Norwegian: one more item; the same issue, now in Norwegian.
    s.createInvoice({
      customerNumber: "10001",
      referenceNumber: "000302",
      paymentReference: "12345",
      amountOre: 60_000,
    });
    world.at("2026-11-27T15:45:00");
    expect((await world.transfer({ issues: true, language: "nb" })).exitCode).toBe(0);
    expect(github.issues).toHaveLength(1);
    const [attention] = kind("attention");
    expect(attention!.title).toBe("[factoring] acme: 3 saker må følges opp");
    expect(attention!.body).toContain("<!-- visma-factoring:tenant=acme;kind=attention -->");
    expect(attention!.body).toContain("500,00 NOK: dokumentdato 20.10.2026");

    // A failing transfer in Norwegian, then again in English: one failure issue, retitled.
    world.env.ACME_VISMA_CLIENT_SECRET = "wrong-secret";
    world.at("2026-11-28T15:45:00");
    expect((await world.transfer({ issues: true, language: "nb" })).exitCode).toBe(1);
    const norwegian = kind("transfer-failed")[0]!.title;
    expect(norwegian).toMatch(/^\[factoring\] acme: overføring/);
    world.at("2026-11-29T15:45:00");
    expect((await world.transfer({ issues: true, language: "en" })).exitCode).toBe(1);
    expect(kind("transfer-failed")).toHaveLength(1);
    expect(kind("transfer-failed")[0]!.title).toBe("[factoring] acme: transfer failing");
    expect(kind("transfer-failed")[0]!.state).toBe("open");
    expect(github.issues).toHaveLength(2);
  });
});
