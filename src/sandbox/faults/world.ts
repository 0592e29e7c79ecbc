/**
 * One fault-drill world: the Visma.net sandbox and an SFTP server in this (the parent) process,
 * a temp folder with a tenant file pointing at them and a state folder, and the real scripts
 * run as child processes against it with a controlled --now and the secrets in their env only.
 *
 * The token endpoint is reached through a small recording proxy, so the suite knows every access
 * token the children were given and can prove none of them was printed.
 */
import { sandboxTenantYaml } from "../tenant-yaml.ts";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DateTime } from "luxon";
import { startSftpServer, type SftpFaults, type SftpServer } from "../sftp/server.ts";
import { startVismaSandbox, type Sandbox } from "../visma/server.ts";
import { addPaymentHistory } from "../visma/history.ts";
import { CASH_ACCOUNTS, PAYMENT_METHODS, generateCompany } from "../visma/seed.ts";

export const ZONE = "Europe/Oslo";
export const TENANT = "drill";
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/**
 * The day of the drill: transfer on this date, closing the day after (24 h delay). The children run
 * with the real clock, and --now may not lie in the future nor further back than the look-back
 * window (issue 13 §5), so the drill is set two days before today.
 */
export const DAY = DateTime.now().setZone(ZONE).minus({ days: 2 }).toISODate()!;
export const NEXT_DAY = DateTime.fromISO(DAY, { zone: ZONE }).plus({ days: 1 }).toISODate()!;
/** A child that runs longer than this is killed and the case fails (a hang is a bug too). */
const CHILD_TIMEOUT_MS = 90_000;

export type Script = "transfer" | "close";

export interface RunOptions {
  /** Local Oslo time "HH:mm" on DAY (transfer) or NEXT_DAY (close) unless `at` is a full ISO. */
  at?: string;
  failpoint?: string;
  args?: string[];
  /** Extra env for this child only. */
  env?: Record<string, string>;
  /** Run every tenant in the folder (no --tenant), as the schedule does. */
  allTenants?: boolean;
  /** Run the bundle (build/bundle.ts) at this path instead of the script through tsx, as the workflows do. */
  bundle?: string;
}

export interface RunResult {
  script: Script;
  args: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** stdout + stderr, for message checks. */
  output: string;
}

export interface WorldOptions {
  seed?: number;
  invoices?: number;
  creditNotes?: number;
  sftpFaults?: SftpFaults;
  /** Host key of the SFTP server (default: the committed demo key the tenant pins). */
  sftpHostKey?: string | Buffer;
  /** Extra tenant files: name → YAML text (written next to the drill tenant). */
  extraTenants?: Record<string, string>;
}

export interface DrillWorld {
  sandbox: Sandbox;
  sftp: SftpServer;
  root: string;
  tenantsDir: string;
  stateDir: string;
  inboxDir: string;
  tenantFile: string;
  /** The token URL the tenant file names (the recording proxy). */
  tokenUrl: string;
  /** Document numbers that must reach the factor exactly once ("Invoice:000101"). */
  eligible: string[];
  /** Values that must never appear in any child's output. */
  secrets: { clientSecret: string; sftpPassword: string; tokens: Set<string> };
  runs: RunResult[];
  run(script: Script, options?: RunOptions): Promise<RunResult>;
  at(iso: string): void;
  stop(): Promise<void>;
}

export async function startDrillWorld(options: WorldOptions = {}): Promise<DrillWorld> {
  let clock = DateTime.fromISO(`${DAY}T09:00:00`, { zone: ZONE });
  const secrets = {
    clientSecret: `cs-${randomBytes(12).toString("hex")}`,
    sftpPassword: `pw-${randomBytes(12).toString("hex")}`,
    tokens: new Set<string>(),
  };
  const clientId = `drill-client-${randomBytes(3).toString("hex")}`;

  // Realistic customers (names with æøå, valid org numbers); all factored and active, so the
  // documents created below are eligible by construction and the suite knows the expected set.
  const company = generateCompany({ seed: options.seed ?? 7, customers: 6, documents: 0, today: DAY });
  for (const c of company.customers) {
    c.status = "Active";
    c.defaultPaymentMethodId = "FACTORING";
    c.paymentMethodIds = ["FACTORING", "BANK"];
  }
  const sandbox = await startVismaSandbox({
    clock: () => clock,
    credentials: { clientId, clientSecret: secrets.clientSecret, tenantId: "drill-tenant" },
    data: {
      customers: company.customers,
      invoices: [],
      creditNotes: [],
      paymentMethods: PAYMENT_METHODS,
      cashAccounts: CASH_ACCOUNTS,
    },
  });
  const proxy = await startTokenProxy(sandbox.tokenUrl, secrets.tokens);

  const root = await mkdtemp(join(tmpdir(), "faults-"));
  const tenantsDir = join(root, "tenants");
  const stateDir = join(root, "state");
  const sftpRoot = join(root, "sftp");
  const inboxDir = join(sftpRoot, "inbox");
  await mkdir(tenantsDir);
  await mkdir(inboxDir, { recursive: true });
  const sftp = await startSftpServer({
    root: sftpRoot,
    users: [{ username: "drill", password: secrets.sftpPassword }],
    faults: options.sftpFaults,
    ...(options.sftpHostKey ? { hostKey: options.sftpHostKey } : {}),
  });

  // Documents created during the morning of DAY: after the integration start (start of the day
  // before), so the first transfer at 15:45 picks all factored ones up.
  clock = DateTime.fromISO(`${DAY}T10:00:00`, { zone: ZONE });
  const eligible: string[] = [];
  const customers = company.customers.map((c) => c.number);
  const invoices = options.invoices ?? 12;
  for (let i = 0; i < invoices; i++) {
    const doc = sandbox.store.createInvoice({
      customerNumber: customers[i % customers.length]!,
      amountOre: 50_000 + i * 12_345,
    });
    eligible.push(`Invoice:${doc.referenceNumber}`);
  }
  for (let i = 0; i < (options.creditNotes ?? 2); i++) {
    const doc = sandbox.store.createCreditNote({
      customerNumber: customers[i % customers.length]!,
      amountOre: 10_000 + i * 500,
    });
    eligible.push(`CreditNote:${doc.referenceNumber}`);
  }
  // Noise the selection must leave alone: a bank-paid invoice and one on hold.
  sandbox.store.createInvoice({ customerNumber: customers[0]!, paymentMethodId: "BANK" });
  sandbox.store.createInvoice({ customerNumber: customers[1]!, status: "Hold" });
  // What a real company holds besides: a customer invoiced in EUR at 11.4852 (not for this NOK
  // factor: listed for a person), and the day's payment history with debit notes, overdue
  // charges, a prepayment, a small-balance write-off and voided payments — inside the closing's
  // look-back, so every closing reads it.
  sandbox.store.addCashAccount({ number: "1925", description: "Valutakonto EUR", currency: "EUR" });
  sandbox.store.createCustomer({
    number: "19001",
    name: "Hamburger Hafenbedarf GmbH",
    currencyId: "EUR",
    defaultPaymentMethodId: "FACTORING",
    paymentMethodIds: ["FACTORING", "BANK"],
  });
  sandbox.store.createInvoice({ customerNumber: "19001", amountOre: 84_000 });
  addPaymentHistory(sandbox.store, { date: DAY, customerNumber: customers[2]! });

  const tenantFile = join(tenantsDir, `${TENANT}.yaml`);
  const tokenUrl = `${proxy.url}/connect/token`;
  await writeFile(tenantFile, tenantYaml({ sandbox, tokenUrl, port: sftp.port, fingerprint: DEMO_FINGERPRINT }));
  for (const [name, text] of Object.entries(options.extraTenants ?? {})) await writeFile(join(tenantsDir, name), text);

  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? root,
    TMPDIR: tmpdir(),
    DRILL_VISMA_CLIENT_ID: clientId,
    DRILL_VISMA_CLIENT_SECRET: secrets.clientSecret,
    DRILL_SFTP_PASSWORD: secrets.sftpPassword,
  };
  const runs: RunResult[] = [];

  const world: DrillWorld = {
    sandbox,
    sftp,
    root,
    tenantsDir,
    stateDir,
    inboxDir,
    tenantFile,
    tokenUrl,
    eligible,
    secrets,
    runs,
    at(iso) {
      clock = DateTime.fromISO(iso, { zone: ZONE });
    },
    async run(script, options = {}) {
      const at = options.at ?? (script === "transfer" ? "15:45" : "16:00");
      const iso = at.includes("T") ? at : `${script === "transfer" ? DAY : NEXT_DAY}T${at}:00`;
      world.at(iso);
      const now = clock.toISO()!;
      const args = [
        ...(options.allTenants ? [] : ["--tenant", TENANT]),
        "--now",
        now,
        "--tenants-dir",
        tenantsDir,
        "--state-dir",
        stateDir,
        ...(options.args ?? []),
      ];
      const env = {
        ...childEnv,
        ...(options.failpoint ? { FACTORING_FAILPOINT: options.failpoint } : {}),
        ...options.env,
      };
      const result = await runChild(script, args, env, options.bundle);
      runs.push(result);
      return result;
    },
    async stop() {
      await Promise.allSettled([sandbox.close(), sftp.close(), closeServer(proxy.server)]);
      await rm(root, { recursive: true, force: true });
    },
  };
  return world;
}

/**
 * Runs scripts/<script>.ts as a child exactly as CI would (node + tsx), without GitHub env; or,
 * given a bundle, `node <bundle> <script>` as the workflows' tenant jobs do.
 */
export function runChild(
  script: Script,
  args: string[],
  env: Record<string, string>,
  bundle?: string,
): Promise<RunResult> {
  const started = Date.now();
  const argv = bundle ? [bundle, script, ...args] : ["--import", "tsx", join("scripts", `${script}.ts`), ...args];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[fault suite] killed after ${CHILD_TIMEOUT_MS} ms`;
      child.kill("SIGKILL");
    }, CHILD_TIMEOUT_MS);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ script, args, code, signal, stdout, stderr, ms: Date.now() - started, output: `${stdout}\n${stderr}` });
    });
  });
}

/** The committed demo host key's fingerprint (tenants/demo.yaml pins the same). */
export const DEMO_FINGERPRINT = "SHA256:33aN58KmqNUTs5IooDbUm8OLRPC2i7l02dMGUm3BL9E";

export function tenantYaml(p: {
  sandbox: Sandbox;
  tokenUrl: string;
  port: number;
  fingerprint: string;
  name?: string;
  remoteDir?: string;
}): string {
  return sandboxTenantYaml({
    name: p.name ?? "Fault Drill Rørlegger AS",
    secretPrefix: "DRILL",
    visma: { apiBaseUrl: p.sandbox.apiBaseUrl, tokenUrl: p.tokenUrl, tenantId: "drill-tenant" },
    delivery: {
      type: "sftp",
      port: p.port,
      username: "drill",
      hostKeySha256: p.fingerprint,
      remoteDir: p.remoteDir ?? "/inbox",
      timeoutSeconds: 10,
    },
  });
}

/** Forwards token requests to the sandbox and remembers every access token it hands out. */
async function startTokenProxy(target: string, tokens: Set<string>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const name of ["content-type", "authorization", "accept"]) {
        const v = req.headers[name];
        if (typeof v === "string") headers[name] = v;
      }
      fetch(target, { method: req.method ?? "POST", headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
        .then(async (upstream) => {
          const text = await upstream.text();
          try {
            const token = (JSON.parse(text) as { access_token?: unknown }).access_token;
            if (typeof token === "string") tokens.add(token);
          } catch {
            // not JSON: an error answer, nothing to remember
          }
          res.writeHead(upstream.status, {
            "content-type": upstream.headers.get("content-type") ?? "application/json",
          });
          res.end(text);
        })
        .catch(() => {
          res.writeHead(502).end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Final (non-temporary) file names in the SFTP inbox. */
export async function deliveredFiles(world: DrillWorld): Promise<string[]> {
  return (await readdir(world.inboxDir)).filter((n) => !n.startsWith(".")).sort();
}

export async function readDelivered(world: DrillWorld, name: string): Promise<Buffer> {
  return readFile(join(world.inboxDir, name));
}
