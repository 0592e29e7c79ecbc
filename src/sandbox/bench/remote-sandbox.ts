/** The main thread's handle on the sandbox running in a worker thread (see sandbox-host.ts). */
import { Worker } from "node:worker_threads";
import type { DateTime } from "luxon";
import type { HostReply, HostRequest, HostStart, HostStats, ServerState } from "./sandbox-protocol.ts";

type Op = HostRequest extends infer R ? (R extends { op: infer O } ? O : never) : never;

export class RemoteSandbox {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    readonly apiBaseUrl: string,
    readonly tokenUrl: string,
  ) {
    worker.on("message", (reply: HostReply) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if (reply.error !== undefined) w.reject(new Error(`sandbox: ${reply.error}`));
      else w.resolve(reply.result);
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const w of this.waiting.values()) w.reject(error);
      this.waiting.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (code !== 0) fail(new Error(`sandbox worker exited with code ${code}`));
    });
  }

  static async start(start: HostStart): Promise<RemoteSandbox> {
    const worker = new Worker(new URL("./worker-entry.mjs", import.meta.url), { workerData: start });
    let cleanup = () => {};
    const ready = await new Promise<{ apiBaseUrl: string; tokenUrl: string }>((resolve, reject) => {
      const onMessage = (m: { ready?: { apiBaseUrl: string; tokenUrl: string } }) =>
        m.ready ? resolve(m.ready) : reject(new Error("sandbox worker: unexpected first message"));
      const onExit = (code: number) => reject(new Error(`sandbox worker exited with code ${code} before it was ready`));
      worker.on("message", onMessage);
      worker.on("error", reject);
      worker.on("exit", onExit);
      cleanup = () => {
        worker.off("message", onMessage);
        worker.off("error", reject);
        worker.off("exit", onExit);
      };
    }).finally(() => cleanup());
    return new RemoteSandbox(worker, ready.apiBaseUrl, ready.tokenUrl);
  }

  setClock(instant: DateTime): Promise<void> {
    return this.call("clock", { iso: instant.toISO()! }) as Promise<void>;
  }

  stats(): Promise<HostStats> {
    return this.call("stats") as Promise<HostStats>;
  }

  resetPeak(): Promise<void> {
    return this.call("resetPeak") as Promise<void>;
  }

  serverState(): Promise<ServerState> {
    return this.call("ledgerOfServer") as Promise<ServerState>;
  }

  async close(): Promise<void> {
    if (!this.failure) await this.call("close").catch(() => undefined);
    await this.worker.terminate();
  }

  private call(op: Op, extra: Record<string, unknown> = {}): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, ...extra });
    });
  }
}
