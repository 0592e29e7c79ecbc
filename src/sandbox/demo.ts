/**
 * `npm run demo`: the whole story on one machine, against the built-in sandboxes.
 *
 * 1. A Visma.net sandbox with a generated Norwegian company, and an SFTP server standing in for
 *    the factor (the host key of tenants/demo.yaml), each on a free port unless --visma-port /
 *    --sftp-port fix one; the work folder's copy of tenants/demo.yaml points at them.
 * 2. The daily transfer at 15:45 Oslo time: files delivered, ledger written.
 * 3. The clock moves past the closing delay; the closing posts payments and refunds.
 * 4. The reconciliation, and a short "what happened".
 * Everything happens in a temporary folder (or the --keep folder, left in place for e.g.
 * `npm run site`): the repository's own state/ is never touched, so demos can run side by side.
 * It speaks the tenant's reporting.language, or --language.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DateTime } from "luxon";
import { parseDocument } from "yaml";
import { isOurPaymentRef } from "../close/plan.ts";
import { runClose } from "../commands/close.ts";
import { runTransfer } from "../commands/transfer.ts";
import { loadTenantFile } from "../config/load.ts";
import { formatProblem } from "../config/problems.ts";
import type { Tenant } from "../config/schema.ts";
import { runDoctor } from "../doctor/run.ts";
import { LedgerStore } from "../ledger/store.ts";
import { reconciliationSummary, reconcileTenant } from "../reconcile/reconcile.ts";
import { type Catalogue, messages, mismatchText, noticeLabel, reconciliationText } from "../report/messages/index.ts";
import { consoleLogger, type Logger } from "../run/context.ts";
import type { CommandOptions } from "../run/frame.ts";
import { FactoringError } from "../shared/errors.ts";
import type { Language } from "../shared/language.ts";
import { sumOre } from "../shared/money.ts";
import { reachOf, type Reach } from "../shared/notice.ts";
import { addDays } from "../shared/time.ts";
import { createVismaClient } from "../visma/index.ts";
import { portInUse } from "./ports.ts";
import { startSftpServer } from "./sftp/server.ts";
import { generateCompany } from "./visma/seed.ts";
import { DEFAULT_CREDENTIALS, startVismaSandbox } from "./visma/server.ts";

const ZONE = "Europe/Oslo";
const TENANT_FILE = "tenants/demo.yaml";
const SFTP_PASSWORD = "demo-password"; // sandbox-only value
const FACTORS: Record<Tenant["factor"]["preset"], string> = {
  "nordea-finance": "Nordea Finance",
  "sg-finans": "SG Finans",
  dnb: "DNB",
  sparebank1: "SpareBank 1",
  svea: "Svea",
  other: "the factor",
};

/** The demo's own tenant file is broken or not what the demo needs: one clear line, exit 1. */
export class DemoSetupError extends FactoringError {}

export interface DemoOptions {
  /** Business date of the story (default: today in Oslo). */
  date?: string;
  /** Leave the work folder (tenants/, state/, the factor's inbox) here instead of deleting it. */
  keep?: string;
  /** The story's language (default: tenants/demo.yaml's reporting.language). */
  language?: Language;
  /** Fixed ports for the Visma.net sandbox and the SFTP server (default: free ones). */
  vismaPort?: number;
  sftpPort?: number;
  /** Where the story and the runs' summaries go (default: stdout, warnings to stderr). */
  log?: Logger;
  /** The runs' environment (default: this process's); a test sets the GitHub Actions variables here. */
  env?: NodeJS.ProcessEnv;
  /** Publish GitHub issues (a test against a loopback GitHub). */
  issues?: boolean;
}

export async function runDemo(options: DemoOptions = {}): Promise<number> {
  const log = options.log ?? consoleLogger;
  const say = (text = "") => log.info(text);
  const loaded = await loadTenantFile(TENANT_FILE);
  if (!loaded.tenant)
    throw new DemoSetupError(`${TENANT_FILE} is not valid: ${loaded.problems.map(formatProblem).join("; ")}`);
  const delivery = loaded.tenant.delivery;
  if (delivery.type !== "sftp") throw new DemoSetupError(`${TENANT_FILE} must deliver by SFTP for the demo`);
  const t = messages(options.language ?? loaded.tenant.reporting.language, ZONE);
  const heading = (text: string) => say(`\n== ${text}`);
  const day = options.date ?? DateTime.now().setZone(ZONE).toISODate()!;
  let clock = DateTime.fromISO(`${day}T15:45:00`, { zone: ZONE });

  const work = options.keep ? await keptFolder(options.keep) : await mkdtemp(join(tmpdir(), "visma-factoring-demo-"));
  const tenantsDir = join(work, "tenants");
  const stateDir = join(work, "state");
  const factorRoot = join(work, "factor-sftp");
  await mkdir(tenantsDir);
  await mkdir(join(factorRoot, delivery.remoteDir.replace(/^\/+/, "")), { recursive: true });

  heading(t.demo.start);
  const company = generateCompany({ seed: 7, customers: 15, documents: 120, today: day, timeZone: ZONE });
  const visma = await startVismaSandbox({
    port: options.vismaPort ?? 0,
    clock: () => clock,
    timeZone: ZONE,
    data: company,
  }).catch(portInUse("the Visma.net sandbox", options.vismaPort ?? 0, "--visma-port"));
  const sftp = await startSftpServer({
    root: factorRoot,
    port: options.sftpPort ?? 0,
    users: [{ username: delivery.username, password: SFTP_PASSWORD }],
  }).catch(async (error: NodeJS.ErrnoException) => {
    await visma.close();
    return portInUse("the SFTP server", options.sftpPort ?? 0, "--sftp-port")(error);
  });
  try {
    // The work folder's tenant file points at the sandboxes as they listen now.
    const tenant = await writeTenantFile(join(tenantsDir, "demo.yaml"), {
      api: visma.apiBaseUrl,
      token: visma.tokenUrl,
      sftp: sftp.port,
    });
    addStoryDocuments(visma.store, day);
    say(
      t.demo.vismaSandbox({
        url: visma.apiBaseUrl,
        customers: company.customers.length,
        invoices: visma.store.listInvoices().length,
        creditNotes: visma.store.listCreditNotes().length,
      }),
    );
    say(
      t.demo.sftpServer({
        url: `sftp://${delivery.username}@127.0.0.1:${sftp.port}${delivery.remoteDir}`,
        fingerprint: sftp.fingerprint,
      }),
    );
    say(t.demo.workFolder({ folder: work }));

    const env: NodeJS.ProcessEnv = {
      ...(options.env ?? process.env),
      [tenant.visma.clientIdEnv]: DEFAULT_CREDENTIALS.clientId,
      [tenant.visma.clientSecretEnv]: DEFAULT_CREDENTIALS.clientSecret,
      [delivery.passwordEnv ?? "DEMO_SFTP_PASSWORD"]: SFTP_PASSWORD,
    };
    // The story's clock is its real time (the closing happens "tomorrow"): --now is bounded by it.
    const base = (): CommandOptions => ({
      tenant: "demo",
      now: clock.toISO()!,
      clock: () => clock,
      dryRun: false,
      force: false,
      tenantsDir,
      stateDir,
      commit: false,
      env,
      log,
      issues: options.issues ?? false,
      language: t.f.language,
    });

    heading(t.demo.doctor);
    await runDoctor({
      tenant: "demo",
      tenantsDir,
      stateDir,
      env,
      clock: () => clock,
      now: clock.toISO()!,
      out: say,
      language: t.f.language,
    });

    heading(t.demo.transfer({ date: day, time: clock.toFormat("HH:mm") }));
    const transfer = await runTransfer(base());
    const sent = transfer.results[0]!;

    heading(t.demo.delivered);
    const inbox = join(factorRoot, delivery.remoteDir.replace(/^\/+/, ""));
    for (const name of (await readdir(inbox)).sort()) {
      const bytes = await readFile(join(inbox, name));
      const records = bytes.toString("latin1").split("\r\n").filter(Boolean);
      say(t.demo.file({ name, bytes: bytes.length, records: records.length }));
      for (const line of records.slice(0, 3)) say(`  |${line.trimEnd()}`);
      if (records.length > 3) say(t.demo.moreRecords({ count: records.length - 3 }));
    }

    heading(t.demo.ledger);
    const ledger = new LedgerStore(stateDir, "demo");
    const [batch] = await ledger.recentBatches(day);
    if (batch) {
      say(
        t.demo.batch({
          path: join("state", "demo", "ledger", `${day.slice(0, 7)}.jsonl`),
          id: batch.id,
          status: t.words.batchStatus[batch.status],
          documents: batch.documents.length,
        }),
      );
      say(
        t.demo.batchFiles({ files: batch.files.map((f) => `${f.name} (sha256 ${f.sha256.slice(0, 16)}…)`).join(", ") }),
      );
    }

    clock = DateTime.fromISO(`${addDays(day, 1)}T16:00:00`, { zone: ZONE });
    heading(t.demo.closing({ date: addDays(day, 1), time: clock.toFormat("HH:mm"), hours: tenant.closing.delayHours }));
    const close = await runClose(base());
    const closed = close.results[0]!;
    const payments = visma.store.listPayments().filter((p) => isOurPaymentRef(p.paymentRef));
    heading(t.demo.payments({ account: tenant.closing.cashAccount }));
    for (const p of payments.sort((a, b) => a.refNbr.localeCompare(b.refNbr)).slice(0, 8)) {
      const docs = p.lines.map((l) => {
        const d = visma.store.getDocument(l.documentType, l.refNbr);
        return t.demo.paymentDocument({
          type: l.documentType,
          number: l.refNbr,
          status: t.f.status(d?.status ?? "?"),
          balanceOre: d?.balanceOre ?? 0,
          currency: p.currency,
        });
      });
      say(
        t.demo.payment({
          type: t.f.type(p.type),
          number: p.refNbr,
          ref: p.paymentRef ?? "",
          amount: t.f.money(p.amountOre, p.currency),
          status: t.f.status(p.status),
          documents: docs.join("; "),
        }),
      );
    }
    if (payments.length > 8) say(t.demo.morePayments({ count: payments.length - 8 }));

    heading(t.demo.reconciliation);
    const rec = await reconcileTenant({
      tenant,
      stateDir,
      visma: createVismaClient(tenant, env),
      from: day,
      to: addDays(day, 1),
    });
    say(reconciliationText(t, reconciliationSummary(rec)));
    for (const m of rec.mismatches) say(t.demo.mismatch({ text: mismatchText(t, m) }));

    heading(t.demo.happened);
    whatHappened(t, say, {
      tenant,
      sent,
      closed,
      payments: payments.length,
      mismatches: rec.mismatches.length,
      kept: !!options.keep,
    });
    const ok = transfer.exitCode === 0 && close.exitCode === 0 && rec.mismatches.length === 0;
    say(`\n${ok ? t.demo.finished : t.demo.failed}`);
    return ok ? 0 : 1;
  } finally {
    await visma.close();
    await sftp.close();
    if (options.keep) say(`\n${t.demo.kept({ folder: work, state: join(work, "state") })}`);
    else await rm(work, { recursive: true, force: true });
  }
}

interface Story {
  tenant: Tenant;
  sent: Awaited<ReturnType<typeof runTransfer>>["results"][number];
  closed: Awaited<ReturnType<typeof runClose>>["results"][number];
  payments: number;
  mismatches: number;
  kept: boolean;
}

/** "5. What happened": the day in a few lines. */
function whatHappened(t: Catalogue, say: (text: string) => void, s: Story): void {
  const total = (type: string) => sumOre(s.sent.totals.filter((r) => r.type === type).map((r) => r.amountOre));
  say(
    t.demo.sent({
      documents: s.sent.totals.reduce((n, r) => n + r.count, 0),
      factor: s.tenant.factor.name ?? FACTORS[s.tenant.factor.preset],
      files: s.sent.files.length,
      invoicesOre: total("Invoice"),
      creditNotesOre: total("CreditNote"),
      currency: "NOK",
    }),
  );
  const reaching = (reach: Reach) => s.sent.notices.filter((n) => reachOf(n.code) === reach);
  say(t.demo.routine({ count: reaching("routine").length }));
  const attention = reaching("attention");
  say(
    t.demo.attention({
      count: attention.length,
      labels: [...new Set(attention.map((n) => noticeLabel(t, n.code)))],
    }),
  );
  say(
    t.demo.closed({
      payments: s.payments,
      account: s.tenant.closing.cashAccount,
      closed: s.closed.closing?.closed.length ?? 0,
      skipped: s.closed.closing?.skipped.length ?? 0,
    }),
  );
  say(t.demo.rerun({ kept: s.kept }));
  say(s.mismatches === 0 ? t.demo.balances : t.demo.mismatches({ count: s.mismatches }));
}

/**
 * tenants/demo.yaml with the sandboxes' addresses as they listen now (its comments kept), as the
 * work folder's tenant file: every run and read of the story goes to this demo's own sandboxes.
 */
async function writeTenantFile(path: string, at: { api: string; token: string; sftp: number }): Promise<Tenant> {
  const doc = parseDocument(await readFile(TENANT_FILE, "utf8"));
  doc.setIn(["visma", "apiBaseUrl"], at.api);
  doc.setIn(["visma", "tokenUrl"], at.token);
  doc.setIn(["delivery", "port"], at.sftp);
  await writeFile(path, doc.toString());
  const loaded = await loadTenantFile(path);
  if (!loaded.tenant) throw new DemoSetupError(`${path}: ${loaded.problems.map(formatProblem).join("; ")}`);
  return loaded.tenant;
}

/** The --keep folder: created, and refused when it holds anything (the demo must not mix with or delete other files). */
async function keptFolder(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0)
    throw new DemoSetupError(`--keep ${dir}: the folder is not empty; name a new or empty folder`);
  return resolve(dir);
}

/**
 * The day's invoicing, so the story does not depend on the generator's dice: invoices for
 * factoring customers, one for a bank-paying customer, one held back, one dated too far back,
 * one with a broken KID, one in a currency the factor does not take (EUR, at its exchange rate),
 * one whose customer reference the factor's file cuts, and a credit note.
 */
function addStoryDocuments(store: Awaited<ReturnType<typeof startVismaSandbox>>["store"], day: string): void {
  const customers = store.listCustomers();
  const factoring = customers.filter((c) => c.defaultPaymentMethodId === "FACTORING");
  const bank = customers.find((c) => c.defaultPaymentMethodId !== "FACTORING");
  const at = (d: string, time: string) => ({
    createdDateTime: `${d}T${time}.000`,
    lastModifiedDateTime: `${d}T${time}.000`,
  });
  const yesterday = addDays(day, -1);
  const work = [
    { description: "Montering", quantity: 7.5, unitPriceOre: 89_500, uom: "TIME" },
    { description: "Rørdeler", quantity: 12, unitPriceOre: 14_990, uom: "STK" },
  ];
  factoring.slice(0, 6).forEach((c, i) => {
    const d = i < 2 ? yesterday : day;
    store.createInvoice({
      customerNumber: c.number,
      documentDate: d,
      lines: work.map((l) => ({ ...l, quantity: l.quantity + i })),
      // The last one's reference is longer than SGF's F10 holds: cut, and said in the run summary.
      customerRefNumber: i === 5 ? `PO-${4711 + i} Nordkapp, byggetrinn 2` : `PO-${4711 + i}`,
      ...at(d, `${i < 2 ? 16 : 9 + i}:1${i}:00`),
    });
  });
  if (bank)
    store.createInvoice({
      customerNumber: bank.number,
      documentDate: day,
      invoiceText: "Betales til egen bankkonto",
      ...at(day, "10:30:00"),
    });
  store.createInvoice({
    customerNumber: factoring[0]!.number,
    status: "Hold",
    documentDate: day,
    invoiceText: "Venter på godkjenning",
    ...at(day, "11:00:00"),
  });
  store.createInvoice({
    customerNumber: factoring[1]!.number,
    documentDate: addDays(day, -35),
    invoiceText: "Arbeid utført i oktober (datert for langt tilbake)",
    ...at(day, "09:12:00"),
  });
  store.createInvoice({
    customerNumber: factoring[2]!.number,
    documentDate: day,
    paymentReference: "1000200001234",
    invoiceText: "KID med feil kontrollsiffer",
    ...at(day, "12:40:00"),
  });
  store.createCreditNote({
    customerNumber: factoring[0]!.number,
    documentDate: day,
    amountOre: 31_250,
    invoiceText: "Kreditnota: for mye fakturert",
    ...at(day, "13:05:00"),
  });
  const foreign = customers.find((c) => c.currencyId !== "NOK" && c.defaultPaymentMethodId === "FACTORING");
  if (foreign)
    store.createInvoice({
      customerNumber: foreign.number,
      documentDate: day,
      invoiceText: `Faktura i ${foreign.currencyId}`,
      ...at(day, "14:20:00"),
    });
}
