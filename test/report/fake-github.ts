/**
 * A loopback HTTP server that behaves like the GitHub REST endpoints issue reporting uses:
 * issues list (label filter = AND, state, per_page/page with a Link header), create, patch,
 * comments, labels (get/create). It checks the bearer token and can answer 5xx on demand.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  state_reason: string | null;
  labels: string[];
  assignees: string[];
  comments: string[];
  pull_request?: boolean;
}

export interface FakeGitHub {
  url: string;
  owner: string;
  repo: string;
  token: string;
  issues: FakeIssue[];
  labels: Map<string, { name: string; color: string }>;
  requests: string[];
  /** Statuses to answer (one per request) before normal handling, e.g. [502, 503]. */
  failNext: number[];
  close(): Promise<void>;
}

export async function startFakeGitHub(
  options: { owner?: string; repo?: string; token?: string } = {},
): Promise<FakeGitHub> {
  const owner = options.owner ?? "partner";
  const repo = options.repo ?? "factoring";
  const token = options.token ?? "test-token";
  const state: Omit<FakeGitHub, "url" | "close"> = {
    owner,
    repo,
    token,
    issues: [],
    labels: new Map(),
    requests: [],
    failNext: [],
  };
  const prefix = `/repos/${owner}/${repo}`;
  let base = "";

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => send(res, 500, { message: String(error) }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", base);
    const body = await readJson(req);
    state.requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, { message: "Bad credentials" });
    const fail = state.failNext.shift();
    if (fail) return send(res, fail, { message: "injected failure" });
    if (!url.pathname.startsWith(`${prefix}/`)) return send(res, 404, { message: "Not Found" });
    const path = url.pathname.slice(prefix.length);
    let m: RegExpExecArray | null;

    if (req.method === "GET" && path === "/issues") {
      const wanted = (url.searchParams.get("labels") ?? "").split(",").filter(Boolean);
      const st = url.searchParams.get("state") ?? "open";
      const perPage = Math.min(100, Number(url.searchParams.get("per_page") ?? 30));
      const page = Number(url.searchParams.get("page") ?? 1);
      const matching = state.issues
        .filter((i) => wanted.every((l) => i.labels.includes(l)))
        .filter((i) => st === "all" || i.state === st)
        .sort((a, b) => (url.searchParams.get("direction") === "asc" ? a.number - b.number : b.number - a.number));
      const slice = matching.slice((page - 1) * perPage, page * perPage);
      if (page * perPage < matching.length) {
        const next = new URL(url.toString());
        next.searchParams.set("page", String(page + 1));
        res.setHeader("Link", `<${next.toString()}>; rel="next"`);
      }
      return send(res, 200, slice.map(view));
    }
    if (req.method === "POST" && path === "/issues") {
      const b = body as { title?: string; body?: string; labels?: string[]; assignees?: string[] };
      if (!b.title)
        return send(res, 422, { message: "Validation Failed", errors: [{ field: "title", code: "missing_field" }] });
      if ((b.body ?? "").length > 65_536)
        return send(res, 422, { message: "body is too long (maximum is 65536 characters)" });
      for (const l of b.labels ?? []) if (!state.labels.has(l)) state.labels.set(l, { name: l, color: "ededed" });
      const issue: FakeIssue = {
        number: state.issues.length + 1,
        title: b.title,
        body: b.body ?? "",
        state: "open",
        state_reason: null,
        labels: b.labels ?? [],
        assignees: b.assignees ?? [],
        comments: [],
      };
      state.issues.push(issue);
      return send(res, 201, view(issue));
    }
    if ((m = /^\/issues\/(\d+)$/.exec(path)) && req.method === "PATCH") {
      const issue = state.issues.find((i) => i.number === Number(m![1]));
      if (!issue) return send(res, 404, { message: "Not Found" });
      const b = body as Partial<{
        title: string;
        body: string;
        state: "open" | "closed";
        state_reason: string;
        labels: string[];
        assignees: string[];
      }>;
      if (b.body !== undefined && b.body.length > 65_536) return send(res, 422, { message: "body is too long" });
      if (b.title !== undefined) issue.title = b.title;
      if (b.body !== undefined) issue.body = b.body;
      if (b.state !== undefined) {
        issue.state = b.state;
        issue.state_reason = b.state === "closed" ? (b.state_reason ?? "completed") : "reopened";
      }
      if (b.labels !== undefined) issue.labels = b.labels;
      if (b.assignees !== undefined) issue.assignees = b.assignees;
      return send(res, 200, view(issue));
    }
    if ((m = /^\/issues\/(\d+)\/comments$/.exec(path)) && req.method === "POST") {
      const issue = state.issues.find((i) => i.number === Number(m![1]));
      if (!issue) return send(res, 404, { message: "Not Found" });
      const text = (body as { body?: string }).body ?? "";
      if (text.length > 65_536) return send(res, 422, { message: "body is too long" });
      issue.comments.push(text);
      return send(res, 201, { id: issue.comments.length, body: text });
    }
    if ((m = /^\/labels\/(.+)$/.exec(path)) && req.method === "GET") {
      const label = state.labels.get(decodeURIComponent(m[1]!));
      return label ? send(res, 200, label) : send(res, 404, { message: "Not Found" });
    }
    if (path === "/labels" && req.method === "POST") {
      const b = body as { name: string; color: string };
      if (state.labels.has(b.name))
        return send(res, 422, { message: "Validation Failed", errors: [{ code: "already_exists" }] });
      state.labels.set(b.name, { name: b.name, color: b.color });
      return send(res, 201, state.labels.get(b.name));
    }
    return send(res, 404, { message: "Not Found" });
  }

  function view(i: FakeIssue) {
    return {
      number: i.number,
      html_url: `https://github.com/${owner}/${repo}/issues/${i.number}`,
      title: i.title,
      body: i.body,
      state: i.state,
      labels: i.labels.map((name) => ({ name })),
      assignees: i.assignees.map((login) => ({ login })),
      comments: i.comments.length,
      ...(i.pull_request ? { pull_request: { url: "x" } } : {}),
    };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    url: base,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  });
}

function send(res: ServerResponse, status: number, data: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(data));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}
