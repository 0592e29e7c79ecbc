/**
 * The site's ledger fixture: a small generated fleet (src/sandbox/fleet.ts) with one tenant per
 * badge, written through the store, plus the figures the site must show, recomputed here from
 * the ledger through the store API (not from the site's own code).
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { LedgerStore } from "../../src/ledger/store.ts";
import type { Batch } from "../../src/ledger/types.ts";
import { readAttention } from "../../src/ledger/attention-file.ts";
import { writeFleet, type Fleet, type Scenario } from "../../src/sandbox/fleet.ts";
import { formatMoney, oreToDecimalString } from "../../src/shared/money.ts";

export const TODAY = "2026-11-26";
export const NOW = DateTime.fromISO(`${TODAY}T18:00:00`, { zone: "Europe/Oslo" });
/** One tenant per badge; ok twice so ordering within a badge is visible. */
export const SCENARIOS: Scenario[] = ["ok", "attention", "failing", "disabled", "pending", "ok"];

export interface SiteFixture {
  root: string;
  stateDir: string;
  tenantsDir: string;
  fleet: Fleet;
}

export async function siteFixture(days = 120): Promise<SiteFixture> {
  const root = await mkdtemp(join(tmpdir(), "site-"));
  const stateDir = join(root, "state");
  const tenantsDir = join(root, "tenants");
  const fleet = await writeFleet({
    stateDir,
    tenantsDir,
    tenants: SCENARIOS.length,
    days,
    today: TODAY,
    scenarios: SCENARIOS,
  });
  return { root, stateDir, tenantsDir, fleet };
}

/** Every batch of the tenant, all months, through the store. */
export async function ledgerOf(stateDir: string, tenant: string): Promise<Batch[]> {
  const store = new LedgerStore(stateDir, tenant);
  return store.batchesOfMonths(await store.listMonths());
}

/** What the ledger says about a tenant, for comparing with the page. */
export async function expectedFigures(stateDir: string, tenant: string) {
  const batches = await ledgerOf(stateDir, tenant);
  const transferred = batches.filter((b) => b.status === "transferred");
  const net = (docs: Batch["documents"]) =>
    docs.reduce((n, d) => n + (d.type === "CreditNote" ? -d.amountOre : d.amountOre), 0);
  const last = batches.at(-1)!;
  const waiting = transferred.flatMap((b) => b.documents).filter((d) => !d.closing);
  const month = transferred.filter((b) => b.businessDate.startsWith(TODAY.slice(0, 7))).flatMap((b) => b.documents);
  return {
    batches,
    last,
    lastDocuments: last.documents.length,
    lastAmount: formatMoney(net(last.documents), "NOK"),
    waiting: waiting.length,
    waitingAmount: formatMoney(net(waiting), "NOK"),
    monthDocuments: month.length,
    monthAmount: net(month),
    attention: (await readAttention(stateDir, tenant)).entries.length,
  };
}

/** Every customer name, document number and amount (in the forms a page could print) of the ledger and attention lists. */
export async function secrets(
  f: SiteFixture,
): Promise<{ names: Set<string>; numbers: Set<string>; amounts: Set<string> }> {
  const names = new Set<string>();
  const numbers = new Set<string>();
  const amounts = new Set<string>();
  const addAmount = (ore: number) => {
    const text = formatMoney(Math.abs(ore), "NOK").replace(" NOK", "");
    amounts.add(text);
    amounts.add(text.replaceAll(" ", ""));
    amounts.add(oreToDecimalString(Math.abs(ore)));
  };
  for (const t of f.fleet.tenants) {
    for (const b of await ledgerOf(f.stateDir, t.id)) {
      for (const d of b.documents) {
        names.add(d.customerName);
        numbers.add(d.number);
        addAmount(d.amountOre);
      }
    }
    for (const e of (await readAttention(f.stateDir, t.id)).entries) {
      if (!e.document) continue;
      names.add(e.document.customerName);
      numbers.add(e.document.number);
      addAmount(e.document.amountOre);
    }
  }
  return { names, numbers, amounts };
}
