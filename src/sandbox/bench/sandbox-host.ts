/**
 * Runs inside the benchmark's worker thread: the Visma.net sandbox, its clock and the
 * in-flight meter, answering the main thread's questions over the message port.
 *
 * Why a thread: client and sandbox on one event loop would charge the server's CPU (HTTP
 * parsing, routing, JSON) to the product and serialise both on one core. On its own thread
 * the sandbox behaves like the remote API it stands for, still inside this process.
 */
import { parentPort, workerData } from "node:worker_threads";
import { DateTime } from "luxon";
import { InFlightMeter } from "./meters.ts";
import type { HostReply, HostRequest, HostStart } from "./sandbox-protocol.ts";
import { startVismaSandbox } from "../visma/server.ts";

const start = workerData as HostStart;
let clock = DateTime.fromISO(start.clock, { setZone: true });
const inFlight = new InFlightMeter();
inFlight.start();
const sandbox = await startVismaSandbox({
  clock: () => clock,
  data: start.data,
  latencyMs: start.latencyMs,
  rateLimit: start.rateLimit,
  maxPageSize: start.maxPageSize,
});
const port = parentPort!;

port.on("message", (req: HostRequest) => {
  void answer(req).then(
    (result) => port.postMessage({ id: req.id, result } satisfies HostReply),
    (error: unknown) =>
      port.postMessage({
        id: req.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies HostReply),
  );
});
port.postMessage({ ready: { apiBaseUrl: sandbox.apiBaseUrl, tokenUrl: sandbox.tokenUrl } });

async function answer(req: HostRequest): Promise<unknown> {
  switch (req.op) {
    case "clock":
      clock = DateTime.fromISO(req.iso, { setZone: true });
      return null;
    case "stats":
      return { stats: structuredClone(sandbox.stats), maxInFlight: inFlight.max };
    case "resetPeak":
      inFlight.resetPeak();
      return null;
    case "ledgerOfServer": {
      const docs = [...sandbox.store.listInvoices(), ...sandbox.store.listCreditNotes()];
      return {
        payments: sandbox.store.listPayments().length,
        releasedPayments: sandbox.store.listPayments().filter((p) => p.released).length,
        closedDocuments: docs.filter((d) => d.status === "Closed" && d.balanceOre === 0).length,
      };
    }
    case "close":
      inFlight.stop();
      await sandbox.close();
      setImmediate(() => port.close());
      return null;
  }
}
