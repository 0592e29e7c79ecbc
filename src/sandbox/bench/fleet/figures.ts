/**
 * The fleet benchmark's figures (one JSON line) and its table, from the measured jobs, and the
 * model of a fleet of 2,000 tenants built from them.
 *
 * Floors, per tenant, as the default benchmark counts them: a transfer needs the token and one
 * page per list it must read (Open invoices, credit notes, customers, 100 a page); a closing the
 * token and a create and a release per payment (one per document here); the idle slot nothing.
 *
 * The model: a run of N tenants takes ceil(N / P) rounds of one job each, a job costing the
 * runner's start (assigning a runner and downloading the bundle artifact, which no local
 * measurement can see: an assumption, stated in the line) plus the job's own time as measured
 * here. Jobs here share this machine's cores (P at once), so their time is an upper bound for a
 * runner of their own; the CPU time per job is given too.
 */
import { CHUNK_SIZE } from "../../../config/matrix.ts";
import type { FleetOutcome } from "./run.ts";

export type Phase = "transfer" | "idle" | "close";

export interface FleetSettings {
  tenants: number;
  parallel: number;
  /** Documents per tenant (a tenth credit notes), all eligible, transferred and closed. */
  documents: number;
  customers: number;
  seed: number;
}

export interface JobSample {
  phase: Phase;
  tenant: string;
  exitCode: number;
  wallMs: number;
  cpuMs?: number;
  /** Requests the tenant's sandbox served during the job (the token's included). */
  calls: number;
  /** Pushes the job saw rejected and retried (each tenant writes its own branch: must be 0). */
  pushRejections: number;
  /** The last lines of a failed job's output. */
  tail: string;
}

/** Seconds GitHub takes to start a tenant job (pick a runner, download the bundle): not measurable here (ASSUMPTION(A61)). */
export const ASSUMED_RUNNER_START_SECONDS = 15;
/** Concurrent jobs of GitHub's plans on standard hosted runners (docs "Actions limits", ASSUMPTION(A62)). */
export const PLAN_CONCURRENCY = { free: 20, pro: 40, team: 60, enterprise: 500 } as const;
const MODEL_TENANTS = 2_000;
/** The transfer window (15:30–16:30) from the first slot at 15:37. */
const TRANSFER_MINUTES = 53;

const PAGE = 100;
const pages = (n: number) => Math.max(1, Math.ceil(n / PAGE));
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export function fleetFigures(input: {
  settings: FleetSettings;
  bundle: { bytes: number; buildMs: number; startMs: number };
  phases: { phase: Phase; wallMs: number; jobs: JobSample[] }[];
  outcome: FleetOutcome;
  repository: { bytes: number };
}) {
  const { settings: s, bundle, phases, outcome, repository } = input;
  const creditNotes = Math.floor(s.documents / 10);
  const floor: Record<Phase, number> = {
    transfer: 1 + pages(s.documents - creditNotes) + pages(creditNotes) + pages(s.customers),
    idle: 0,
    close: 1 + 2 * s.documents,
  };
  const of = (phase: Phase) => phases.find((p) => p.phase === phase)!;
  const jobs = phases.flatMap((p) => p.jobs);
  const stat = (f: (j: JobSample) => number | undefined) =>
    Object.fromEntries(
      phases.map((p) => {
        const values = p.jobs.map(f).filter((v): v is number => v !== undefined);
        return [p.phase, values.length ? Math.round(percentile(values, 50)) : null];
      }),
    ) as Record<Phase, number | null>;
  const p95 = Object.fromEntries(
    phases.map((p) => [
      p.phase,
      Math.round(
        percentile(
          p.jobs.map((j) => j.wallMs),
          95,
        ),
      ),
    ]),
  );
  const calls = Object.fromEntries(
    phases.map((p) => {
      const perTenant = p.jobs.reduce((n, j) => n + j.calls, 0) / Math.max(1, p.jobs.length);
      return [
        p.phase,
        {
          perTenant: round(perTenant, 2),
          floor: floor[p.phase],
          ratio: floor[p.phase] ? round(perTenant / floor[p.phase], 3) : null,
        },
      ];
    }),
  );
  const median = stat((j) => j.wallMs);
  const cpu = stat((j) => j.cpuMs);
  const pushRejections = jobs.reduce((n, j) => n + j.pushRejections, 0);
  const failed = jobs.filter((j) => j.exitCode !== 0);
  const ledgerBytesPerDocument = round(outcome.ledgerBytes / Math.max(1, outcome.ledgerClosed));
  const model = modelFleet({ transfer: median.transfer ?? 0, close: median.close ?? 0 });
  return {
    bench: "fleet" as const,
    tenants: s.tenants,
    parallel: s.parallel,
    documentsPerTenant: s.documents,
    customersPerTenant: s.customers,
    wallMs: {
      transfer: Math.round(of("transfer").wallMs),
      idle: Math.round(of("idle").wallMs),
      close: Math.round(of("close").wallMs),
      total: Math.round(phases.reduce((n, p) => n + p.wallMs, 0)),
    },
    jobs: { count: jobs.length, failed: failed.length, medianMs: median, p95Ms: p95, medianCpuMs: cpu },
    /** A job that only starts, checks out its tenant's state and stops (the second transfer slot). */
    perJobOverheadMs: median.idle,
    perJobOverheadCpuMs: cpu.idle,
    bundle: { bytes: bundle.bytes, buildMs: bundle.buildMs, startMs: Math.round(bundle.startMs) },
    pushRejections,
    calls,
    ledgerBytesPerDocument,
    stateBytesPerDocument: round(outcome.stateBytes / Math.max(1, outcome.ledgerClosed)),
    repository: {
      bytes: repository.bytes,
      bytesPerTenant: Math.round(repository.bytes / Math.max(1, s.tenants)),
      stateBranches: outcome.branches,
    },
    invariants: {
      documents: outcome.documents,
      deliveredTwice: outcome.deliveredTwice,
      notDelivered: outcome.notDelivered,
      closedInVisma: outcome.closed,
      payments: outcome.payments,
      closedInLedger: outcome.ledgerClosed,
      problems: outcome.problems,
    },
    failedJobs: failed.slice(0, 5).map((j) => `${j.phase} ${j.tenant}: ${j.tail}`),
    model2000: model,
    pass: {
      noFailedJobs: failed.length === 0,
      noPushRejections: pushRejections === 0,
      eachDocumentOnce: outcome.deliveredTwice === 0 && outcome.notDelivered === 0,
      allClosedOnce:
        outcome.closed === outcome.documents &&
        outcome.payments === outcome.documents &&
        outcome.ledgerClosed === outcome.documents,
      ledgerAtMost200BytesPerDocument: ledgerBytesPerDocument <= 200,
      bundleStartsUnderOneSecond: bundle.startMs < 1000,
      oneBranchPerTenant: outcome.branches === s.tenants,
    },
  };
}

export type FleetFigures = ReturnType<typeof fleetFigures>;

/** 2,000 tenants at each plan's concurrency: rounds of jobs, each the runner's start plus the measured job. */
function modelFleet(jobMs: { transfer: number; close: number }) {
  const chunks = Math.ceil(MODEL_TENANTS / CHUNK_SIZE);
  return {
    tenants: MODEL_TENANTS,
    chunks,
    assumedRunnerStartSeconds: ASSUMED_RUNNER_START_SECONDS,
    jobSeconds: { transfer: round(jobMs.transfer / 1000), close: round(jobMs.close / 1000) },
    byPlan: Object.entries(PLAN_CONCURRENCY).map(([plan, parallel]) => {
      // Each chunk runs at least one job at a time (config/matrix.ts chunkMatrix).
      const atOnce = Math.max(parallel, chunks);
      const rounds = Math.ceil(MODEL_TENANTS / atOnce);
      const minutes = (ms: number) => round((rounds * (ASSUMED_RUNNER_START_SECONDS * 1000 + ms)) / 60_000);
      const transferMinutes = minutes(jobMs.transfer);
      return {
        plan,
        parallel: atOnce,
        transferMinutes,
        closeMinutes: minutes(jobMs.close),
        transferFitsWindow: transferMinutes <= TRANSFER_MINUTES,
      };
    }),
  };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The figures for a person (stderr). */
export function renderFleetTable(f: FleetFigures): string {
  const rows = (["transfer", "idle", "close"] as const).map(
    (p) =>
      `| ${p} | ${(f.wallMs[p] / 1000).toFixed(1)} s | ${f.jobs.medianMs[p]} ms | ${f.jobs.p95Ms[p]} ms | ${f.jobs.medianCpuMs[p] ?? "–"} ms | ${f.calls[p]!.perTenant} | ${f.calls[p]!.floor} |`,
  );
  const model = f.model2000.byPlan.map(
    (m) =>
      `| ${m.plan} | ${m.parallel} | ${m.transferMinutes} min${m.transferFitsWindow ? "" : " (past 16:30)"} | ${m.closeMinutes} min |`,
  );
  return [
    `Fleet: ${f.tenants} tenants × ${f.documentsPerTenant} documents, ${f.parallel} jobs at a time, every job a separate process running the bundle`,
    "",
    "| Round | Wall | Job median | Job p95 | Job CPU | Calls/tenant | Floor |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
    `Per-job overhead ${f.perJobOverheadMs} ms (bundle start ${f.bundle.startMs} ms), push rejections ${f.pushRejections}, ` +
      `ledger ${f.ledgerBytesPerDocument} B per transferred and closed document (${f.stateBytesPerDocument} B with cursor, attention and status), ` +
      `repository ${(f.repository.bytes / 1024 / 1024).toFixed(1)} MiB for ${f.repository.stateBranches} state branches`,
    "",
    `Model of ${f.model2000.tenants} tenants (${f.model2000.chunks} chunks; ${f.model2000.assumedRunnerStartSeconds} s assumed per job for GitHub to start a runner and download the bundle):`,
    "",
    "| Plan | Jobs at once | Transfer | Closing |",
    "|---|---:|---:|---:|",
    ...model,
    "",
    Object.entries(f.pass)
      .map(([k, v]) => `${v ? "✔" : "✖"} ${k}`)
      .join("  "),
  ].join("\n");
}
