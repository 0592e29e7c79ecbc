/**
 * `npm run doctor`: proves a tenant is ready before its first real transfer, read-only. It reads
 * the tenant's Visma.net company (GET only) and the factor's SFTP server (no write of any kind),
 * and the ledger in state/, and prints one line per check; exit 1 when any check fails.
 */
import * as core from "@actions/core";
import { DateTime } from "luxon";
import { boundedNow } from "../run/now-bounds.ts";
import { formatProblem } from "../config/problems.ts";
import type { Tenant } from "../config/schema.ts";
import { bridgeSecrets, SECRET_NAMES_VAR } from "../config/secret-bridge.ts";
import { loadTenants } from "../config/validate.ts";
import { transferLookBack } from "../select/look-back.ts";
import type { Language } from "../shared/language.ts";
import { businessDate, parseNow } from "../shared/time.ts";
import { type Catalogue, messages } from "../report/messages/index.ts";
import { type ArDocument, createVismaClient, type VismaClient } from "../visma/index.ts";
import { expandCheck, timestampCheck, vatIdCheck } from "./behaviour.ts";
import { sampleChecks } from "./documents.ts";
import { ledgerChecks, nextRunCheck, readLedger, sentKeys } from "./ledger.ts";
import { paymentChecks } from "./payments.ts";
import { estimateDay, rateLimitCheck } from "./rate-limit.ts";
import { renderJson, renderMarkdown, renderText } from "./render.ts";
import { cashAccountChecks, paymentMethodChecks } from "./setup.ts";
import { deliveryChecks } from "./sftp.ts";
import { tokenChecks } from "./token.ts";
import { fail, isReady, unknown, type Check, type DoctorReport } from "./types.ts";
import { readVismaFacts, type VismaFacts } from "./visma-facts.ts";

export interface DoctorOptions {
  tenant: string;
  tenantsDir: string;
  stateDir: string;
  /** ISO-8601; default the real time. Bounded like every command's --now. */
  now?: string;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
  /** The real current time (tests pass their world's clock). */
  clock?: () => DateTime;
  /** Where the report goes; default stdout. */
  out?: (text: string) => void;
  /** The checklist's language (default: the tenant's reporting.language). */
  language?: Language;
}

export interface DoctorOutcome {
  report: DoctorReport;
  exitCode: number;
}

/** A 429 asking for longer than this ends the doctor's read instead of waiting out the hour. */
const MAX_THROTTLE_WAIT_MS = 60_000;

export async function runDoctor(options: DoctorOptions): Promise<DoctorOutcome> {
  const env = options.env ?? process.env;
  if (env[SECRET_NAMES_VAR] !== undefined) bridgeSecrets(env, { tenant: options.tenant });
  const { tenants, failures } = await loadTenants(options.tenantsDir, options.tenant);
  const real = options.clock?.() ?? DateTime.now();
  const tenant = tenants[0];
  // The tenant's language and zone (a broken file: --language, or English, in the default zone).
  const t = messages(options.language ?? tenant?.reporting.language, tenant?.timeZone);
  const report = tenant
    ? await examine(tenant, options, env, real, t)
    : brokenFile(
        options,
        failures[0]?.file ?? `${options.tenantsDir}/${options.tenant}.yaml`,
        failures.flatMap((f) => f.problems.map(formatProblem)),
        real,
        t,
      );
  await publish(report, options, env, t);
  return { report, exitCode: isReady(report) ? 0 : 1 };
}

async function examine(
  tenant: Tenant,
  options: DoctorOptions,
  env: NodeJS.ProcessEnv,
  real: DateTime,
  t: Catalogue,
): Promise<DoctorReport> {
  const zone = tenant.timeZone;
  const now = boundedNow(parseNow(options.now, zone), real, {
    arg: options.now,
    force: false,
    tenants: [tenant],
  }).setZone(zone);
  const today = businessDate(now, zone);
  const state = await readLedger(options.stateDir, tenant, today);
  const lookBack = transferLookBack(state instanceof Error ? undefined : state.cursor, now, zone);
  const openVisma = (scope?: string): VismaClient =>
    createVismaClient(tenant, env, { maxRetryAfterMs: MAX_THROTTLE_WAIT_MS, ...(scope ? { scope } : {}) });
  const facts = await readVismaFacts({ tenant, today, lookBack, alreadySent: sentKeys(state), openVisma });

  const d = t.doctor;
  const checks: Check[] = [...tokenChecks(facts, tenant, t)];
  if (facts.token.ok) checks.push(...vismaChecks(facts, tenant, today, sentKeys(state), t));
  else checks.push(unknown(d.name.visma, d.notReadWithoutToken));
  checks.push(...(await deliveryChecks(tenant, env, t)));
  checks.push(...ledgerChecks(state, tenant, options.stateDir, t));
  checks.push(
    facts.token.ok
      ? nextRunCheck({ tenant, today, lookBack, state, nextRun: facts.nextRun }, t)
      : unknown(d.name.firstRun, d.notCountedWithoutToken),
  );
  return { tenant: tenant.id, file: tenant.file, now: now.toISO()!, language: t.f.language, checks };
}

function vismaChecks(
  facts: VismaFacts,
  tenant: Tenant,
  today: string,
  alreadySent: ReadonlySet<string>,
  t: Catalogue,
): Check[] {
  const sample = sampleChecks({ tenant, today, facts, alreadySent }, t);
  const estimate =
    sample.factored && facts.nextRun.ok && facts.sample.ok && facts.payments.ok
      ? estimateDay(
          {
            transferReads: facts.nextRun.requests,
            documentReads: facts.sample.requests,
            paymentReads: facts.payments.requests,
            factored: sample.factored,
          },
          tenant.closing.grouping,
        )
      : null;
  return [
    rateLimitCheck(facts.stats.rateLimit, estimate, t),
    ...paymentMethodChecks(facts.paymentMethods, tenant, t),
    ...cashAccountChecks(facts.cashAccounts, facts.payments, tenant, t),
    ...sample.checks,
    ...paymentChecks(facts.payments, facts.paymentsFrom, t),
    expandCheck(facts.withoutExpand, facts.stats.shapes, t),
    vatIdCheck(facts.stats.shapes, t),
    timestampCheck(stampsOf(facts), facts.stats, tenant.timeZone, t),
  ];
}

/** Every lastModifiedDateTime/createdDateTime read (documents and customers), zone-less local text. */
function stampsOf(facts: VismaFacts): string[] {
  const docs: ArDocument[] = [];
  if (facts.sample.ok) docs.push(...facts.sample.value.invoices.items, ...facts.sample.value.creditNotes.items);
  const stamps = docs.flatMap((d) => [d.modifiedAt, d.createdAt]);
  if (facts.nextRun.ok) {
    stamps.push(...facts.nextRun.value.documents.flatMap((d) => [d.modifiedAt, d.createdAt]));
    for (const c of facts.nextRun.value.customers.values()) stamps.push(c.modifiedAt, c.createdAt);
  }
  if (facts.sampleCustomers.ok)
    for (const c of facts.sampleCustomers.value.customers.values()) stamps.push(c.modifiedAt, c.createdAt);
  return stamps.filter((s): s is string => s !== null);
}

function brokenFile(
  options: DoctorOptions,
  file: string,
  problems: string[],
  real: DateTime,
  t: Catalogue,
): DoctorReport {
  const name = t.doctor.name.tenantFile;
  const checks =
    problems.length > 0 ? problems.map((p) => fail(name, p)) : [fail(name, t.doctor.fileHasErrors({ file }))];
  return { tenant: options.tenant, file, now: real.toISO()!, language: t.f.language, checks };
}

/** The lines (or JSON) on stdout; in Actions the checklist in the job summary as well. */
async function publish(
  report: DoctorReport,
  options: DoctorOptions,
  env: NodeJS.ProcessEnv,
  t: Catalogue,
): Promise<void> {
  const out = options.out ?? ((text: string) => void process.stdout.write(`${text}\n`));
  out(options.json ? renderJson(report) : renderText(report, t));
  if (env.GITHUB_ACTIONS === "true" && env.GITHUB_STEP_SUMMARY)
    await core.summary.addRaw(renderMarkdown(report, t), true).write();
}
