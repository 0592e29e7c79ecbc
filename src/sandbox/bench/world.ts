/**
 * One benchmark world: the Visma.net sandbox (on its own thread) with latency and a rate limit,
 * seeded with the company; a tenant file; a temp state folder (files only, local-run.ts) and a local
 * delivery folder.
 * Commands run in-process through runTransfer/runClose with a VismaClient the world keeps,
 * so the client's counters can be read next to the sandbox's.
 */
import { localRunOptions } from "../local-run.ts";
import { sandboxTenantYaml } from "../tenant-yaml.ts";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { runClose } from "../../commands/close.ts";
import type { CommandOutcome } from "../../run/frame.ts";
import { runTransfer } from "../../commands/transfer.ts";
import { DEFAULT_TIME_ZONE } from "../../shared/time.ts";
import { createVismaClient, type VismaClient } from "../../visma/index.ts";
import { DEFAULT_CREDENTIALS } from "../visma/server.ts";
import type { SandboxData } from "../visma/types.ts";
import { RemoteSandbox } from "./remote-sandbox.ts";

const TENANT = "bench";

export interface BenchWorldOptions {
  data: SandboxData;
  grouping: "perDocument" | "perCustomer";
  latencyMs: number;
  concurrency: number;
  /** Page size the sandbox forces (the API's maxPageSize); the tenant asks for more. */
  maxPageSize: number;
  rateLimit: { limit: number; windowSeconds: number };
  /** Local time in the tenant's zone the world starts at. */
  start: string;
  /** A state folder to start from (the ledger another world's transfer left). */
  ledgerFrom?: string;
}

export interface BenchWorld {
  sandbox: RemoteSandbox;
  stateDir: string;
  outDir: string;
  /** Clients opened by the commands, in order. */
  clients: VismaClient[];
  at(localIso: string): Promise<void>;
  transfer(): Promise<CommandOutcome>;
  close(): Promise<CommandOutcome>;
  stop(): Promise<void>;
}

export async function startBenchWorld(options: BenchWorldOptions): Promise<BenchWorld> {
  let clock = DateTime.fromISO(options.start, { zone: DEFAULT_TIME_ZONE });
  const sandbox = await RemoteSandbox.start({
    clock: clock.toISO()!,
    data: options.data,
    latencyMs: options.latencyMs,
    rateLimit: options.rateLimit,
    maxPageSize: options.maxPageSize,
  });
  const root = await mkdtemp(join(tmpdir(), "vf-bench-"));
  const tenantsDir = join(root, "tenants");
  const stateDir = join(root, "state");
  const outDir = join(root, "factor-inbox");
  await mkdir(tenantsDir);
  await mkdir(outDir);
  if (options.ledgerFrom) await cp(options.ledgerFrom, stateDir, { recursive: true });
  await writeFile(join(tenantsDir, `${TENANT}.yaml`), tenantYaml(sandbox, outDir, options));
  const env: NodeJS.ProcessEnv = {
    BENCH_VISMA_CLIENT_ID: DEFAULT_CREDENTIALS.clientId,
    BENCH_VISMA_CLIENT_SECRET: DEFAULT_CREDENTIALS.clientSecret,
  };
  const clients: VismaClient[] = [];
  const base = () =>
    localRunOptions(
      { tenant: TENANT, clock: () => clock, tenantsDir, stateDir, env },
      {
        openVisma: (tenant, log) => {
          const client = createVismaClient(tenant, env, { log });
          clients.push(client);
          return client;
        },
      },
    );
  return {
    sandbox,
    stateDir,
    outDir,
    clients,
    async at(localIso) {
      clock = DateTime.fromISO(localIso, { zone: DEFAULT_TIME_ZONE });
      await sandbox.setClock(clock);
    },
    transfer: () => runTransfer(base()),
    close: () => runClose(base()),
    async stop() {
      await sandbox.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

function tenantYaml(sandbox: RemoteSandbox, outDir: string, o: BenchWorldOptions): string {
  return sandboxTenantYaml({
    name: "Benchmark Bygg AS",
    secretPrefix: "BENCH",
    visma: {
      apiBaseUrl: sandbox.apiBaseUrl,
      tokenUrl: sandbox.tokenUrl,
      tenantId: DEFAULT_CREDENTIALS.tenantId,
      concurrency: o.concurrency,
    },
    delivery: { type: "local", directory: outDir },
    paymentMethods: [],
    grouping: o.grouping,
  });
}
