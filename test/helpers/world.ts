/**
 * A small, real world for end-to-end tests: the Visma.net sandbox over HTTP, a tenant file
 * on disk, a state folder and a delivery folder, and a movable clock shared by the sandbox
 * and the commands (--now).
 */
import { mkdtemp, readdir, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { runClose } from "../../src/commands/close.ts";
import type { CommandOptions, CommandOutcome } from "../../src/run/frame.ts";
import { runTransfer } from "../../src/commands/transfer.ts";
import { LedgerStore } from "../../src/ledger/store.ts";
import { startVismaSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/visma/server.ts";
import { CASH_ACCOUNTS, PAYMENT_METHODS } from "../../src/sandbox/visma/seed.ts";
import { sandboxTenantYaml, type SandboxTenantOptions } from "../../src/sandbox/tenant-yaml.ts";

export const ZONE = "Europe/Oslo";

export interface World {
  sandbox: Sandbox;
  root: string;
  tenantsDir: string;
  stateDir: string;
  outDir: string;
  ledger: LedgerStore;
  env: NodeJS.ProcessEnv;
  log: string[];
  /** Moves the shared clock (sandbox timestamps and --now). */
  at(iso: string): void;
  now(): DateTime;
  transfer(extra?: Partial<CommandOptions>): Promise<CommandOutcome>;
  close(extra?: Partial<CommandOptions>): Promise<CommandOutcome>;
  delivered(): Promise<string[]>;
  stop(): Promise<void>;
}

export interface WorldOptions {
  start?: string; // local time in Oslo, default 2026-11-26T09:00
  /** The tenant's delivery; default a local folder (`outDir`). */
  delivery?: SandboxTenantOptions["delivery"];
  grouping?: SandboxTenantOptions["grouping"];
  currencies?: SandboxTenantOptions["currencies"];
  format?: SandboxTenantOptions["format"];
  /** Zone of the tenant and of the sandbox company (default Europe/Oslo). */
  timeZone?: string;
  /** How the sandbox writes lastModifiedDateTime/createdDateTime (default local). */
  timestamps?: SandboxOptions["timestamps"];
  cashAccounts?: SandboxTenantOptions["cashAccounts"];
  /** The sandbox's rate limit per client (default 10,000 an hour); the test may change it later. */
  rateLimit?: SandboxOptions["rateLimit"];
}

/** SGF holds back non-NOK documents (issue 14), so the foreign-currency cases deliver CSV. */
export const EUR_CSV: WorldOptions["format"] = {
  type: "csv",
  columns: ["documentType", "documentNumber", "customerNumber", "currency", "amount", "kid"],
};

/** Customer 10004, invoiced in EUR and factored: the foreign-currency cases' customer. */
export function addEurCustomer(w: World): void {
  w.sandbox.store.createCustomer({
    number: "10004",
    name: "Bergen Skipshandel AS",
    corporateId: "987654325",
    currencyId: "EUR",
    defaultPaymentMethodId: "FACTORING",
    paymentMethodIds: ["FACTORING"],
  });
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const zone = options.timeZone ?? ZONE;
  let clock = DateTime.fromISO(options.start ?? "2026-11-26T09:00:00", { zone });
  const sandbox = await startVismaSandbox({
    clock: () => clock,
    timeZone: zone,
    timestamps: options.timestamps ?? "local",
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    data: {
      customers: [],
      invoices: [],
      creditNotes: [],
      paymentMethods: PAYMENT_METHODS,
      cashAccounts: CASH_ACCOUNTS,
    },
  });
  sandbox.store.createCustomer({
    number: "10001",
    name: "Ærlig Rørlegger AS",
    corporateId: "905992678",
    defaultPaymentMethodId: "FACTORING",
    paymentMethodIds: ["FACTORING", "BANK"],
  });
  sandbox.store.createCustomer({
    number: "10002",
    name: "Østfold Bølgeblikk AS",
    corporateId: "912345674",
    defaultPaymentMethodId: "BANK",
    paymentMethodIds: ["FACTORING", "BANK"],
  });
  sandbox.store.createCustomer({
    number: "10003",
    name: "Tromsø Kjøl og Frys AS",
    corporateId: "998877665",
    defaultPaymentMethodId: "FACTORING",
    paymentMethodIds: ["FACTORING"],
  });

  const root = await mkdtemp(join(tmpdir(), "world-"));
  const tenantsDir = join(root, "tenants");
  const stateDir = join(root, "state");
  const outDir = join(root, "factor-inbox");
  await mkdir(tenantsDir);
  await mkdir(outDir);
  const yaml = sandboxTenantYaml({
    name: "Acme Bygg AS",
    secretPrefix: "ACME",
    visma: { apiBaseUrl: sandbox.apiBaseUrl, tokenUrl: sandbox.tokenUrl },
    delivery: options.delivery ?? { type: "local", directory: outDir },
    grouping: options.grouping,
    currencies: options.currencies,
    format: options.format,
    timeZone: zone,
    cashAccounts: options.cashAccounts,
  });
  await writeFile(join(tenantsDir, "acme.yaml"), yaml);
  const env: NodeJS.ProcessEnv = { ACME_VISMA_CLIENT_ID: "demo-client", ACME_VISMA_CLIENT_SECRET: "demo-secret" };
  const log: string[] = [];
  const base = (): CommandOptions => ({
    now: clock.toISO()!,
    dryRun: false,
    force: false,
    tenantsDir,
    stateDir,
    commit: false,
    env,
    issues: false,
    log: { info: (m) => log.push(m), warn: (m) => log.push(`warning: ${m}`) },
    clock: () => clock, // the world's clock is the real time of its story
  });
  return {
    sandbox,
    root,
    tenantsDir,
    stateDir,
    outDir,
    ledger: new LedgerStore(stateDir, "acme"),
    env,
    log,
    at(iso) {
      clock = DateTime.fromISO(iso, { zone });
    },
    now: () => clock,
    transfer: (extra = {}) => runTransfer({ ...base(), ...extra }),
    close: (extra = {}) => runClose({ ...base(), ...extra }),
    delivered: async () => (await readdir(outDir)).sort(),
    stop: () => sandbox.close(),
  };
}
