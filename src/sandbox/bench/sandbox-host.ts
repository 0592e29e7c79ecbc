/**
 * Runs in the benchmark's sandbox process: the Visma.net sandbox, its clock and the in-flight
 * meter, answering the benchmark's questions over the IPC channel.
 *
 * Why a process of its own: client and sandbox on one event loop would charge the server's CPU
 * (HTTP parsing, routing, JSON) to the product and serialise both on one core, and even on a
 * thread of the same process its CPU time would count in the product's process.cpuUsage(). In
 * its own process the sandbox behaves like the remote API it stands for, and the benchmark's CPU
 * figures are the product's alone.
 */
import { DateTime } from "luxon";
import { InFlightMeter } from "./meters.ts";
import type { HostReply, HostRequest, HostStart } from "./sandbox-protocol.ts";
import { startVismaSandbox } from "../visma/server.ts";

const start = await new Promise<HostStart>((resolve) =>
  process.once("message", (m: { start: HostStart }) => resolve(m.start)),
);
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
const send = (message: unknown) => process.send!(message);

process.on("message", (req: HostRequest) => {
  void answer(req).then(
    (result) => send({ id: req.id, result } satisfies HostReply),
    (error: unknown) =>
      send({
        id: req.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies HostReply),
  );
});
// The benchmark's process going away takes this one with it.
process.on("disconnect", () => process.exit(0));
send({ ready: { apiBaseUrl: sandbox.apiBaseUrl, tokenUrl: sandbox.tokenUrl } });

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
      setImmediate(() => process.disconnect());
      return null;
  }
}
