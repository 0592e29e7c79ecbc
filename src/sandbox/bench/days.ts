/**
 * The 120-day case (`npm run bench -- --days 120`): a company's daily life against the sandbox,
 * run through the real commands on the workflows' schedule (closing slots 07:23, 10:23 and 13:23,
 * the transfer at 15:45 and its second slot at 16:07, Europe/Oslo), each run's calls next to the
 * floor of its work (floor.ts).
 *
 * The company invoices on weekdays: factored customers and bank customers (whose invoices they pay
 * after 14 days, so the company's payments grow as in life), credit notes, now and then a factored
 * invoice paid by the customer before the closing (skipped as closed elsewhere), an invoice dated
 * too far back (an attention entry the watch list re-checks), new customers and edited ones.
 *
 * Pass: the closing of the last day costs within 1.05 × its floor, and no idle closing slot costs
 * more than the token and one page per document type. Call counts are deterministic (no timing):
 * the same settings give the same figures, which is what test/sandbox/days.test.ts pins.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { runClose } from "../../commands/close.ts";
import { runTransfer } from "../../commands/transfer.ts";
import { isOurPaymentRef } from "../../close/plan.ts";
import { readAttention } from "../../ledger/attention-file.ts";
import { LedgerStore } from "../../ledger/store.ts";
import { type Batch, documentKey } from "../../ledger/types.ts";
import type { DocumentType } from "../../visma/index.ts";
import type { CommandOutcome } from "../../run/frame.ts";
import { messages, runLine } from "../../report/messages/index.ts";
import type { TenantRunResult } from "../../run/result.ts";
import { transferLookBack } from "../../select/look-back.ts";
import { oreToDecimalString } from "../../shared/money.ts";
import { addDays, DEFAULT_TIME_ZONE } from "../../shared/time.ts";
import { isObservable } from "../../watch/attention.ts";
import { localRunOptions } from "../local-run.ts";
import { sandboxTenantYaml } from "../tenant-yaml.ts";
import { localTimestamp } from "../visma/clock.ts";
import { createPayment, releasePayment } from "../visma/payments.ts";
import { createRandom, generateCompany } from "../visma/seed.ts";
import { DEFAULT_CREDENTIALS, startVismaSandbox, type Sandbox } from "../visma/server.ts";
import type { SandboxDocument } from "../visma/types.ts";
import { fitForSgf } from "./company.ts";
import { closingFloor, type FloorParts, type PerType, transferFloor } from "./floor.ts";

export interface DaysSettings {
  days: number;
  seed: number;
  customers: number;
  /** Invoices created on a weekday (credit notes come on top, about one in ten). */
  documentsPerDay: number;
  /** The API's forced page size. */
  maxPageSize: number;
  grouping: "perDocument" | "perCustomer";
}

export const DAYS_DEFAULTS: Omit<DaysSettings, "days"> = {
  seed: 11,
  customers: 5000,
  documentsPerDay: 40,
  maxPageSize: 100,
  grouping: "perDocument",
};

/** A Wednesday: 120 days later is a Wednesday too, whose closing has Monday's batch to close; the days cross the change to summer time. */
export const DAYS_START = "2026-01-07";
const ZONE = DEFAULT_TIME_ZONE;
const TENANT = "days";
const FACTORING = ["FACTORING"];
/** The tenant's closing.delayHours (the schema's default). */
const DELAY_HOURS = 24;
const DOCUMENT_TYPES = 2;

export interface RunCost {
  day: number;
  date: string;
  at: string;
  command: "transfer" | "close";
  status: TenantRunResult["status"];
  message: string;
  /** API calls, the token included. */
  calls: number;
  floor: number;
  floorParts: FloorParts;
  /** A closing slot with nothing due. */
  idle: boolean;
  byPath: Record<string, number>;
}

export interface DaysOutput {
  figures: DaysFigures;
  runs: RunCost[];
}

export function summarise(settings: DaysSettings, runs: RunCost[]) {
  const working = runs.filter((r) => r.command === "close" && !r.idle);
  const idle = runs.filter((r) => r.command === "close" && r.idle);
  const transfers = runs.filter((r) => r.command === "transfer" && r.status !== "skipped");
  const ratio = (r: RunCost) => (r.floor === 0 ? (r.calls === 0 ? 1 : Infinity) : r.calls / r.floor);
  const lastDay = runs.at(-1)!.day;
  const lastClosing = working.filter((r) => r.day === lastDay).at(-1) ?? working.at(-1)!;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const line = (r: RunCost) => ({
    day: r.day,
    date: r.date,
    at: r.at,
    calls: r.calls,
    floor: r.floor,
    ratio: round(ratio(r)),
    floorParts: r.floorParts,
    byPath: r.byPath,
  });
  const idleAllowed = 1 + DOCUMENT_TYPES;
  const byTen = [];
  for (let from = 1; from <= lastDay; from += 10) {
    const inRange = (r: RunCost) => r.day >= from && r.day < from + 10;
    const w = working.filter(inRange);
    byTen.push({
      days: `${from}-${Math.min(from + 9, lastDay)}`,
      closingCalls: w.reduce((n, r) => n + r.calls, 0),
      closingFloor: w.reduce((n, r) => n + r.floor, 0),
      idleMaxCalls: Math.max(0, ...idle.filter(inRange).map((r) => r.calls)),
      transferCalls: transfers.filter(inRange).reduce((n, r) => n + r.calls, 0),
      transferFloor: transfers.filter(inRange).reduce((n, r) => n + r.floor, 0),
    });
  }
  return {
    phase: "days" as const,
    settings,
    runs: runs.length,
    lastClosing: line(lastClosing),
    lastTransfer: line(transfers.at(-1)!),
    closings: {
      working: working.length,
      maxRatio: round(Math.max(...working.map(ratio))),
      calls: working.reduce((n, r) => n + r.calls, 0),
      floor: working.reduce((n, r) => n + r.floor, 0),
    },
    idleClosings: {
      slots: idle.length,
      maxCalls: Math.max(0, ...idle.map((r) => r.calls)),
      allowed: idleAllowed,
      maxCallsOver: idle.filter((r) => r.calls > idleAllowed).map((r) => `${r.date} ${r.at}: ${r.calls}`),
    },
    transfers: {
      runs: transfers.length,
      maxRatio: round(Math.max(...transfers.map(ratio))),
      calls: transfers.reduce((n, r) => n + r.calls, 0),
      floor: transfers.reduce((n, r) => n + r.floor, 0),
    },
    byTenDays: byTen,
    pass: {
      lastClosingWithin5Percent: ratio(lastClosing) <= 1.05,
      idleSlotsWithinTokenAndPagePerType: idle.every((r) => r.calls <= idleAllowed),
      noRunFailed: runs.every((r) => r.status !== "failed"),
    },
  };
}

export type DaysFigures = ReturnType<typeof summarise>;

export async function runDays(settings: DaysSettings, progress: (m: string) => void = () => {}): Promise<DaysOutput> {
  const world = await startDaysWorld(settings);
  const runs: RunCost[] = [];
  try {
    for (let day = 1; day <= settings.days; day++) {
      const date = addDays(DAYS_START, day - 1);
      const weekday = DateTime.fromISO(date, { zone: ZONE }).weekday <= 5;
      if (weekday) world.payBankInvoices(date);
      runs.push(await world.close(day, date, "07:23"));
      if (weekday) world.invoice(date, ["08:00", "10:00"], 0.4);
      runs.push(await world.close(day, date, "10:23"));
      if (weekday) world.invoice(date, ["10:30", "13:00"], 0.35);
      runs.push(await world.close(day, date, "13:23"));
      if (weekday) world.invoice(date, ["13:30", "15:30"], 0.25);
      runs.push(await world.transfer(day, date, "15:45"));
      runs.push(await world.transfer(day, date, "16:07"));
      const failed = runs.slice(-5).find((r) => r.status === "failed");
      if (failed)
        throw new Error(`days: the ${failed.command} of ${failed.date} ${failed.at} failed: ${failed.message}`);
      if (day % 10 === 0) progress(`day ${day} of ${settings.days}`);
    }
  } finally {
    await world.stop();
  }
  return { figures: summarise(settings, runs), runs };
}

interface DaysWorld {
  invoice(date: string, between: [string, string], share: number): void;
  payBankInvoices(date: string): void;
  close(day: number, date: string, at: string): Promise<RunCost>;
  transfer(day: number, date: string, at: string): Promise<RunCost>;
  stop(): Promise<void>;
}

async function startDaysWorld(settings: DaysSettings): Promise<DaysWorld> {
  let clock = DateTime.fromISO(`${DAYS_START}T06:00:00`, { zone: ZONE });
  const data = generateCompany({
    seed: settings.seed,
    customers: settings.customers,
    documents: 0,
    today: DAYS_START,
    extras: false,
  });
  for (const c of data.customers) fitForSgf(c);
  const sandbox = await startVismaSandbox({
    clock: () => clock,
    timeZone: ZONE,
    data,
    maxPageSize: settings.maxPageSize,
    rateLimit: { limit: 1_000_000_000, windowSeconds: 3600 },
  });
  const root = await mkdtemp(join(tmpdir(), "vf-days-"));
  const tenantsDir = join(root, "tenants");
  const stateDir = join(root, "state");
  const outDir = join(root, "factor-inbox");
  await mkdir(tenantsDir);
  await mkdir(outDir);
  await writeFile(
    join(tenantsDir, `${TENANT}.yaml`),
    sandboxTenantYaml({
      name: "Dag for Dag AS",
      secretPrefix: "DAYS",
      visma: { apiBaseUrl: sandbox.apiBaseUrl, tokenUrl: sandbox.tokenUrl, tenantId: DEFAULT_CREDENTIALS.tenantId },
      delivery: { type: "local", directory: outDir },
      paymentMethods: FACTORING,
      grouping: settings.grouping,
    }),
  );
  const env: NodeJS.ProcessEnv = {
    DAYS_VISMA_CLIENT_ID: DEFAULT_CREDENTIALS.clientId,
    DAYS_VISMA_CLIENT_SECRET: DEFAULT_CREDENTIALS.clientSecret,
  };
  const ledger = new LedgerStore(stateDir, TENANT);
  const options = () => localRunOptions({ tenant: TENANT, clock: () => clock, tenantsDir, stateDir, env });
  const random = createRandom(settings.seed ^ 0xda75);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const store = sandbox.store;
  const active = store.listCustomers().filter((c) => c.status === "Active");
  let businessDays = 0;

  const at = (date: string, time: string) => {
    clock = DateTime.fromISO(`${date}T${time}`, { zone: ZONE });
  };

  /** Calls of one command, and the floor of the work it had. */
  const measure = async (
    command: "transfer" | "close",
    day: number,
    date: string,
    time: string,
    run: () => Promise<CommandOutcome>,
  ): Promise<RunCost> => {
    at(date, time);
    const work = command === "close" ? await closingWork(sandbox, ledger, stateDir, clock) : undefined;
    const transferWork =
      command === "transfer" ? await transferWorkOf(sandbox, ledger, stateDir, clock, settings.maxPageSize) : undefined;
    const before = { ...sandbox.stats, byPath: { ...sandbox.stats.byPath } };
    const result = (await run()).results[0]!;
    const byPath: Record<string, number> = {};
    for (const [path, n] of Object.entries(sandbox.stats.byPath)) {
      const delta = n - (before.byPath[path] ?? 0);
      const pattern = path.replace(/^(\/v1\/[a-z]+)\/[^/]+/, "$1/{number}");
      if (delta > 0) byPath[pattern] = (byPath[pattern] ?? 0) + delta;
    }
    const calls = sandbox.stats.requests - before.requests;
    let floor = { floor: 0, parts: { token: 0 } as FloorParts };
    if (work) floor = closingFloor(work.after(result), settings.maxPageSize);
    if (transferWork && result.status !== "skipped") floor = transferFloor(transferWork, settings.maxPageSize);
    return {
      day,
      date,
      at: time,
      command,
      status: result.status,
      message: runLine(messages("en"), result.says),
      calls,
      floor: floor.floor,
      floorParts: floor.parts,
      idle: command === "close" && !work!.due,
      byPath,
    };
  };

  return {
    invoice(date, [from, to], share) {
      if (share >= 0.39) businessDays += 1;
      const fromMin = minutes(from);
      const span = minutes(to) - fromMin;
      const count = Math.round(settings.documentsPerDay * share);
      for (let i = 0; i < count; i++) {
        at(date, hhmm(fromMin + Math.floor((span * i) / Math.max(1, count))));
        const customer = pick(active);
        const method = random() < 0.05 ? "BANK" : customer.defaultPaymentMethodId;
        store.createInvoice({
          customerNumber: customer.number,
          paymentMethodId: method,
          amountOre: 10_000 * (5 + Math.floor(random() * 400)),
        });
        if (customer.defaultPaymentMethodId === "FACTORING" && random() < 0.1)
          store.createCreditNote({
            customerNumber: customer.number,
            amountOre: 10_000 * (1 + Math.floor(random() * 20)),
          });
      }
      if (share < 0.39) return;
      // Now and then: an invoice dated too far back, a new customer, an edited one.
      if (businessDays % 20 === 7) {
        const customer = pick(active.filter((c) => c.defaultPaymentMethodId === "FACTORING"));
        store.createInvoice({ customerNumber: customer.number, documentDate: addDays(date, -45) });
      }
      if (businessDays % 5 === 2) {
        const template = pick(active);
        const created = store.createCustomer({
          name: `Ny Kunde ${businessDays} AS`,
          corporateId: template.corporateId,
          mainAddress: template.mainAddress,
          invoiceAddress: template.invoiceAddress,
          defaultPaymentMethodId: "FACTORING",
          paymentMethodIds: ["FACTORING", "BANK"],
        });
        active.push(created);
      }
      const edited = pick(active);
      store.updateCustomer(edited.number, {
        contact: { ...edited.contact, phone: `+47 ${900 + (businessDays % 99)}` },
      });
      // A customer who pays a factored invoice of yesterday to the company's bank account.
      if (businessDays % 7 === 3) {
        const open = store
          .listInvoices()
          .filter(
            (d) => d.status === "Open" && d.paymentMethodId === "FACTORING" && d.documentDate === addDays(date, -1),
          );
        if (open.length > 0) pay(sandbox, pick(open), date);
      }
    },
    payBankInvoices(date) {
      at(date, "09:00");
      const due = addDays(date, -14);
      for (const doc of store.listInvoices())
        if (doc.status === "Open" && doc.paymentMethodId === "BANK" && doc.documentDate <= due) pay(sandbox, doc, date);
    },
    close: (day, date, time) => measure("close", day, date, time, () => runClose(options())),
    transfer: (day, date, time) => measure("transfer", day, date, time, () => runTransfer(options())),
    async stop() {
      await sandbox.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A customer's own payment of a whole invoice, into the company's bank account (not ours). */
function pay(sandbox: Sandbox, doc: SandboxDocument, date: string): void {
  const payment = createPayment(sandbox.store, {
    type: { value: "Payment" },
    customer: { value: doc.customerNumber },
    applicationDate: { value: `${date}T00:00:00` },
    paymentRef: { value: `KID ${doc.paymentReference ?? doc.referenceNumber}` },
    paymentMethod: { value: "BANK" },
    cashAccount: { value: "1920" },
    paymentAmount: { value: oreToDecimalString(doc.balanceOre) },
    paymentLines: [
      {
        operation: "Insert",
        documentType: { value: "Invoice" },
        refNbr: { value: doc.referenceNumber },
        amountPaid: { value: oreToDecimalString(doc.balanceOre) },
      },
    ],
  });
  const result = releasePayment(sandbox.store, payment, "Payment", `bank-${payment.refNbr}`);
  if (result.actionResult !== "Done") throw new Error(`days: a customer's payment failed: ${result.errorInfo}`);
}

async function allBatches(ledger: LedgerStore): Promise<Batch[]> {
  return ledger.batchesOfMonths(await ledger.listMonths());
}

/** The closing's work as the world stands before the run; `after` completes it with what the run did. */
async function closingWork(sandbox: Sandbox, ledger: LedgerStore, stateDir: string, now: DateTime) {
  const batches = (await allBatches(ledger)).filter(
    (b) =>
      b.status === "transferred" &&
      b.transferredAt &&
      now.diff(DateTime.fromISO(b.transferredAt), "hours").hours >= DELAY_HOURS &&
      b.documents.some((d) => !d.closing),
  );
  const dueDocs = batches.flatMap((b) => b.documents.filter((d) => !d.closing));
  const due: PerType = {};
  for (const d of dueDocs) due[d.type] = (due[d.type] ?? 0) + 1;
  const oldest = batches.map((b) => b.businessDate).sort()[0];
  const payments = sandbox.store.listPayments();
  const released = new Map(payments.map((p) => [p.refNbr, p.released]));
  // The closing's own lists return every document of the due types dated from the earliest due one.
  const from = dueDocs.map((d) => d.documentDate).sort()[0];
  const recheckTypes = await unreadEntryTypes(stateDir, (e) => {
    const doc = sandbox.store.getDocument(e.type, e.number);
    return from !== undefined && doc !== undefined && due[e.type] !== undefined && doc.documentDate >= from;
  });
  const today = now.toISODate()!;
  return {
    due: dueDocs.length > 0,
    after(result: TenantRunResult) {
      const now = sandbox.store.listPayments();
      const closed: PerType = {};
      for (const c of result.closing?.closed ?? []) closed[c.type] = (closed[c.type] ?? 0) + 1;
      return {
        due,
        paymentsToLookThrough: oldest === undefined ? 0 : payments.filter((p) => p.applicationDate >= oldest).length,
        creates: now.filter((p) => !released.has(p.refNbr) && isOurPaymentRef(p.paymentRef)).length,
        releasesOnly: now.filter((p) => released.get(p.refNbr) === false && p.released).length,
        released: closed,
        paymentsOfDay: now.filter((p) => p.applicationDate === today).length,
        recheckTypes,
      };
    },
  };
}

/** Document types of the attention list's entries to re-check whose documents `read` says the run's own lists miss. */
async function unreadEntryTypes(
  stateDir: string,
  read: (document: { type: DocumentType; number: string }) => boolean,
): Promise<number> {
  const entries = (await readAttention(stateDir, TENANT)).entries.filter((e) => isObservable(e) && !read(e.document!));
  return new Set(entries.map((e) => e.document!.type)).size;
}

/** The transfer's work as the world stands before the run (floor.ts). */
async function transferWorkOf(
  sandbox: Sandbox,
  ledger: LedgerStore,
  stateDir: string,
  now: DateTime,
  pageSize: number,
) {
  const store = sandbox.store;
  const lookBack = transferLookBack(await ledger.readCursor(), now, ZONE);
  const since = localTimestamp(lookBack.since, ZONE);
  const started = localTimestamp(lookBack.integrationStart.minus(lookBack.overlap), ZONE);
  const sent = new Set(
    (await allBatches(ledger)).filter((b) => b.status !== "abandoned").flatMap((b) => b.documents.map(documentKey)),
  );
  const invoices = store.listInvoices().filter((d) => d.status === "Open" && d.lastModifiedDateTime >= since);
  const creditNotes = store.listCreditNotes().filter((d) => d.lastModifiedDateTime >= since);
  const needed = new Set<string>();
  for (const [type, docs] of [
    ["Invoice", invoices],
    ["CreditNote", creditNotes],
  ] as const) {
    for (const d of docs) {
      if (sent.has(documentKey({ type, number: d.referenceNumber }))) continue;
      if (d.status !== "Open" || d.hold || d.createdDateTime < started) continue;
      if (d.paymentMethodId !== null && !FACTORING.includes(d.paymentMethodId)) continue;
      needed.add(d.customerNumber);
    }
  }
  const changed = new Set(
    store
      .listCustomers()
      .filter((c) => c.lastModifiedDateTime >= since)
      .map((c) => c.number),
  );
  const listed = new Set([
    ...invoices.map((d) => documentKey({ type: "Invoice", number: d.referenceNumber })),
    ...creditNotes.map((d) => documentKey({ type: "CreditNote", number: d.referenceNumber })),
  ]);
  const register = store.listCustomers(); // in number order, as the sandbox pages them
  const firstPage = new Set(register.slice(0, pageSize).map((c) => c.number));
  const neededIn = (test: (n: string) => boolean) => [...needed].filter(test).length;
  return {
    recheckTypes: await unreadEntryTypes(stateDir, (e) => listed.has(documentKey(e))),
    documents: { Invoice: invoices.length, CreditNote: creditNotes.length },
    customers: {
      needed: needed.size,
      neededChanged: neededIn((n) => changed.has(n)),
      neededOnFirstPage: neededIn((n) => firstPage.has(n)),
      neededChangedOrOnFirstPage: neededIn((n) => changed.has(n) || firstPage.has(n)),
      changed: changed.size,
      register: register.length,
    },
  };
}

function minutes(hhmmText: string): number {
  const [h, m] = hhmmText.split(":").map(Number);
  return h! * 60 + m!;
}

function hhmm(total: number): string {
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}
