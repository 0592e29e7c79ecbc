/**
 * The fleet benchmark's world: N tenants, each with a Visma.net sandbox company of its own (own
 * credentials, own clock) and a folder of its own on one SFTP server, one tenant file each in a
 * shared tenants/ (as in the partner's repository), and a bare git repository standing in for
 * GitHub, where each tenant's state branch lives. Everything runs in this process; the tenant
 * jobs are separate processes running the bundle (run.ts).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { DEMO_FINGERPRINT } from "../../faults/world.ts";
import { fitAddress, fitName } from "../company.ts";
import { startSftpServer, type SftpServer } from "../../sftp/server.ts";
import { sandboxTenantYaml } from "../../tenant-yaml.ts";
import { CASH_ACCOUNTS, generateCompany, PAYMENT_METHODS } from "../../visma/seed.ts";
import { startVismaSandbox, type Sandbox } from "../../visma/server.ts";

export const ZONE = "Europe/Oslo";

export interface FleetWorldOptions {
  tenants: number;
  /** Documents per tenant (a tenth of them credit notes), all eligible. */
  documents: number;
  customers: number;
  seed: number;
  /** The business day of the transfer (documents are created that morning). */
  day: string;
}

export interface FleetTenant {
  id: string;
  sandbox: Sandbox;
  /** The secrets of its job's environment, by the names its tenant file declares. */
  secrets: Record<string, string>;
  /** Document keys ("Invoice:000101") that must reach the factor and be closed exactly once. */
  eligible: string[];
  /** Moves the tenant's business clock (its sandbox's "now"). */
  at(localIso: string): void;
}

export interface FleetWorld {
  root: string;
  tenantsDir: string;
  /** The bare repository holding the state branches (file:// URL, partial fetches allowed). */
  remote: string;
  originDir: string;
  sftpRoot: string;
  tenants: FleetTenant[];
  stop(): Promise<void>;
}

export async function startFleetWorld(options: FleetWorldOptions): Promise<FleetWorld> {
  const root = await mkdtemp(join(tmpdir(), "vf-fleet-"));
  const tenantsDir = join(root, "tenants");
  const sftpRoot = join(root, "sftp");
  const originDir = join(root, "origin.git");
  await mkdir(tenantsDir);
  await mkdir(sftpRoot);
  execFileSync("git", ["init", "--quiet", "--bare", "--initial-branch=main", originDir]);
  // GitHub serves partial fetches (ASSUMPTION(A60)); a local bare repository does when told to.
  for (const setting of ["uploadpack.allowFilter=true", "uploadpack.allowAnySHA1InWant=true", "gc.auto=0"]) {
    const [key, value] = setting.split("=") as [string, string];
    execFileSync("git", ["config", key, value], { cwd: originDir });
  }

  const ids = Array.from({ length: options.tenants }, (_, i) => `t${String(i + 1).padStart(4, "0")}`);
  const passwords = new Map(ids.map((id) => [id, `pw-${randomBytes(8).toString("hex")}`]));
  const sftp: SftpServer = await startSftpServer({
    root: sftpRoot,
    users: ids.map((id) => ({ username: id, password: passwords.get(id)! })),
  });
  const tenants: FleetTenant[] = [];
  try {
    for (const [i, id] of ids.entries()) {
      tenants.push(await startTenant(id, i, options, { tenantsDir, sftpRoot, sftp, password: passwords.get(id)! }));
    }
  } catch (error) {
    await Promise.allSettled([...tenants.map((t) => t.sandbox.close()), sftp.close()]);
    throw error;
  }
  return {
    root,
    tenantsDir,
    remote: `file://${originDir}`,
    originDir,
    sftpRoot,
    tenants,
    async stop() {
      await Promise.allSettled([...tenants.map((t) => t.sandbox.close()), sftp.close()]);
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function startTenant(
  id: string,
  index: number,
  options: FleetWorldOptions,
  shared: { tenantsDir: string; sftpRoot: string; sftp: SftpServer; password: string },
): Promise<FleetTenant> {
  let clock = DateTime.fromISO(`${options.day}T08:00:00`, { zone: ZONE });
  const credentials = {
    clientId: `${id}-client`,
    clientSecret: `cs-${randomBytes(8).toString("hex")}`,
    tenantId: `fleet-${id}`,
  };
  // Realistic customers (names with æøå, valid organisation numbers), all factored.
  // No extras: every document is to be eligible (foreign-currency customers are the demo's and the tests').
  const company = generateCompany({
    seed: options.seed + index,
    customers: options.customers,
    documents: 0,
    today: options.day,
    extras: false,
  });
  for (const c of company.customers) {
    // Every document is to be sent: names and addresses fit SGF's fields, as in the default benchmark.
    c.name = fitName(c.name);
    c.mainAddress = fitAddress(c.mainAddress);
    c.invoiceAddress = fitAddress(c.invoiceAddress);
    c.status = "Active";
    c.defaultPaymentMethodId = "FACTORING";
    c.paymentMethodIds = ["FACTORING", "BANK"];
  }
  const sandbox = await startVismaSandbox({
    clock: () => clock,
    credentials,
    data: {
      customers: company.customers,
      invoices: [],
      creditNotes: [],
      paymentMethods: PAYMENT_METHODS,
      cashAccounts: CASH_ACCOUNTS,
    },
  });
  clock = DateTime.fromISO(`${options.day}T10:00:00`, { zone: ZONE });
  const customers = company.customers.map((c) => c.number);
  const eligible: string[] = [];
  const creditNotes = Math.floor(options.documents / 10);
  for (let i = 0; i < options.documents - creditNotes; i++) {
    const doc = sandbox.store.createInvoice({
      customerNumber: customers[i % customers.length]!,
      amountOre: 50_000 + ((i * 7_919) % 900_000),
    });
    eligible.push(`Invoice:${doc.referenceNumber}`);
  }
  for (let i = 0; i < creditNotes; i++) {
    const doc = sandbox.store.createCreditNote({
      customerNumber: customers[i % customers.length]!,
      amountOre: 10_000 + i * 500,
    });
    eligible.push(`CreditNote:${doc.referenceNumber}`);
  }
  await mkdir(join(shared.sftpRoot, id));
  const prefix = id.toUpperCase();
  const yaml = sandboxTenantYaml({
    name: `Flåten ${id} AS`,
    secretPrefix: prefix,
    visma: { apiBaseUrl: sandbox.apiBaseUrl, tokenUrl: sandbox.tokenUrl, tenantId: credentials.tenantId },
    delivery: {
      type: "sftp",
      port: shared.sftp.port,
      username: id,
      hostKeySha256: DEMO_FINGERPRINT,
      remoteDir: `/${id}`,
      timeoutSeconds: 30,
    },
  });
  await writeFile(join(shared.tenantsDir, `${id}.yaml`), yaml);
  return {
    id,
    sandbox,
    secrets: {
      [`${prefix}_VISMA_CLIENT_ID`]: credentials.clientId,
      [`${prefix}_VISMA_CLIENT_SECRET`]: credentials.clientSecret,
      [`${prefix}_SFTP_PASSWORD`]: shared.password,
    },
    eligible,
    at(localIso) {
      clock = DateTime.fromISO(localIso, { zone: ZONE });
    },
  };
}
