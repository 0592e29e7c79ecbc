/**
 * A scriptable Visma.net stand-in on 127.0.0.1 for focused client tests: every request is
 * recorded; the test decides each answer. POST /connect/token issues numbered tokens unless the
 * test overrides it.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface Recorded {
  method: string;
  path: string;
  rawQuery: string; // exactly as sent, still percent-encoded
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Reply =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { hang: true } // never answer (client timeout)
  | { reset: true }; // destroy the socket (socket hang up)

export type Handler = (req: Recorded) => Reply | Promise<Reply>;

export interface FakeVisma {
  url: string;
  apiBaseUrl: string;
  tokenUrl: string;
  requests: Recorded[]; // API requests (token requests excluded)
  tokenRequests: Recorded[];
  close(): Promise<void>;
}

export interface FakeOptions {
  api: Handler;
  token?: Handler;
  /** expires_in of the default token handler. */
  expiresIn?: number;
}

export async function startFake(opts: FakeOptions): Promise<FakeVisma> {
  const requests: Recorded[] = [];
  const tokenRequests: Recorded[] = [];
  let issued = 0;
  const defaultToken: Handler = () => ({
    status: 200,
    body: { access_token: `token-${++issued}-abcdefgh`, token_type: "Bearer", expires_in: opts.expiresIn ?? 3600 },
  });
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const full = req.url ?? "/";
      const q = full.indexOf("?");
      const rec: Recorded = {
        method: req.method ?? "GET",
        path: q < 0 ? full : full.slice(0, q),
        rawQuery: q < 0 ? "" : full.slice(q + 1),
        query: new URLSearchParams(q < 0 ? "" : full.slice(q + 1)),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      const isToken = rec.path === "/connect/token";
      (isToken ? tokenRequests : requests).push(rec);
      Promise.resolve((isToken ? (opts.token ?? defaultToken) : opts.api)(rec))
        .then((reply) => {
          if ("hang" in reply) return;
          if ("reset" in reply) {
            req.socket.destroy();
            return;
          }
          const body =
            reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
          const headers: Record<string, string> = { ...reply.headers };
          if (body && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
            headers["Content-Type"] = typeof reply.body === "string" ? "text/plain" : "application/json";
          }
          res.writeHead(reply.status, headers);
          res.end(body);
        })
        .catch((err: unknown) => {
          res.writeHead(599);
          res.end(String(err));
        });
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    apiBaseUrl: url,
    tokenUrl: `${url}/connect/token`,
    requests,
    tokenRequests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A page of `items` as Visma.net sends it: metadata inside every element. */
export function withMetadata<T extends object>(items: T[], totalCount: number, maxPageSize: number): T[] {
  return items.map((i) => ({ ...i, metadata: { totalCount, maxPageSize } }));
}

/** Records the waits the client asks for and returns at once. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}
