// The status site from a ledger fixture: badges, order and figures against the ledger, the
// redacted public build, escaping, and the output folder's rules. The browser tests
// (browser.test.ts) look at the same pages in Chromium.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { LedgerStore } from "../../src/ledger/store.ts";
import { writeAttention } from "../../src/ledger/attention-file.ts";
import { buildSite, MARKER } from "../../src/site/build.ts";
import { loadFleet } from "../../src/site/load.ts";
import { buildSiteModel, FULL_VISIBILITY, type SiteModel } from "../../src/site/model.ts";
import { commands } from "../../src/commands/index.ts";
import { formatMoney } from "../../src/shared/money.ts";
import { expectedFigures, NOW, secrets, siteFixture, TODAY, type SiteFixture } from "./fixture.ts";

let f: SiteFixture;
let model: SiteModel;
const EXPECTED = {
  ok: "ok",
  attention: "attention",
  failing: "failing",
  disabled: "disabled",
  pending: "attention",
} as const;

/** `npm run site` on a fixture's ledger into `outDir`; the full build unless told otherwise. */
function build(fx: SiteFixture, outDir: string, visibility = { public: false, publicAmounts: false }) {
  return buildSite({ stateDir: fx.stateDir, tenantsDir: fx.tenantsDir, outDir, now: NOW, ...visibility });
}

async function pages(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  out.set("index.html", await readFile(join(dir, "index.html"), "utf8"));
  for (const name of await readdir(join(dir, "tenants")))
    out.set(`tenants/${name}`, await readFile(join(dir, "tenants", name), "utf8"));
  return out;
}

beforeAll(async () => {
  f = await siteFixture();
  model = buildSiteModel(await loadFleet(f.stateDir, f.tenantsDir, NOW), NOW, FULL_VISIBILITY);
});

describe("the overview's model", () => {
  it("lists every tenant with the badge of its state, failing first, then attention, ok, disabled", () => {
    expect(model.tenants.map((t) => t.id).sort()).toEqual(f.fleet.tenants.map((t) => t.id).sort());
    for (const t of f.fleet.tenants)
      expect(model.tenants.find((v) => v.id === t.id)!.health, t.id).toBe(EXPECTED[t.scenario]);
    expect(model.tenants.map((t) => t.health)).toEqual(["failing", "attention", "attention", "ok", "ok", "disabled"]);
    expect(model.fleet.byHealth).toEqual({ failing: 1, attention: 2, ok: 2, disabled: 1 });
    const failing = model.tenants[0]!;
    expect(failing.reasons).toEqual([`the last closing failed (${TODAY})`]);
    expect(failing.lastFailure).toMatchObject({
      command: "close",
      issueUrl: expect.stringMatching(/^https:\/\/github\.com\/partner\/factoring\/issues\/\d+$/),
    });
    const pending = model.tenants.find((t) => f.fleet.tenants.find((x) => x.id === t.id)!.scenario === "pending")!;
    expect(pending.reasons).toEqual(["1 batch pending: check with the factor", "1 open attention item"]);
  });

  it("shows the ledger's figures: last transfer, waiting documents, attention items, this month's total", async () => {
    let monthOre = 0;
    let monthDocs = 0;
    for (const t of model.tenants) {
      const e = await expectedFigures(f.stateDir, t.id);
      expect(t.lastTransfer).toMatchObject({
        businessDate: e.last.businessDate,
        figure: { documents: e.lastDocuments },
      });
      expect(formatMoney(t.lastTransfer!.figure.amounts![0]!.ore, "NOK")).toBe(e.lastAmount);
      expect(t.waiting.documents, t.id).toBe(e.waiting);
      expect(t.attentionCount).toBe(e.attention);
      monthOre += e.monthAmount;
      monthDocs += e.monthDocuments;
    }
    expect(model.fleet.month.transferred).toEqual({
      documents: monthDocs,
      amounts: [{ currency: "NOK", ore: monthOre }],
    });
  });

  it("a tenant whose runs stopped, or whose documents wait too long for the closing, needs attention", async () => {
    const later = buildSiteModel(
      await loadFleet(f.stateDir, f.tenantsDir, NOW.plus({ days: 5 })),
      NOW.plus({ days: 5 }),
      FULL_VISIBILITY,
    );
    const ok = later.tenants.find((t) => t.id === f.fleet.tenants.find((x) => x.scenario === "ok")!.id)!;
    expect(ok.health).toBe("attention");
    expect(ok.reasons).toEqual([
      expect.stringMatching(/^\d+ documents? waiting for the closing over 72 h$/),
      `no transfer run since ${TODAY}`,
      `no closing run since ${TODAY}`,
    ]);
    // A disabled tenant is not expected to run.
    expect(later.tenants.find((t) => t.health === "disabled")!.reasons).toEqual(["enabled: false in the tenant file"]);
  });

  it("a failing closing leaves documents waiting, and its tenant page lists its batches newest first", () => {
    const failing = model.tenants[0]!;
    expect(failing.waiting.documents).toBeGreaterThan(0);
    expect(failing.batches[0]!.businessDate).toBe(TODAY);
    expect(failing.batches.map((b) => b.businessDate)).toEqual(
      [...failing.batches.map((b) => b.businessDate)].sort().reverse(),
    );
    expect(failing.batches[0]!.files!.map((file) => file.sha256)).toEqual([
      expect.stringMatching(/^[0-9a-f]{64}$/),
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
    expect(failing.series.days).toHaveLength(60);
    expect(failing.earlierMonths).toEqual(["2026-07", "2026-08"]);
    expect(failing.olderMonths.map((m) => m.month)).toEqual(["2026-09"]);
  });
});

describe("npm run site", () => {
  it("writes the overview and one page per tenant, self-contained: no script, no external reference", async () => {
    const out = join(f.root, "site-full");
    const built = await build(f, out);
    expect(built).toMatchObject({ tenants: 6, pages: 7 });
    const all = await pages(out);
    expect([...all.keys()].sort()).toEqual(
      ["index.html", ...f.fleet.tenants.map((t) => `tenants/${t.id}.html`)].sort(),
    );
    for (const [name, html] of all) {
      expect(html, name).toMatch(/^<!doctype html>\n<html lang="en">/);
      expect(html).toContain('http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;');
      expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
      // The only absolute links are the failure issues and Actions runs.
      for (const m of html.matchAll(/href="([^"]+)"/g))
        expect(m[1]).toMatch(
          /^(?:https:\/\/github\.com\/partner\/factoring\/(?:issues|actions\/runs)\/\d+|(?:\.\.\/)?index\.html|tenants\/[a-z0-9-]+\.html)$/,
        );
    }
    const index = all.get("index.html")!;
    const order = model.tenants.map((t) => index.indexOf(`href="tenants/${t.id}.html"`));
    expect(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1]!))).toBe(true);
    expect(index).toContain(formatMoney(model.fleet.month.transferred.amounts![0]!.ore, "NOK"));
  });

  it("the public build holds no customer name, document number or amount of the ledger", async () => {
    const out = join(f.root, "site-public");
    await build(f, out, { public: true, publicAmounts: false });
    const all = await pages(out);
    const { names, numbers, amounts } = await secrets(f);
    expect(names.size).toBeGreaterThan(5);
    expect(amounts.size).toBeGreaterThan(100);
    const full = await pages(join(f.root, "site-full"));
    // Every amount the full build prints (sums per batch, day, month and fleet included).
    const printed = new Set(
      [...full.values()].flatMap((html) => [...html.matchAll(/(\d{1,3}(?: \d{3})*,\d{2}) NOK/g)].map((m) => m[1]!)),
    );
    expect(printed.size).toBeGreaterThan(50);
    for (const [name, html] of all) {
      const text = html.replaceAll("&#39;", "'").replaceAll("&amp;", "&");
      for (const n of names) expect(text.includes(n), `${name} shows customer ${n}`).toBe(false);
      for (const n of numbers) expect(new RegExp(`\\b${n}\\b`).test(text), `${name} shows document ${n}`).toBe(false);
      for (const a of [...amounts, ...printed]) expect(text.includes(a), `${name} shows amount ${a}`).toBe(false);
      expect(text).not.toMatch(/ NOK|class="hash"|\.SGF|issues\/\d|Visma\.net answered/i);
      expect(text).toContain("Public build: tenant health only");
    }
    // Health is all there: every tenant, its badge and its counts.
    const index = all.get("index.html")!;
    for (const t of f.fleet.tenants) expect(index).toContain(`tenants/${t.id}.html`);
    expect(index).toContain('<span class="badge failing">failing</span>');
  });

  it("--public-amounts shows amounts on the public build, still no customers or documents", async () => {
    const out = join(f.root, "site-public-amounts");
    await build(f, out, { public: true, publicAmounts: true });
    const all = await pages(out);
    const { names, numbers } = await secrets(f);
    expect([...all.values()].join("")).toMatch(/\d,\d{2} NOK/);
    for (const html of all.values()) {
      for (const n of names) expect(html.includes(n)).toBe(false);
      for (const n of numbers) expect(new RegExp(`\\b${n}\\b`).test(html)).toBe(false);
    }
    expect(() => commands.site.parse(["--public-amounts"], {})).toThrow(/only applies to the public build/);
    expect(commands.site.parse(["--public"], { FACTORING_SITE_PUBLIC_AMOUNTS: "true" })).toMatchObject({
      public: true,
      publicAmounts: true,
    });
    expect(commands.site.parse([], { FACTORING_SITE_PUBLIC_AMOUNTS: "true" })).toMatchObject({
      public: false,
      publicAmounts: false,
    });
  });

  it("prints hostile text from the ledger as text", async () => {
    const fx = await siteFixture(10);
    const id = fx.fleet.tenants[1]!.id;
    const hostile = `<img src=x onerror=alert(1)> "Quote" & 'Co' AS`;
    const store = new LedgerStore(fx.stateDir, id);
    // The ledger is append-only: a further batch of the last day names the customer so.
    const last = (await store.batchesOfMonths(await store.listMonths())).at(-1)!;
    const { closing: _, ...doc } = last.documents[0]!;
    await store.putBatch({
      ...last,
      id: `${id}-${last.businessDate.replaceAll("-", "")}-99`,
      sequence: 99,
      documents: [{ ...doc, customerName: hostile }],
    });
    await writeAttention(fx.stateDir, {
      tenant: id,
      entries: [
        {
          key: "payment-refused:x",
          code: "payment-refused",
          source: "close",
          message: `</td><script>alert(1)</script>`,
          firstSeen: TODAY,
          lastSeen: TODAY,
        },
      ],
    });
    const out = join(fx.root, "site");
    await build(fx, out);
    const html = await readFile(join(out, "tenants", `${id}.html`), "utf8");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; &quot;Quote&quot; &amp; &#39;Co&#39; AS");
    expect(html).toContain("&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toMatch(/<img|<script/);
  });

  it("writes only into its own folder: refuses a folder with other files, removes pages of tenants that are gone", async () => {
    const other = join(f.root, "not-a-site");
    await mkdir(other);
    await writeFile(join(other, "notes.txt"), "mine");
    await expect(build(f, other)).rejects.toThrow(/not empty and was not written by npm run site/);
    expect(await readdir(other)).toEqual(["notes.txt"]);

    const out = join(f.root, "site-again");
    await build(f, out);
    await writeFile(join(out, "tenants", "gone-tenant.html"), "old");
    await build(f, out);
    expect(await readdir(join(out, "tenants"))).not.toContain("gone-tenant.html");
    expect(await readdir(out)).toContain(MARKER);
  });
});
