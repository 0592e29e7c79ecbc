/**
 * `npm run bench -- --fleet --tenants N --parallel P`: a fleet run as the workflows run it. The
 * product is bundled once (as the plan job does); then every tenant job is a separate process
 * running the bundle on this Node, from an empty folder of its own (as a fresh runner): it checks
 * out its tenant's state branch from a local bare repository, transfers over SFTP to its folder on
 * the factor's server, and pushes its records to its own branch. P jobs at a time, three rounds
 * over the fleet:
 *   1. the transfer (15:45 on the business day),
 *   2. the second transfer slot (16:07): today's transfer already ran, the job only starts, checks
 *      out and stops: what every job costs besides its work (the per-job overhead),
 *   3. the closing the next day (16:00).
 * Then it checks the result from the outside (every document delivered once and closed once, the
 * ledger on each branch saying so) and measures what the fleet figures need. fleet/figures.ts
 * turns the measurements into the JSON line and the model for 2,000 tenants.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { DateTime } from "luxon";
import { buildBundle } from "../../../build/bundle.ts";
import { PUSH_REJECTED } from "../../../ledger/git.ts";
import { parseMonthLog } from "../../../ledger/month-log.ts";
import { stateBranch } from "../../../ledger/state-refs.ts";
import type { Batch } from "../../../ledger/types.ts";
import { fleetFigures, type FleetFigures, type FleetSettings, type JobSample, type Phase } from "./figures.ts";
import { startFleetWorld, ZONE, type FleetTenant, type FleetWorld } from "./world.ts";

/** A job that runs longer than this is killed and counted as failed (a hang is a finding too). */
const JOB_TIMEOUT_MS = 180_000;
const TIME = "/usr/bin/time";

export async function runFleetBenchmark(
  settings: FleetSettings,
  progress: (message: string) => void = () => {},
): Promise<FleetFigures> {
  // Real dates: a job bounds --now by the real clock, like every run.
  const day = DateTime.now().setZone(ZONE).minus({ days: 2 }).toISODate()!;
  const next = DateTime.fromISO(day, { zone: ZONE }).plus({ days: 1 }).toISODate()!;
  const work = await mkdtemp(join(tmpdir(), "vf-fleet-bundle-"));
  let world: FleetWorld | undefined;
  try {
    progress("bundle…");
    const bundle = await buildBundle({ outfile: join(work, "factoring.mjs") });
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) starts.push(await timed(bundle.outfile, ["transfer", "--help"]));
    const startMs = median(starts);
    progress(`world: ${settings.tenants} tenants, ${settings.documents} documents each…`);
    world = await startFleetWorld({ ...settings, day });
    const w = world;
    const job = (phase: Phase, command: "transfer" | "close", at: string) => (t: FleetTenant) =>
      runJob(w, t, bundle.outfile, phase, command, at);
    const phases: { phase: Phase; wallMs: number; jobs: JobSample[] }[] = [];
    for (const [phase, command, at] of [
      ["transfer", "transfer", `${day}T15:45:00`],
      ["idle", "transfer", `${day}T16:07:00`],
      ["close", "close", `${next}T16:00:00`],
    ] as const) {
      progress(`${phase}: ${settings.tenants} jobs, ${settings.parallel} at a time…`);
      const started = performance.now();
      const jobs = await pool(w.tenants, settings.parallel, job(phase, command, at));
      phases.push({ phase, wallMs: performance.now() - started, jobs });
      const failed = jobs.filter((j) => j.exitCode !== 0);
      if (failed.length > 0)
        progress(`${phase}: ${failed.length} job(s) failed, e.g. ${failed[0]!.tenant}: ${failed[0]!.tail}`);
    }
    progress("checking the fleet from the outside…");
    const outcome = await checkFleet(w, day);
    return fleetFigures({
      settings,
      bundle: { bytes: bundle.bytes, buildMs: bundle.ms, startMs },
      phases,
      outcome,
      repository: repositorySize(w.originDir),
    });
  } finally {
    await world?.stop();
    await rm(work, { recursive: true, force: true });
  }
}

/** Runs `work` over `items`, `parallel` at a time, in order of the items. */
async function pool<T, R>(items: readonly T[], parallel: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}

/** One tenant job: the bundle as a separate process in a fresh folder, as tenants.yml runs it. */
async function runJob(
  world: FleetWorld,
  tenant: FleetTenant,
  bundle: string,
  phase: Phase,
  command: "transfer" | "close",
  localIso: string,
): Promise<JobSample> {
  tenant.at(localIso);
  const now = DateTime.fromISO(localIso, { zone: ZONE }).toISO()!;
  const folder = await mkdtemp(join(tmpdir(), `vf-job-${tenant.id}-`));
  const before = tenant.sandbox.stats.requests;
  const args = [
    command,
    "--tenant",
    tenant.id,
    "--commit",
    "--now",
    now,
    "--tenants-dir",
    world.tenantsDir,
    "--state-dir",
    join(folder, "state"),
  ];
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? folder,
    TMPDIR: tmpdir(),
    FACTORING_STATE_REMOTE: world.remote,
    ...tenant.secrets,
  };
  try {
    const run = await spawnTimed(bundle, args, { cwd: folder, env });
    return {
      phase,
      tenant: tenant.id,
      exitCode: run.exitCode,
      wallMs: run.wallMs,
      cpuMs: run.cpuMs,
      calls: tenant.sandbox.stats.requests - before,
      pushRejections: run.stderr.split("\n").filter((l) => l.includes(PUSH_REJECTED)).length,
      tail: run.exitCode === 0 ? "" : `${run.stdout}\n${run.stderr}`.trim().split("\n").slice(-3).join(" | "),
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

interface Spawned {
  exitCode: number;
  wallMs: number;
  /** User + system CPU of the job's process, when /usr/bin/time is there to say it. */
  cpuMs?: number;
  stdout: string;
  stderr: string;
}

/** `node <bundle> <args>`, its wall time and (through /usr/bin/time) its CPU time. */
function spawnTimed(
  bundle: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Spawned> {
  const withTime = existsSync(TIME);
  const argv = [process.execPath, bundle, ...args];
  const started = performance.now();
  return new Promise((resolve) => {
    const child = withTime
      ? spawn(TIME, ["-f", "VF_TIME %e %U %S", ...argv], { ...options, stdio: ["ignore", "pipe", "pipe"] })
      : spawn(argv[0]!, argv.slice(1), { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), JOB_TIMEOUT_MS);
    child.on("close", (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const m = /VF_TIME ([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      resolve({
        exitCode: code ?? 1,
        wallMs,
        cpuMs: m ? Math.round((Number(m[2]) + Number(m[3])) * 1000) : undefined,
        stdout,
        stderr: m ? stderr.slice(0, m.index) : stderr,
      });
    });
  });
}

/** Wall time of a short command of the bundle: Node's start plus loading the bundle. */
async function timed(bundle: string, args: string[]): Promise<number> {
  return (await spawnTimed(bundle, args, { cwd: tmpdir(), env: { PATH: process.env.PATH ?? "" } })).wallMs;
}

export interface FleetOutcome {
  documents: number;
  /** Documents delivered more than once, or never (both must be 0). */
  deliveredTwice: number;
  notDelivered: number;
  /** Documents the sandbox reads Closed with balance 0, and payments/refunds posted. */
  closed: number;
  payments: number;
  /** Documents the ledger on the state branches records as transferred and closed. */
  ledgerClosed: number;
  /** Bytes of the month logs, and of everything on the state branches (cursor, attention, status too). */
  ledgerBytes: number;
  stateBytes: number;
  branches: number;
  /** The first few documents the checks found wrong ("t0001 Invoice:000101 delivered 0 times"). */
  problems: string[];
}

/** The invariants seen from outside: the SFTP folders, the sandboxes, the state branches. */
async function checkFleet(world: FleetWorld, day: string): Promise<FleetOutcome> {
  const out: FleetOutcome = {
    documents: 0,
    deliveredTwice: 0,
    notDelivered: 0,
    closed: 0,
    payments: 0,
    ledgerClosed: 0,
    ledgerBytes: 0,
    stateBytes: 0,
    branches: 0,
    problems: [],
  };
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: world.originDir, encoding: "utf8", maxBuffer: 1 << 28 });
  const branches = new Set(git("for-each-ref", "--format=%(refname:short)", "refs/heads/").split("\n").filter(Boolean));
  for (const t of world.tenants) {
    out.documents += t.eligible.length;
    const sent = new Map<string, number>();
    const folder = join(world.sftpRoot, t.id);
    for (const name of (await readdir(folder)).filter((n) => n.toUpperCase().endsWith(".SGF"))) {
      const text = await readFile(join(folder, name), "latin1");
      for (const record of text.split("\r\n").filter(Boolean)) {
        const number = record.slice(14, 22);
        sent.set(number, (sent.get(number) ?? 0) + 1);
      }
    }
    for (const key of t.eligible) {
      const n = sent.get(key.split(":")[1]!.padStart(8, "0")) ?? 0;
      if (n > 1) out.deliveredTwice += 1;
      if (n === 0) out.notDelivered += 1;
      if (n !== 1 && out.problems.length < 10) out.problems.push(`${t.id} ${key} delivered ${n} times`);
    }
    const docs = [...t.sandbox.store.listInvoices(), ...t.sandbox.store.listCreditNotes()];
    out.closed += docs.filter((d) => d.status === "Closed" && d.balanceOre === 0).length;
    out.payments += t.sandbox.store.listPayments().filter((p) => p.paymentRef?.startsWith("VF-")).length;

    const branch = stateBranch(t.id);
    if (!branches.has(branch)) continue;
    out.branches += 1;
    for (const line of git("ls-tree", "-r", "-l", branch).split("\n").filter(Boolean)) {
      const [meta, path] = line.split("\t");
      const bytes = Number(meta!.trim().split(/\s+/)[3]);
      out.stateBytes += bytes;
      if (path!.endsWith(".jsonl")) out.ledgerBytes += bytes;
    }
    const month = day.slice(0, 7);
    const text = git("show", `${branch}:ledger/${month}.jsonl`);
    const batches: Batch[] = parseMonthLog(text, { path: branch, tenant: t.id, month, fix: "" }).batches;
    out.ledgerClosed += batches
      .filter((b) => b.status === "transferred")
      .flatMap((b) => b.documents)
      .filter((d) => d.closing?.status === "closed").length;
  }
  return out;
}

/** The bare repository's size on disk (objects, packed or loose). */
function repositorySize(originDir: string): { bytes: number } {
  const counts = execFileSync("git", ["count-objects", "-v"], { cwd: originDir, encoding: "utf8" });
  const kib = (key: string) => Number(new RegExp(`^${key}: (\\d+)`, "m").exec(counts)?.[1] ?? 0);
  return { bytes: (kib("size") + kib("size-pack")) * 1024 };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
