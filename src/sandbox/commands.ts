/**
 * The development tools as commands of the same registry shape as the product's
 * (src/commands): `scripts/<name>.ts` is `await main(devCommands.<name>)`. They live here because
 * they run the sandboxes, which product code never imports.
 */
import { DateTime } from "luxon";
import { defineCommand, UsageError } from "../commands/command.ts";
import * as flag from "../commands/flags.ts";
import { businessDate, DEFAULT_TIME_ZONE, isValidTimeZone } from "../shared/time.ts";
import {
  BENCH_FLAGS,
  benchSettings,
  dayLines,
  daysBenchSettings,
  renderDaysTable,
  renderSiteTable,
  renderTable,
  runBenchmark,
  runDays,
  runSiteBenchmark,
  siteBenchSettings,
} from "./bench/index.ts";
import { BUNDLE_FILE, buildBundle } from "../build/bundle.ts";
import { fleetBenchSettings } from "./bench/fleet/args.ts";
import { renderFleetTable } from "./bench/fleet/figures.ts";
import { runFleetBenchmark } from "./bench/fleet/run.ts";
import { runDemo } from "./demo.ts";
import { portInUse } from "./ports.ts";
import { runFaultSuite } from "./faults/suite.ts";
import { generateCompany, loadSandboxData } from "./visma/seed.ts";
import { DEFAULT_CREDENTIALS, startVismaSandbox } from "./visma/server.ts";

const demo = defineCommand({
  name: "demo",
  summary: "The whole story on this machine: the sandboxes, a transfer, the closing a day later, the reconciliation.",
  flags: {
    date: { type: "string", value: "yyyy-MM-dd", help: "business date of the story (default: today in Oslo)" },
    keep: {
      type: "string",
      value: "DIR",
      help: "leave the work folder (tenants/, state/, the factor's inbox) in DIR, a new or empty folder, e.g. for npm run site",
    },
    language: { ...flag.language, help: "the story's language (default: tenants/demo.yaml's reporting.language)" },
    "visma-port": { type: "string", value: "N", help: "a fixed port for the Visma.net sandbox (default: a free one)" },
    "sftp-port": { type: "string", value: "N", help: "a fixed port for the SFTP server (default: a free one)" },
  },
  parse: (values) => {
    if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date))
      throw new UsageError(`--date must be a date yyyy-MM-dd, got ${JSON.stringify(values.date)}`);
    return {
      date: values.date,
      keep: values.keep,
      language: flag.languageOf(values.language),
      vismaPort: portOf(values["visma-port"], "--visma-port"),
      sftpPort: portOf(values["sftp-port"], "--sftp-port"),
    };
  },
  run: runDemo,
});

/** A --…-port value: a port number (0: a free one), or undefined when not given. */
function portOf(value: string | undefined, name: string): number | undefined {
  if (!flag.given(value)) return undefined;
  if (!/^\d+$/.test(value!) || Number(value) > 65_535)
    throw new UsageError(`${name} must be a port number (0–65535, 0 for a free one), got ${JSON.stringify(value)}`);
  return Number(value);
}

const bench = defineCommand({
  name: "bench",
  summary:
    "Benchmark against the sandbox: JSON lines on stdout (transfer, each closing, summary; with --days N a line per day of the 120-day case; with --site the status site's figures), a table on stderr.",
  flags: BENCH_FLAGS,
  parse: (values) =>
    values.fleet
      ? { fleet: fleetBenchSettings(values) }
      : values.site
        ? { site: siteBenchSettings(values) }
        : values.days !== undefined
          ? { days: daysBenchSettings(values) }
          : { pipeline: benchSettings(values) },
  async run(settings) {
    const progress = (m: string) => process.stderr.write(`bench: ${m}\n`);
    if (settings.fleet) {
      const figures = await runFleetBenchmark(settings.fleet, progress);
      process.stdout.write(`${JSON.stringify(figures)}\n`);
      process.stderr.write(`\n${renderFleetTable(figures)}\n`);
      return Object.values(figures.pass).every(Boolean) ? 0 : 1;
    }
    if (settings.days) {
      const out = await runDays(settings.days, progress);
      for (const line of [...dayLines(out), out.figures]) process.stdout.write(`${JSON.stringify(line)}\n`);
      process.stderr.write(`\n${renderDaysTable(out)}\n`);
      return Object.values(out.figures.pass).every(Boolean) ? 0 : 1;
    }
    if (settings.site) {
      const figures = await runSiteBenchmark(settings.site, progress);
      process.stdout.write(`${JSON.stringify(figures)}\n`);
      process.stderr.write(`\n${renderSiteTable(figures)}\n`);
      return figures.pass ? 0 : 1;
    }
    const out = await runBenchmark(settings.pipeline!, progress);
    for (const line of [out.transfer, ...out.closings, out.coldTransfer, out.summary])
      process.stdout.write(`${JSON.stringify(line)}\n`);
    process.stderr.write(`\n${renderTable(out)}\n`);
    return out.summary.allTargetsPass ? 0 : 1;
  },
});

/** FAULTS_ONLY=<substring> runs matching cases; FAULTS_PARALLEL=<n> sets cases run at once (default 2). */
const faults = defineCommand({
  name: "test:faults",
  summary:
    "The fault-injection suite: real scripts as child processes against the sandboxes, invariants checked after each case.",
  flags: {},
  parse: (_values, _positionals, env) => ({
    only: env.FAULTS_ONLY || undefined,
    parallel: Number(env.FAULTS_PARALLEL) || 2,
  }),
  run: async (options) => ((await runFaultSuite(options)).failed > 0 ? 1 : 0),
});

const sandbox = defineCommand({
  name: "sandbox",
  summary: "The Visma.net imitation with a seeded company, standalone, until Ctrl-C; prints its URLs and credentials.",
  flags: {
    port: { type: "string", value: "N", default: "0", help: "port on 127.0.0.1 (0: a free one; the URLs are printed)" },
    seed: { type: "string", value: "N", default: "1", help: "generator seed" },
    customers: { type: "string", value: "N", default: "40", help: "customers to generate" },
    documents: { type: "string", value: "N", default: "300", help: "documents to generate" },
    data: { type: "string", value: "FILE", help: "a company as JSON instead of a generated one" },
    latency: { type: "string", value: "MS", default: "0", help: "milliseconds added to every request" },
    today: { type: "string", value: "yyyy-MM-dd", help: "the company's today (default: today in the zone)" },
    "time-zone": { type: "string", value: "ZONE", default: DEFAULT_TIME_ZONE, help: "IANA zone of the company" },
    timestamps: {
      type: "string",
      value: "local|utc",
      default: "local",
      help: "the zone lastModifiedDateTime/createdDateTime are written in",
    },
  },
  parse(values) {
    const int = (name: "seed" | "customers" | "documents" | "latency"): number => {
      const value = values[name]!;
      if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number (got ${JSON.stringify(value)})`);
      return Number(value);
    };
    const timeZone = values["time-zone"]!;
    if (!isValidTimeZone(timeZone))
      throw new UsageError(`--time-zone must be an IANA zone such as Europe/Oslo (got ${JSON.stringify(timeZone)})`);
    // The zone Visma.net means in lastModifiedDateTime/createdDateTime is not published: choose one.
    const timestamps = values.timestamps!;
    if (timestamps !== "local" && timestamps !== "utc")
      throw new UsageError(`--timestamps must be local or utc (got ${JSON.stringify(timestamps)})`);
    return {
      port: portOf(values.port, "--port") ?? 0,
      latencyMs: int("latency"),
      timeZone,
      timestamps,
      data: values.data,
      generate: {
        seed: int("seed"),
        customers: int("customers"),
        documents: int("documents"),
        today: values.today ?? businessDate(DateTime.now(), timeZone),
      },
    } as const;
  },
  async run(o) {
    const data = o.data
      ? await loadSandboxData(o.data)
      : generateCompany({ ...o.generate, timeZone: o.timeZone, timestamps: o.timestamps });
    const running = await startVismaSandbox({
      port: o.port,
      latencyMs: o.latencyMs,
      timeZone: o.timeZone,
      timestamps: o.timestamps,
      data,
    }).catch(portInUse("the Visma.net sandbox", o.port, "--port"));
    const c = DEFAULT_CREDENTIALS;
    console.log(`Visma.net sandbox running (${data.customers.length} customers, ${data.invoices.length} invoices, ${data.creditNotes.length} credit notes)
  token URL:     ${running.tokenUrl}
  API base URL:  ${running.apiBaseUrl}   (paths /v1/...)
  client id:     ${c.clientId}
  client secret: ${c.clientSecret}   (sandbox-only demo value)
  tenant id:     ${c.tenantId}

Tenant file snippet (tenants/sandbox.yaml: secret names start with the tenant id):
  visma:
    tenantId: ${c.tenantId}
    clientIdEnv: SANDBOX_VISMA_CLIENT_ID        # export SANDBOX_VISMA_CLIENT_ID=${c.clientId}
    clientSecretEnv: SANDBOX_VISMA_CLIENT_SECRET  # export SANDBOX_VISMA_CLIENT_SECRET=${c.clientSecret}
    apiBaseUrl: ${running.apiBaseUrl}
    tokenUrl: ${running.tokenUrl}
    allowCustomEndpoint: true                   # not Visma's hosts: the sandbox on this machine

Ctrl-C to stop.`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await running.close();
    return 0;
  },
});

/** The workflows' plan job runs this once; the tenant jobs run the file it writes (build/bundle.ts). */
const bundle = defineCommand({
  name: "bundle",
  summary: "The product as one file (node dist/factoring.mjs <command> [flags]) for the workflows' tenant jobs.",
  flags: { out: { type: "string", value: "FILE", default: BUNDLE_FILE, help: "where the bundle goes" } },
  parse: (values) => ({ out: values.out! }),
  async run({ out }) {
    const built = await buildBundle({ outfile: out });
    process.stdout.write(`${built.outfile}: ${(built.bytes / 1024 / 1024).toFixed(1)} MiB in ${built.ms} ms\n`);
    return 0;
  },
});

export const devCommands = { demo, bench, faults, sandbox, bundle };
