/** The benchmark's handle on the sandbox running in a child process of its own (see sandbox-host.ts). */
import { type ChildProcess, fork } from "node:child_process";
import type { DateTime } from "luxon";
import type { HostReply, HostRequest, HostStart, HostStats, ServerState } from "./sandbox-protocol.ts";

type Op = HostRequest extends infer R ? (R extends { op: infer O } ? O : never) : never;

export class RemoteSandbox {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly apiBaseUrl: string,
    readonly tokenUrl: string,
  ) {
    child.on("message", (reply: HostReply) => {
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
    child.on("error", fail);
    child.on("exit", (code) => {
      if (code !== 0) fail(new Error(`sandbox process exited with code ${code}`));
    });
  }

  static async start(start: HostStart): Promise<RemoteSandbox> {
    // "advanced" serialisation: the company's data goes over as a structured clone, not JSON text.
    const child = fork(new URL("./worker-entry.mjs", import.meta.url), { serialization: "advanced", stdio: "inherit" });
    let cleanup = () => {};
    const ready = await new Promise<{ apiBaseUrl: string; tokenUrl: string }>((resolve, reject) => {
      const onMessage = (m: { ready?: { apiBaseUrl: string; tokenUrl: string } }) =>
        m.ready ? resolve(m.ready) : reject(new Error("sandbox process: unexpected first message"));
      const onExit = (code: number) =>
        reject(new Error(`sandbox process exited with code ${code} before it was ready`));
      child.on("message", onMessage);
      child.on("error", reject);
      child.on("exit", onExit);
      cleanup = () => {
        child.off("message", onMessage);
        child.off("error", reject);
        child.off("exit", onExit);
      };
      child.send({ start });
    }).finally(() => cleanup());
    return new RemoteSandbox(child, ready.apiBaseUrl, ready.tokenUrl);
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
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill();
      await exited;
    }
  }

  private call(op: Op, extra: Record<string, unknown> = {}): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, op, ...extra });
    });
  }
}
