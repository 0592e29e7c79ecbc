/**
 * `npm run demo`: the whole story on one machine, against the built-in sandboxes.
 *
 * 1. A Visma.net sandbox (port from tenants/demo.yaml) with a generated Norwegian company, and
 *    an SFTP server standing in for the factor (port and host key as in tenants/demo.yaml).
 * 2. The daily transfer at 15:45 Oslo time: files delivered, ledger written.
 * 3. The clock moves past the closing delay; the closing posts payments and refunds.
 * 4. The reconciliation, and a short "what happened".
 * Everything happens in a temporary folder (or the --keep folder, left in place for e.g.
 * `npm run site`): the repository's own state/ is never touched.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DateTime } from "luxon";
import { isOurPaymentRef } from "../close/plan.ts";
import { loadTenantFile } from "../config/load.ts";
import { runClose } from "../commands/close.ts";
import type { CommandOptions } from "../run/frame.ts";
import { runTransfer } from "../commands/transfer.ts";
import { runDoctor } from "../doctor/run.ts";
import { LedgerStore } from "../ledger/store.ts";
import { describeMismatch, reconcileTenant, reconciliationLine } from "../reconcile/reconcile.ts";
import { createVismaClient } from "../visma/index.ts";
import { formatMoney, sumOre } from "../shared/money.ts";
import { reachOf, type Reach } from "../shared/notice.ts";
import { addDays } from "../shared/time.ts";
import { startSftpServer } from "./sftp/server.ts";
import { generateCompany } from "./visma/seed.ts";
import { DEFAULT_CREDENTIALS, startVismaSandbox } from "./visma/server.ts";

const ZONE = "Europe/Oslo";
const SFTP_PASSWORD = "demo-password"; // sandbox-only value
const say = (text = "") => console.log(text);
const heading = (text: string) => say(`\n\x1b[1m== ${text}\x1b[0m`);

export interface DemoOptions {
  /** Business date of the story (default: today in Oslo). */
  date?: string;
  /** Leave the work folder (tenants/, state/, the factor's inbox) here instead of deleting it. */
  keep?: string;
}

export async function runDemo(options: DemoOptions = {}): Promise<number> {
  const loaded = await loadTenantFile("tenants/demo.yaml");
  if (!loaded.tenant)
    throw new Error(`tenants/demo.yaml is not valid: ${loaded.problems.map((p) => p.message).join("; ")}`);
  const tenant = loaded.tenant;
  if (tenant.delivery.type !== "sftp") throw new Error("tenants/demo.yaml must deliver by SFTP for the demo");
  const day = options.date ?? DateTime.now().setZone(ZONE).toISODate()!;
  let clock = DateTime.fromISO(`${day}T15:45:00`, { zone: ZONE });

  const work = options.keep ? await keptFolder(options.keep) : await mkdtemp(join(tmpdir(), "visma-factoring-demo-"));
  const tenantsDir = join(work, "tenants");
  const stateDir = join(work, "state");
  const factorRoot = join(work, "factor-sftp");
  await mkdir(tenantsDir);
  await mkdir(join(factorRoot, tenant.delivery.remoteDir.replace(/^\/+/, "")), { recursive: true });
  await copyFile("tenants/demo.yaml", join(tenantsDir, "demo.yaml"));

  heading("1. Start the sandboxes");
  const company = generateCompany({ seed: 7, customers: 15, documents: 120, today: day, timeZone: ZONE });
  const visma = await startVismaSandbox({
    port: portOf(tenant.visma.apiBaseUrl),
    clock: () => clock,
    timeZone: ZONE,
    data: company,
  }).catch(portHint(tenant.visma.apiBaseUrl));
  const sftp = await startSftpServer({
    root: factorRoot,
    port: tenant.delivery.port,
    users: [{ username: tenant.delivery.username, password: SFTP_PASSWORD }],
  }).catch(portHint(`sftp port ${tenant.delivery.port}`));
  try {
    addStoryDocuments(visma.store, day);
    say(
      `Visma.net sandbox  ${visma.apiBaseUrl}  (${company.customers.length} customers, ${visma.store.listInvoices().length} invoices, ${visma.store.listCreditNotes().length} credit notes)`,
    );
    say(
      `Factor's SFTP      sftp://${tenant.delivery.username}@127.0.0.1:${sftp.port}${tenant.delivery.remoteDir}  host key ${sftp.fingerprint}`,
    );
    say(`Working folder     ${work}  (the repository's state/ is not touched)`);

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      [tenant.visma.clientIdEnv]: DEFAULT_CREDENTIALS.clientId,
      [tenant.visma.clientSecretEnv]: DEFAULT_CREDENTIALS.clientSecret,
      [tenant.delivery.passwordEnv ?? "DEMO_SFTP_PASSWORD"]: SFTP_PASSWORD,
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
      issues: false,
    });

    heading("   Before go-live: npm run doctor -- --tenant demo (read-only)");
    await runDoctor({ tenant: "demo", tenantsDir, stateDir, env, clock: () => clock, now: clock.toISO()!, out: say });

    heading(`2. Daily transfer, ${day} 15:45 Oslo time`);
    const transfer = await runTransfer(base());
    const sent = transfer.results[0]!;

    heading("   Delivered to the factor");
    const inbox = join(factorRoot, tenant.delivery.remoteDir.replace(/^\/+/, ""));
    for (const name of (await readdir(inbox)).sort()) {
      const bytes = await readFile(join(inbox, name));
      const records = bytes.toString("latin1").split("\r\n").filter(Boolean);
      say(`${name}: ${bytes.length} bytes, ${records.length} record(s), ISO-8859-1, CRLF`);
      for (const line of records.slice(0, 3)) say(`  |${line.trimEnd()}`);
      if (records.length > 3) say(`  | … ${records.length - 3} more`);
    }

    heading("   Ledger entry (state/demo/…)");
    const ledger = new LedgerStore(stateDir, "demo");
    const [batch] = await ledger.recentBatches(day);
    if (batch) {
      say(
        `${join("state", "demo", "ledger", `${day.slice(0, 7)}.jsonl`)}: batch ${batch.id}, status ${batch.status}, ${batch.documents.length} documents`,
      );
      say(`  files: ${batch.files.map((f) => `${f.name} (sha256 ${f.sha256.slice(0, 16)}…)`).join(", ")}`);
    }

    clock = DateTime.fromISO(`${addDays(day, 1)}T16:00:00`, { zone: ZONE });
    heading(`3. Closing, ${addDays(day, 1)} 16:00 (${tenant.closing.delayHours} h after the transfer)`);
    const close = await runClose(base());
    const closed = close.results[0]!;
    const payments = visma.store.listPayments().filter((p) => isOurPaymentRef(p.paymentRef));
    heading("   Payments and refunds in Visma.net (cash account " + tenant.closing.cashAccount + ")");
    for (const p of payments.sort((a, b) => a.refNbr.localeCompare(b.refNbr)).slice(0, 8)) {
      const docs = p.lines.map((l) => {
        const d = visma.store.getDocument(l.documentType, l.refNbr);
        return `${l.documentType} ${l.refNbr} → ${d?.status}, balance ${formatMoney(d?.balanceOre ?? 0, "NOK")}`;
      });
      say(
        `  ${p.type.padEnd(7)} ${p.refNbr} ${p.paymentRef} ${formatMoney(p.amountOre, "NOK").padStart(14)} ${p.status}: ${docs.join("; ")}`,
      );
    }
    if (payments.length > 8) say(`  … ${payments.length - 8} more`);

    heading("4. Reconciliation: the ledger against Visma.net");
    const rec = await reconcileTenant({
      tenant,
      stateDir,
      visma: createVismaClient(tenant, env),
      from: day,
      to: addDays(day, 1),
    });
    say(reconciliationLine(rec));
    for (const m of rec.mismatches) say(`  mismatch: ${describeMismatch(m)}`);

    heading("5. What happened");
    const sentCount = sent.totals.reduce((n, r) => n + r.count, 0);
    const sentSum = sumOre(sent.totals.filter((r) => r.type === "Invoice").map((r) => r.amountOre));
    const creditSum = sumOre(sent.totals.filter((r) => r.type === "CreditNote").map((r) => r.amountOre));
    say(
      `- ${sentCount} documents went to ${tenant.factor.preset} in ${sent.files.length} file(s): invoices ${formatMoney(sentSum, "NOK")}, credit notes ${formatMoney(creditSum, "NOK")}.`,
    );
    const reaching = (reach: Reach) => sent.notices.filter((n) => reachOf(n.code) === reach);
    say(
      `- ${reaching("routine").length} documents were not for the factor today (other payment method, not Open, before the start, …).`,
    );
    say(
      `- ${reaching("attention").length} need a human before they can go: ${[...new Set(reaching("attention").map((n) => n.code))].join(", ") || "none"}.`,
    );
    say(
      `- The closing posted ${payments.length} payment(s)/refund(s) on ${tenant.closing.cashAccount}, closing ${closed.closing?.closed.length ?? 0} documents; ${closed.closing?.skipped.length ?? 0} skipped.`,
    );
    say(
      `- Nothing was sent twice: rerun \`npm run demo\` any time; it starts from scratch in a new ${options.keep ? "folder" : "temporary folder"}.`,
    );
    say(
      `- The reconciliation ${rec.mismatches.length === 0 ? "balances: every krone sent to the factor was closed by its recorded payment or refund" : `found ${rec.mismatches.length} mismatch(es)`}.`,
    );
    const ok = transfer.exitCode === 0 && close.exitCode === 0 && rec.mismatches.length === 0;
    say(ok ? "\nDemo finished." : "\nDemo finished with a failure (see above).");
    return ok ? 0 : 1;
  } finally {
    await visma.close();
    await sftp.close();
    if (options.keep)
      say(
        `\nThe work folder is kept in ${work}: e.g. npm run site -- --state-dir ${join(work, "state")} --tenants-dir tenants --out site`,
      );
    else await rm(work, { recursive: true, force: true });
  }
}

/** The --keep folder: created, and refused when it holds anything (the demo must not mix with or delete other files). */
async function keptFolder(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0)
    throw new Error(`--keep ${dir}: the folder is not empty; name a new or empty folder`);
  return resolve(dir);
}

/**
 * The day's invoicing, so the story does not depend on the generator's dice: invoices for
 * factoring customers, one for a bank-paying customer, one held back, one dated too far back,
 * one with a broken KID, one in a currency the factor does not take (EUR, at its exchange rate),
 * and a credit note.
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
      customerRefNumber: `PO-${4711 + i}`,
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

function portOf(url: string): number {
  return Number(new URL(url).port || 80);
}

function portHint(what: string) {
  return (error: NodeJS.ErrnoException): never => {
    if (error.code === "EADDRINUSE")
      throw new Error(
        `${what} is in use (is \`npm run sandbox\` or another demo running?); stop it and run the demo again`,
      );
    throw error;
  };
}
