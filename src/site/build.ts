/**
 * `npm run site`: reads the fleet's state, builds the view model for the chosen audience and
 * writes the pages (index.html, tenants/<id>.html). The output folder is the site's own: a
 * marker file says so, stale tenant pages are removed, and a folder that holds anything else is
 * refused rather than overwritten.
 */
import { access, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { DateTime } from "luxon";
import { html, page } from "./html.ts";
import { loadFleet } from "./load.ts";
import { buildSiteModel, FULL_VISIBILITY, type SiteModel, type Visibility } from "./model.ts";
import { renderOverview } from "./render-overview.ts";
import { renderTenant } from "./render-tenant.ts";

export const MARKER = ".factoring-site";

export interface SiteOptions {
  stateDir: string;
  tenantsDir: string;
  outDir: string;
  now: DateTime;
  /** The redacted build: tenant-level health only. */
  public: boolean;
  /** With `public`: show amounts (never customers or documents). */
  publicAmounts: boolean;
}

export interface SiteBuilt {
  tenants: number;
  pages: number;
  bytes: number;
  readMs: number;
  renderMs: number;
  writeMs: number;
}

export function visibilityOf(options: Pick<SiteOptions, "public" | "publicAmounts">): Visibility {
  return options.public ? { details: false, amounts: options.publicAmounts } : FULL_VISIBILITY;
}

/** The pages of a model, by path relative to the site root. */
export function renderSite(model: SiteModel): Map<string, string> {
  const built = DateTime.fromISO(model.generatedAt, { setZone: true }).setZone(model.timeZone);
  const generated = `Built ${built.toFormat("yyyy-MM-dd HH:mm")} ${model.timeZone} from the ledger`;
  const v = model.visibility;
  const notice = v.details
    ? "Confidential: this build shows customer names, document numbers and amounts. It is meant for the partner only (a workflow artifact), never for a public web page; the public build is npm run site -- --public."
    : `Public build: tenant health only (statuses, times and counts)${v.amounts ? " and amounts the partner chose to show" : ""}; no customer names or document numbers${v.amounts ? "" : " and no amounts"}.`;
  const pages = new Map<string, string>();
  pages.set(
    "index.html",
    page({ title: "Factoring status", root: "", generated, notice, body: renderOverview(model) }),
  );
  for (const t of model.tenants) {
    if (!t.page) continue;
    pages.set(
      t.page,
      page({
        title: `${t.name}: factoring status`,
        root: "../",
        generated,
        notice,
        body: html`${renderTenant(t, v.details)}`,
      }),
    );
  }
  return pages;
}

export async function buildSite(options: SiteOptions): Promise<SiteBuilt> {
  const t0 = performance.now();
  const fleet = await loadFleet(options.stateDir, options.tenantsDir, options.now);
  const t1 = performance.now();
  const pages = renderSite(buildSiteModel(fleet, options.now, visibilityOf(options)));
  const t2 = performance.now();
  await prepareOutDir(options.outDir, new Set(pages.keys()));
  let bytes = 0;
  await mkdir(join(options.outDir, "tenants"), { recursive: true });
  for (const [path, content] of pages) {
    bytes += Buffer.byteLength(content);
    await writeFile(join(options.outDir, path), content);
  }
  const t3 = performance.now();
  return {
    tenants: fleet.length,
    pages: pages.size,
    bytes,
    readMs: Math.round(t1 - t0),
    renderMs: Math.round(t2 - t1),
    writeMs: Math.round(t3 - t2),
  };
}

/** Creates the folder or checks it is a site folder, and removes pages that will not be written again. */
async function prepareOutDir(dir: string, keep: ReadonlySet<string>): Promise<void> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (entries && entries.length > 0) {
    const ours = await access(join(dir, MARKER)).then(
      () => true,
      () => false,
    );
    if (!ours)
      throw new Error(
        `${dir} is not empty and was not written by npm run site (no ${MARKER} file); choose an empty or new folder for --out`,
      );
    const stale = (await readdir(join(dir, "tenants")).catch(() => [] as string[])).filter(
      (n) => n.endsWith(".html") && !keep.has(`tenants/${n}`),
    );
    for (const name of stale) await rm(join(dir, "tenants", name));
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, MARKER), "Written by npm run site; the folder's pages are replaced on every build.\n");
}
