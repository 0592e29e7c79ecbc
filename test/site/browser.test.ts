/**
 * The built status site in a real browser: Debian's Chromium driven by playwright-core (which
 * downloads no browser), offline, pages opened from disk as a partner opens the artifact. It
 * checks what a person would: every tenant with the right badge, the failing one first, the
 * ledger's numbers, the tenant page's batches; that no request leaves the page and nothing is
 * logged as an error; and an axe-core scan without serious or critical violations. Screenshots of
 * both pages at desktop and phone width go to test/site/screenshots/ (gitignored).
 *
 * Without Chromium the suite is skipped with a message, unless REQUIRE_CHROMIUM=1 (set by
 * .ci/run), which makes the absence a failure.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/site/build.ts";
import { expectedFigures, NOW, siteFixture, type SiteFixture } from "./fixture.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
const required = process.env.REQUIRE_CHROMIUM === "1";
if (!available && !required) {
  console.warn(
    `Browser tests of the status site skipped: ${CHROMIUM} is not installed (apt-get install chromium). Set REQUIRE_CHROMIUM=1 to make this a failure.`,
  );
}
export const SCREENSHOTS = join(import.meta.dirname, "screenshots");
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;
const BADGES = {
  ok: "ok",
  attention: "needs attention",
  pending: "needs attention",
  failing: "failing",
  disabled: "disabled",
} as const;
const AXE_SOURCE = (createRequire(import.meta.url)("axe-core") as { source: string }).source;

describe("Chromium is available", () => {
  it.runIf(!available && required)("REQUIRE_CHROMIUM=1 but Chromium is missing", () => {
    throw new Error(
      `REQUIRE_CHROMIUM=1 but ${CHROMIUM} is not installed; install Debian's chromium (apt-get install chromium), as .ci/run does`,
    );
  });
  it.skipIf(!available)(`${CHROMIUM} exists`, () => expect(available).toBe(true));
});

describe.skipIf(!available)("the status site in Chromium (skipped when Chromium is not installed)", () => {
  let f: SiteFixture;
  let site: string;
  let profile: string;
  let context: BrowserContext;
  const problems: string[] = [];

  beforeAll(async () => {
    f = await siteFixture();
    site = join(f.root, "site");
    await buildSite({
      stateDir: f.stateDir,
      tenantsDir: f.tenantsDir,
      outDir: site,
      now: NOW,
      public: false,
      publicAmounts: false,
    });
    profile = await mkdtemp(join(tmpdir(), "chromium-profile-"));
    await mkdir(SCREENSHOTS, { recursive: true });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    // Offline, as the artifact is opened: the pages must need nothing from any network.
    await context.setOffline(true);
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  /** Opens a page of the site, recording any request outside the site folder and any console error. */
  async function open(path: string, viewport: keyof typeof VIEWPORTS): Promise<Page> {
    const page = await context.newPage();
    await page.setViewportSize(VIEWPORTS[viewport]);
    const root = pathToFileURL(site).href;
    page.on("request", (r) => {
      if (!r.url().startsWith(`${root}/`)) problems.push(`${path}: request to ${r.url()}`);
    });
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${path}: console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`${path}: page error: ${e.message}`));
    await page.goto(pathToFileURL(join(site, path)).href);
    return page;
  }

  async function axe(page: Page): Promise<string[]> {
    // Injected through the DevTools protocol: the pages' CSP (rightly) refuses every script tag.
    await page.evaluate(AXE_SOURCE);
    const result = (await page.evaluate(() =>
      (globalThis as unknown as { axe: { run(o: object): Promise<unknown> } }).axe.run({ resultTypes: ["violations"] }),
    )) as {
      violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
    };
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map(
        (v) =>
          `${v.impact} ${v.id}: ${v.help} (${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(" "))
            .join(", ")})`,
      );
  }

  it("the overview lists every tenant with the right badge, the failing one first, and the ledger's numbers", async () => {
    const page = await open("index.html", "desktop");
    const rows = page.locator("table.fleet tbody tr");
    expect(await rows.count()).toBe(f.fleet.tenants.length);
    const failing = f.fleet.tenants.find((t) => t.scenario === "failing")!;
    await expect.poll(() => rows.first().locator("td").first().innerText()).toContain(failing.name);
    for (const t of f.fleet.tenants) {
      const row = page.locator("table.fleet tbody tr", { has: page.locator(`a[href="tenants/${t.id}.html"]`) });
      const cells = await row.locator("td").allInnerTexts();
      const [, status, lastTransfer, , waiting, attention] = cells.map((c) => c.replace(/\s+/g, " ").trim());
      const e = await expectedFigures(f.stateDir, t.id);
      expect(status, t.id).toMatch(new RegExp(`^${BADGES[t.scenario]}`));
      expect(lastTransfer).toContain(`${e.lastDocuments} document`);
      expect(lastTransfer).toContain(e.lastAmount);
      expect(waiting).toMatch(new RegExp(`^${e.waiting}\\b`));
      if (e.waiting > 0) expect(waiting).toContain(e.waitingAmount);
      expect(attention).toBe(String(e.attention));
    }
    await page.close();
  });

  it("the failing tenant's page shows its batches with files, documents and closings", async () => {
    const failing = f.fleet.tenants.find((t) => t.scenario === "failing")!;
    const page = await open(`tenants/${failing.id}.html`, "desktop");
    expect(await page.locator("h1").innerText()).toBe(failing.name);
    const e = await expectedFigures(f.stateDir, failing.id);
    // The last 14 days (and waiting ones) in full, the rest of the 60 days as one row each.
    const shown = [
      ...(await page.locator("article.batch h3").allInnerTexts()),
      ...(await page.locator("#earlier-batches + div tbody th").allInnerTexts()),
    ];
    const recent = e.batches
      .filter((b) => b.businessDate >= "2026-09-28")
      .map((b) => b.id)
      .reverse();
    expect(shown).toEqual(recent);
    const first = page.locator("article.batch").first();
    expect(await first.locator("td code.hash").count()).toBe(2);
    await first.locator("summary").click();
    expect(await first.locator("details tbody tr").count()).toBe(e.last.documents.length);
    expect(await first.locator("details").innerText()).toContain(e.last.documents[0]!.customerName);
    expect(await page.locator("#days ~ div table tbody tr").count()).toBeGreaterThan(30);
    expect(await page.getByRole("link", { name: /^issue #\d+$/ }).count()).toBe(1);
    await page.close();
  });

  it("both pages pass an axe scan without serious or critical violations, at desktop and phone width; screenshots are written", async () => {
    const failing = f.fleet.tenants.find((t) => t.scenario === "failing")!;
    const found: string[] = [];
    for (const viewport of Object.keys(VIEWPORTS) as (keyof typeof VIEWPORTS)[]) {
      for (const [name, path] of [
        ["overview", "index.html"],
        ["tenant", `tenants/${failing.id}.html`],
      ] as const) {
        const page = await open(path, viewport);
        found.push(...(await axe(page)).map((v) => `${name} (${viewport}): ${v}`));
        const width = await page.evaluate(
          () =>
            (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
              .documentElement.scrollWidth,
        );
        expect(width, `${name} at ${viewport} width scrolls sideways`).toBeLessThanOrEqual(VIEWPORTS[viewport].width);
        await page.screenshot({ path: join(SCREENSHOTS, `${name}-${viewport}.png`), fullPage: true });
        await page.close();
      }
    }
    expect(found).toEqual([]);
    for (const file of ["overview-desktop", "overview-phone", "tenant-desktop", "tenant-phone"])
      expect(existsSync(join(SCREENSHOTS, `${file}.png`))).toBe(true);
    // Four axe scans and full-page screenshots: seconds on an idle machine, far more on a loaded one.
  }, 180_000);

  it("no request left the pages and nothing was logged as an error", () => {
    expect(problems).toEqual([]);
  });
});
