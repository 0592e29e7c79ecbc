/**
 * Doctor worlds: the Visma.net sandbox (a generated Norwegian company, as `npm run demo` uses) and
 * the in-process SFTP server on free ports, and tenants/demo.yaml itself with only the two ports
 * rewritten, so "the doctor passes for the demo tenant" is about the committed file.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { runDoctor, type DoctorOutcome } from "../../src/doctor/run.ts";
import type { Check, CheckStatus } from "../../src/doctor/types.ts";
import { startSftpServer, type SftpServer, type SftpServerOptions } from "../../src/sandbox/sftp/server.ts";
import { generateCompany } from "../../src/sandbox/visma/seed.ts";
import {
  DEFAULT_CREDENTIALS,
  startVismaSandbox,
  type Sandbox,
  type SandboxOptions,
} from "../../src/sandbox/visma/server.ts";

export const ZONE = "Europe/Oslo";
export const DAY = "2026-11-26";
const SFTP_PASSWORD = "demo-password";

export interface DoctorWorld {
  sandbox: Sandbox;
  sftp: SftpServer;
  root: string;
  tenantsDir: string;
  stateDir: string;
  /** The SFTP server's folder; the tenant delivers into /inbox under it. */
  factorRoot: string;
  env: NodeJS.ProcessEnv;
  now: DateTime;
  /** Runs the doctor; `now` (local time in Oslo) is both its --now and its real time. */
  doctor(extra?: { json?: boolean; now?: string }): Promise<DoctorOutcome & { output: string }>;
  stop(): Promise<void>;
}

export interface DoctorWorldOptions {
  sandbox?: Partial<SandboxOptions>;
  sftp?: Partial<Pick<SftpServerOptions, "hostKey">>;
  /** Rewrites the tenant file's text (after the ports). */
  tenantYaml?: (yaml: string) => string;
  /** The doctor's clock, local time in Oslo (default 14:00 on DAY). */
  at?: string;
}

export async function startDoctorWorld(options: DoctorWorldOptions = {}): Promise<DoctorWorld> {
  const now = DateTime.fromISO(options.at ?? `${DAY}T14:00:00`, { zone: ZONE });
  const sandbox = await startVismaSandbox({
    clock: () => now,
    timeZone: ZONE,
    data: generateCompany({ seed: 7, customers: 15, documents: 120, today: DAY, timeZone: ZONE }),
    ...options.sandbox,
  });
  const root = await mkdtemp(join(tmpdir(), "doctor-"));
  const factorRoot = join(root, "factor-sftp");
  await mkdir(join(factorRoot, "inbox"), { recursive: true });
  const sftp = await startSftpServer({
    root: factorRoot,
    users: [{ username: "demo", password: SFTP_PASSWORD }],
    ...options.sftp,
  });
  const tenantsDir = join(root, "tenants");
  await mkdir(tenantsDir);
  const demo = await readFile(join(import.meta.dirname, "..", "..", "tenants", "demo.yaml"), "utf8");
  const yaml = demo
    .replaceAll("127.0.0.1:4010", sandbox.url.replace("http://", ""))
    .replace("port: 2222", `port: ${sftp.port}`);
  await writeFile(join(tenantsDir, "demo.yaml"), options.tenantYaml ? options.tenantYaml(yaml) : yaml);
  const env: NodeJS.ProcessEnv = {
    DEMO_VISMA_CLIENT_ID: DEFAULT_CREDENTIALS.clientId,
    DEMO_VISMA_CLIENT_SECRET: DEFAULT_CREDENTIALS.clientSecret,
    DEMO_SFTP_PASSWORD: SFTP_PASSWORD,
  };
  const stateDir = join(root, "state");
  return {
    sandbox,
    sftp,
    root,
    tenantsDir,
    stateDir,
    factorRoot,
    env,
    now,
    async doctor(extra = {}) {
      const lines: string[] = [];
      const at = extra.now ? DateTime.fromISO(extra.now, { zone: ZONE }) : now;
      const outcome = await runDoctor({
        tenant: "demo",
        tenantsDir,
        stateDir,
        env,
        clock: () => at,
        now: at.toISO()!,
        json: extra.json,
        out: (t) => lines.push(t),
      });
      return { ...outcome, output: lines.join("\n") };
    },
    stop: async () => {
      await sandbox.close();
      await sftp.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The checks with this status, as "name: seen" lines. */
export function withStatus(checks: readonly Check[], status: CheckStatus): string[] {
  return checks.filter((c) => c.status === status).map((c) => `${c.name}: ${c.seen}`);
}

export function check(checks: readonly Check[], name: string): Check {
  const found = checks.find((c) => c.name === name);
  if (!found) throw new Error(`no check named "${name}" among: ${checks.map((c) => c.name).join(", ")}`);
  return found;
}
