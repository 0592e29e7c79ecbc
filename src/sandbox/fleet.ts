/**
 * A generated fleet for the status site's tests and benchmark: tenant files and, per tenant, a
 * ledger of daily batches (files, documents, closings), an attention list, a cursor and a run
 * status, written through the ledger's own store functions (never as hand-made JSON), so the
 * fixture has exactly the shape the runs write.
 *
 * Deterministic (seeded): the same options give the same fleet. Each tenant follows a scenario,
 * so the site has something to show for every badge: ok, attention (open items), pending (a batch
 * not confirmed at the factor), failing (the closing fails since two days, with an issue), and
 * disabled (enabled: false, ledger stopped a month ago).
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DateTime } from "luxon";
import { nextRunStatus, writeRunStatus, type RunStatus } from "../ledger/run-status.ts";
import { LedgerStore } from "../ledger/store.ts";
import type { Batch, LedgerDocument } from "../ledger/types.ts";
import type { AttentionEntry } from "../ledger/attention-file.ts";
import { writeAttention } from "../ledger/attention-file.ts";
import { addDays } from "../shared/time.ts";
import { says, type RunText } from "../run/says.ts";
import type { NoticeData } from "../shared/notice.ts";
import { sandboxTenantYaml } from "./tenant-yaml.ts";
import { createRandom } from "./visma/seed.ts";

export type Scenario = "ok" | "attention" | "pending" | "failing" | "disabled";

/** Of every 20 tenants: 1 failing, 1 pending, 2 with attention items, 1 disabled, 15 ok. */
const DEFAULT_CYCLE: readonly Scenario[] = [
  "failing",
  "pending",
  "attention",
  "ok",
  "ok",
  "attention",
  "disabled",
  ...Array<Scenario>(13).fill("ok"),
];

export interface FleetOptions {
  stateDir: string;
  tenantsDir: string;
  tenants: number;
  /** Days of ledger up to and including `today`. */
  days: number;
  /** The fleet's today (yyyy-MM-dd, Europe/Oslo). */
  today: string;
  seed?: number;
  /** Scenarios by tenant, repeated (default: mostly ok, some of each other). */
  scenarios?: readonly Scenario[];
}

export interface FleetTenant {
  id: string;
  name: string;
  scenario: Scenario;
}

export interface Fleet {
  tenants: FleetTenant[];
  batches: number;
  documents: number;
}

const ZONE = "Europe/Oslo";
const PLACES = [
  "Nordlys",
  "Fjellheim",
  "Sjøbris",
  "Bjørkely",
  "Granløkka",
  "Solvær",
  "Havørn",
  "Midtbyen",
  "Vestkyst",
  "Skjærgård",
  "Fjæra",
  "Kløver",
  "Sørlandet",
  "Øvre Eiker",
  "Lofoten",
  "Hardanger",
];
const TRADES = [
  "Rørlegger",
  "Elektro",
  "Bygg",
  "Maling",
  "Transport",
  "Snekkeri",
  "Tak og Fasade",
  "Bakeri",
  "Ventilasjon",
  "Grøntanlegg",
  "Trykkeri",
  "Kjøkken",
];
const CUSTOMER_WORDS = [
  "Ærlig",
  "Østfold",
  "Tromsø",
  "Bodø",
  "Trøndelag",
  "Ålesund",
  "Hamar",
  "Molde",
  "Narvik",
  "Voss",
  "Røros",
  "Kongsberg",
];
const CUSTOMER_KINDS = [
  "Eiendom AS",
  "Handel AS",
  "Kjøl og Frys AS",
  "Båtservice AS",
  "Sveis og Smie AS",
  "Fiskeutstyr AS",
  "Hotell AS",
  "Bilverksted AS",
];

export async function writeFleet(options: FleetOptions): Promise<Fleet> {
  const random = createRandom(options.seed ?? 17);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const cycle = options.scenarios ?? DEFAULT_CYCLE;
  await mkdir(options.tenantsDir, { recursive: true });
  const fleet: Fleet = { tenants: [], batches: 0, documents: 0 };
  for (let i = 0; i < options.tenants; i++) {
    const scenario = cycle[i % cycle.length]!;
    const place = PLACES[i % PLACES.length]!;
    const trade = TRADES[(i + Math.floor(i / PLACES.length)) % TRADES.length]!;
    const id = `${slug(place)}-${slug(trade)}-${String(i + 1).padStart(3, "0")}`;
    const name = `${place} ${trade} AS`;
    await writeFile(
      join(options.tenantsDir, `${id}.yaml`),
      sandboxTenantYaml({
        name,
        secretPrefix: id.toUpperCase().replaceAll("-", "_"),
        visma: {
          apiBaseUrl: "http://127.0.0.1:4010",
          tokenUrl: "http://127.0.0.1:4010/connect/token",
          tenantId: `visma-${id}`,
        },
        delivery: { type: "local", directory: join(options.tenantsDir, "..", "factor", id) },
        enabled: scenario !== "disabled",
      }),
    );
    const customers = Array.from({ length: 10 }, (_, k) => ({
      number: String(10001 + k),
      name: `${CUSTOMER_WORDS[(i + k) % CUSTOMER_WORDS.length]} ${CUSTOMER_KINDS[(i * 3 + k) % CUSTOMER_KINDS.length]}`,
    }));
    const last = scenario === "disabled" ? addDays(options.today, -30) : options.today;
    const batches: Batch[] = [];
    let number = 100001;
    let payment = 500001;
    for (let d = options.days - 1; d >= 0; d--) {
      const { date, weekend } = calendar(options.today, -d);
      if (date > last || weekend) continue;
      const age = -d; // 0 = today
      const docs: LedgerDocument[] = [];
      for (let k = int(1, 12); k > 0; k--) {
        const customer = customers[int(0, customers.length - 1)]!;
        const credit = random() < 0.08;
        const doc: LedgerDocument = {
          type: credit ? "CreditNote" : "Invoice",
          number: String(number++),
          customer: customer.number,
          customerName: customer.name,
          currency: "NOK",
          amountOre: credit ? int(200_00, 9_000_00) + int(0, 99) : int(500_00, 80_000_00) + int(0, 99),
          documentDate: date,
          dueDate: credit ? null : addDays(date, 30),
          kid: credit ? null : `${number}${int(0, 9)}`,
        };
        // Closed the next morning, except today's batch; a failing tenant's closing stopped two days ago.
        const closes = age < 0 && !(scenario === "failing" && age >= -2);
        if (closes) doc.closing = closingOf(doc, date, payment++, random() < 0.01);
        docs.push(doc);
      }
      const batch = batchOf(id, date, docs, scenario === "pending" && age === 0 ? "pending" : "transferred");
      batches.push(batch);
      fleet.documents += docs.length;
    }
    fleet.batches += batches.length;
    const store = new LedgerStore(options.stateDir, id);
    await store.putBatches(batches);
    const lastBatch = batches.at(-1);
    await store.updateCursor(() => ({
      tenant: id,
      integrationStart: `${addDays(options.today, -options.days)}T00:00:00.000+01:00`,
      ...(lastBatch
        ? {
            lastTransfer: {
              businessDate: lastBatch.businessDate,
              startedAt: lastBatch.createdAt,
              completedAt: lastBatch.transferredAt ?? lastBatch.createdAt,
              batches: [lastBatch.id],
            },
          }
        : {}),
      customersSent: customers.map((c) => c.number),
    }));
    if (scenario === "attention" || scenario === "pending") {
      await writeAttention(options.stateDir, {
        tenant: id,
        entries: attentionOf(scenario, customers, number, options.today, lastBatch),
      });
    }
    await writeRunStatus(options.stateDir, runStatusOf(id, scenario, i, last));
    fleet.tenants.push({ id, name, scenario });
  }
  return fleet;
}

function closingOf(
  doc: LedgerDocument,
  date: string,
  payment: number,
  skipped: boolean,
): NonNullable<LedgerDocument["closing"]> {
  const next = calendar(date, 1).date;
  const at = local(next, "07:23");
  if (skipped)
    return { status: "skipped", reason: "partly-paid", detail: "the customer paid part of it before the closing", at };
  return {
    status: "closed",
    paymentType: doc.type === "Invoice" ? "Payment" : "Refund",
    paymentNumber: String(payment),
    paymentRef: `VF-${date.replaceAll("-", "")}-01-${doc.number}`,
    amountOre: doc.amountOre,
    applicationDate: next,
    releasedAt: at,
  };
}

function batchOf(tenant: string, date: string, documents: LedgerDocument[], status: Batch["status"]): Batch {
  const id = `${tenant}-${date.replaceAll("-", "")}-01`;
  const stem = `${tenant}_${date.replaceAll("-", "")}_01`;
  const file = (ext: string, bytes: number) => ({
    name: `${stem}.${ext}`,
    bytes,
    sha256: createHash("sha256").update(`${stem}.${ext}`).digest("hex"),
  });
  return {
    id,
    businessDate: date,
    sequence: 1,
    status,
    target: `file:///factor/${tenant}`,
    createdAt: local(date, "15:41"),
    ...(status === "transferred" ? { transferredAt: local(date, "15:42") } : {}),
    files: [
      file("SGF", 130 * (documents.length + 2)),
      file("SGK", 256 * new Set(documents.map((d) => d.customer)).size),
    ],
    documents,
    newCustomers: [],
  };
}

function attentionOf(
  scenario: Scenario,
  customers: { number: string; name: string }[],
  nextNumber: number,
  today: string,
  lastBatch: Batch | undefined,
): AttentionEntry[] {
  if (scenario === "pending") {
    const data: NoticeData["pending-batch"] = {
      batchId: lastBatch?.id ?? "",
      documents: lastBatch?.documents.length ?? 0,
      target: lastBatch?.target ?? "",
      files: (lastBatch?.files ?? []).map((f) => ({ name: f.name, bytes: f.bytes, found: null })),
    };
    return [
      {
        key: `pending-batch:${lastBatch?.id}`,
        code: "pending-batch",
        source: "transfer",
        data,
        firstSeen: today,
        lastSeen: today,
      },
    ];
  }
  const doc = (k: number) => ({
    type: "Invoice" as const,
    number: String(nextNumber + k),
    customer: customers[k]!.number,
    customerName: customers[k]!.name,
    amountOre: 12_500_00 + k,
    currency: "NOK",
  });
  return [
    {
      key: `too-old:Invoice:${nextNumber}`,
      code: "too-old",
      source: "transfer",
      document: doc(0),
      data: { documentDate: addDays(today, -35), ageDays: 35, limitDays: 30 } satisfies NoticeData["too-old"],
      firstSeen: addDays(today, -4),
      lastSeen: today,
    },
    {
      key: `kid:Invoice:${nextNumber + 1}`,
      code: "kid",
      source: "transfer",
      document: doc(1),
      data: {
        reason: "check-digit",
        kid: "1000200001234",
        rule: "mod10",
        expected: "1000200001237",
      } satisfies NoticeData["kid"],
      firstSeen: addDays(today, -1),
      lastSeen: today,
    },
  ];
}

function runStatusOf(tenant: string, scenario: Scenario, index: number, lastDay: string): RunStatus {
  const ok = (command: "transfer" | "close", date: string, time: string, said: RunText) => ({
    command,
    status: "ok" as const,
    businessDate: date,
    at: local(date, time),
    says: [said],
  });
  const sent = says("sent", {
    batchId: `${tenant}-${lastDay.replaceAll("-", "")}-01`,
    invoices: 1,
    creditNotes: 0,
    target: "sftp://factor.example/inbox",
  });
  let status = nextRunStatus(undefined, tenant, ok("transfer", lastDay, "15:42", sent));
  if (index % 7 === 3) {
    const failedOn = addDays(lastDay, -12);
    status = nextRunStatus(status, tenant, {
      command: "transfer",
      status: "failed",
      businessDate: failedOn,
      at: local(failedOn, "15:37"),
      says: [says("error", { text: "SFTP connection timed out" })],
      issueUrl: `https://github.com/partner/factoring/issues/${100 + index}`,
    });
    status = nextRunStatus(status, tenant, ok("transfer", lastDay, "15:42", sent));
  }
  if (scenario === "failing") {
    return nextRunStatus(status, tenant, {
      command: "close",
      status: "failed",
      businessDate: lastDay,
      at: local(lastDay, "07:23"),
      says: [
        says("error", { text: "Visma.net answered 503 Service Unavailable for POST /v1/customerPayment (3 attempts)" }),
      ],
      issueUrl: `https://github.com/partner/factoring/issues/${index + 1}`,
      runUrl: `https://github.com/partner/factoring/actions/runs/${9000 + index}`,
    });
  }
  const closed = says("closing-done", {
    ...{ closed: 3, refused: 0, skipped: 0, uncertain: 0, held: 0, unconfirmed: 0, notReadBack: 0 },
    released: 3,
    throttled: null,
  });
  return nextRunStatus(status, tenant, ok("close", lastDay, "07:23", closed));
}

// A year of ledger for hundreds of tenants repeats the same few hundred dates and times: the
// generator computes each once (luxon is exact but not cheap, and the benchmark times the site, not this).
const calendarCache = new Map<string, { date: string; weekend: boolean }>();
const localCache = new Map<string, string>();

/** The date `days` after `date`, and whether it is a Saturday or Sunday. */
function calendar(date: string, days: number): { date: string; weekend: boolean } {
  const key = `${date}${days}`;
  let out = calendarCache.get(key);
  if (!out) {
    const d = DateTime.fromISO(date, { zone: "UTC" }).plus({ days });
    calendarCache.set(key, (out = { date: d.toISODate()!, weekend: d.weekday >= 6 }));
  }
  return out;
}

/** The instant of local wall time `time` on `date` in Oslo, with its offset (DST by luxon). */
function local(date: string, time: string): string {
  const key = `${date}T${time}`;
  let out = localCache.get(key);
  if (!out) localCache.set(key, (out = DateTime.fromISO(`${key}:00`, { zone: ZONE }).toISO()!));
  return out;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replaceAll("æ", "ae")
    .replaceAll("ø", "o")
    .replaceAll("å", "a")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
