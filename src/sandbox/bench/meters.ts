/**
 * What the benchmark measures besides the API counters: the API's own view of parallelism
 * (requests in flight at the sandbox's HTTP server, via node:diagnostics_channel, so no proxy
 * sits in the way) and peak memory of the process (sampled; the sandbox runs in-process,
 * so it is included and the figure is an upper bound for the product alone).
 */
import diagnostics from "node:diagnostics_channel";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** Requests being served by any node:http server of this process (the only one: the sandbox). */
export class InFlightMeter {
  private current = 0;
  max = 0;
  private readonly onStart = () => {
    this.current += 1;
    if (this.current > this.max) this.max = this.current;
  };
  private readonly onFinish = () => {
    this.current = Math.max(0, this.current - 1);
  };

  start(): void {
    diagnostics.subscribe("http.server.request.start", this.onStart);
    diagnostics.subscribe("http.server.response.finish", this.onFinish);
  }

  resetPeak(): void {
    this.max = this.current;
  }

  stop(): void {
    diagnostics.unsubscribe("http.server.request.start", this.onStart);
    diagnostics.unsubscribe("http.server.response.finish", this.onFinish);
  }
}

export interface MemoryPeak {
  rssBytes: number;
  heapUsedBytes: number;
}

/** Samples process memory every few milliseconds while running; the peak since the last reset. */
export class MemorySampler {
  private timer: NodeJS.Timeout | undefined;
  peak: MemoryPeak = { rssBytes: 0, heapUsedBytes: 0 };

  start(intervalMs = 20): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  reset(): void {
    this.peak = { rssBytes: 0, heapUsedBytes: 0 };
    this.sample();
  }

  sample(): void {
    const m = process.memoryUsage();
    if (m.rss > this.peak.rssBytes) this.peak.rssBytes = m.rss;
    if (m.heapUsed > this.peak.heapUsedBytes) this.peak.heapUsedBytes = m.heapUsed;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.sample();
  }
}

/** Total size of the files under `dir` (the ledger a run left behind). */
export async function folderBytes(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile()) continue;
    // parentPath from Node 20.12; `path` before it.
    const parent = (e as { parentPath?: string; path?: string }).parentPath ?? (e as { path?: string }).path ?? dir;
    bytes += (await stat(join(parent, e.name))).size;
    files += 1;
  }
  return { bytes, files };
}
