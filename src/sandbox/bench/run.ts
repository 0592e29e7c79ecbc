/**
 * The benchmark: one company, two fresh worlds (closing per document, closing per customer),
 * each running the transfer at 15:45 on the business date and the closing the next day at
 * 16:00. Returns the figures; printing is the caller's (bench.ts) business.
 */
import { performance } from "node:perf_hooks";
import { VismaSchema } from "../../config/schema.ts";
import { shiftDate } from "../visma/documents.ts";
import { benchCompany } from "./company.ts";
import { closingFigures, transferFigures, type ClosingFigures, type Settings, type TransferFigures } from "./figures.ts";
import { InFlightMeter, MemorySampler } from "./meters.ts";
import { measurePhase, type Meters } from "./phase.ts";
import { startBenchWorld } from "./world.ts";

/** A Thursday; the closing runs on the Friday. */
export const BUSINESS_DATE = "2026-11-26";
const TRANSFER_AT = "15:45:00";
const CLOSE_AT = "16:00:00"; // 24 h 15 min later: past the default 24 h delay

export interface BenchSummary {
  phase: "summary";
  settings: Settings;
  company: { customers: number; invoices: number; creditNotes: number; generateMs: number };
  totalWallMs: number;
  underTwoMinutes: boolean;
  processPeakRssMB: number;
  allTargetsPass: boolean;
}

export interface BenchOutput {
  transfer: TransferFigures;
  closings: ClosingFigures[];
  summary: BenchSummary;
}

export async function runBenchmark(settings: Settings, progress: (msg: string) => void = () => {}): Promise<BenchOutput> {
  const started = performance.now();
  const meters: Meters = { inFlight: new InFlightMeter(), memory: new MemorySampler() };
  meters.inFlight.start();
  meters.memory.start();
  try {
    const genStarted = performance.now();
    const data = benchCompany({ seed: settings.seed, customers: settings.customers, documents: settings.documents, today: BUSINESS_DATE, createdBeforeHour: 15 });
    const generateMs = Math.round(performance.now() - genStarted);
    const tenantPageSize = VismaSchema.shape.pageSize.parse(undefined);
    const counts = {
      invoices: data.invoices.length,
      creditNotes: data.creditNotes.length,
      customers: data.customers.length,
      pageSize: Math.min(tenantPageSize, settings.maxPageSize),
    };
    progress(`company: ${counts.customers} customers, ${counts.invoices} invoices, ${counts.creditNotes} credit notes (${generateMs} ms)`);

    let transfer: TransferFigures | undefined;
    const closings: ClosingFigures[] = [];
    for (const grouping of ["perDocument", "perCustomer"] as const) {
      const world = await startBenchWorld({
        data,
        grouping,
        latencyMs: settings.latencyMs,
        concurrency: settings.concurrency,
        maxPageSize: settings.maxPageSize,
        rateLimit: settings.rateLimit,
        start: `${BUSINESS_DATE}T${TRANSFER_AT}`,
      });
      try {
        progress(`${grouping}: transfer…`);
        const t = transferFigures(await measurePhase(world, meters, () => world.transfer()), settings, counts);
        transfer ??= t; // the same company and code: the second world's transfer only sets up its closing
        if (!t.pass.allTransferred) throw new Error(`benchmark: the transfer sent ${t.documents} of ${counts.invoices + counts.creditNotes} documents`);

        world.at(`${shiftDate(BUSINESS_DATE, 1)}T${CLOSE_AT}`);
        progress(`${grouping}: closing…`);
        const m = await measurePhase(world, meters, () => world.close());
        const docs = [...world.sandbox.store.listInvoices(), ...world.sandbox.store.listCreditNotes()];
        closings.push(
          closingFigures(m, settings, grouping, {
            payments: world.sandbox.store.listPayments().length,
            closedDocuments: docs.filter((d) => d.status === "Closed" && d.balanceOre === 0).length,
            transferred: t.documents,
          }),
        );
      } finally {
        await world.stop();
      }
    }

    const totalWallMs = Math.round(performance.now() - started);
    const passes = [transfer!, ...closings].flatMap((f) => Object.values(f.pass));
    return {
      transfer: transfer!,
      closings,
      summary: {
        phase: "summary",
        settings,
        company: { customers: counts.customers, invoices: counts.invoices, creditNotes: counts.creditNotes, generateMs },
        totalWallMs,
        underTwoMinutes: totalWallMs < 120_000,
        processPeakRssMB: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
        allTargetsPass: passes.every(Boolean) && totalWallMs < 120_000,
      },
    };
  } finally {
    meters.inFlight.stop();
    meters.memory.stop();
  }
}
