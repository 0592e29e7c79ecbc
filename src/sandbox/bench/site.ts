/**
 * `npm run bench -- --site`: the status site for a large fleet. Generates the fleet's tenant
 * files and a year of ledger (sandbox/fleet.ts, written through the store), then times
 * `npm run site`'s build, full and public, from that state. Generation is reported but not part
 * of the target: the target is the build a partner waits for after each closing run.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { DateTime } from "luxon";
import { buildSite } from "../../site/build.ts";
import { writeFleet } from "../fleet.ts";

/** What "in seconds" means here: one build of the full site on the benchmark machine. */
export const SITE_TARGET_MS = 10_000;
const TODAY = "2026-11-26";

export interface SiteBenchSettings {
  tenants: number;
  days: number;
  seed: number;
}

export interface SiteFigures {
  phase: "site";
  settings: SiteBenchSettings;
  fleet: { batches: number; documents: number; generateMs: number };
  full: { wallMs: number; readMs: number; renderMs: number; writeMs: number; pages: number; megabytes: number };
  public: { wallMs: number; megabytes: number };
  targetMs: number;
  pass: boolean;
}

export async function runSiteBenchmark(
  settings: SiteBenchSettings,
  progress: (msg: string) => void = () => {},
): Promise<SiteFigures> {
  const root = await mkdtemp(join(tmpdir(), "vf-bench-site-"));
  try {
    const stateDir = join(root, "state");
    const tenantsDir = join(root, "tenants");
    let started = performance.now();
    const fleet = await writeFleet({
      stateDir,
      tenantsDir,
      tenants: settings.tenants,
      days: settings.days,
      today: TODAY,
      seed: settings.seed,
    });
    const generateMs = Math.round(performance.now() - started);
    progress(
      `fleet: ${settings.tenants} tenants, ${fleet.batches} batches, ${fleet.documents} documents (${generateMs} ms)`,
    );
    const now = DateTime.fromISO(`${TODAY}T18:00:00`, { zone: "Europe/Oslo" });
    started = performance.now();
    const full = await buildSite({
      stateDir,
      tenantsDir,
      outDir: join(root, "site"),
      now,
      public: false,
      publicAmounts: false,
    });
    const fullMs = Math.round(performance.now() - started);
    progress(`full site: ${full.pages} pages in ${fullMs} ms`);
    started = performance.now();
    const pub = await buildSite({
      stateDir,
      tenantsDir,
      outDir: join(root, "site-public"),
      now,
      public: true,
      publicAmounts: false,
    });
    const publicMs = Math.round(performance.now() - started);
    const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
    return {
      phase: "site",
      settings,
      fleet: { batches: fleet.batches, documents: fleet.documents, generateMs },
      full: {
        wallMs: fullMs,
        readMs: full.readMs,
        renderMs: full.renderMs,
        writeMs: full.writeMs,
        pages: full.pages,
        megabytes: mb(full.bytes),
      },
      public: { wallMs: publicMs, megabytes: mb(pub.bytes) },
      targetMs: SITE_TARGET_MS,
      pass: fullMs <= SITE_TARGET_MS,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export function renderSiteTable(f: SiteFigures): string {
  return [
    `site: ${f.settings.tenants} tenants × ${f.settings.days} days (${f.fleet.batches} batches, ${f.fleet.documents} documents; generated in ${(f.fleet.generateMs / 1000).toFixed(1)} s)`,
    `  full build   ${(f.full.wallMs / 1000).toFixed(1)} s (read ${f.full.readMs} ms, render ${f.full.renderMs} ms, write ${f.full.writeMs} ms), ${f.full.pages} pages, ${f.full.megabytes} MB`,
    `  public build ${(f.public.wallMs / 1000).toFixed(1)} s, ${f.public.megabytes} MB`,
    `  target: full build within ${f.targetMs / 1000} s — ${f.pass ? "pass" : "FAIL"}`,
  ].join("\n");
}
