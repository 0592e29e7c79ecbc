/**
 * A small GitHub REST client: just what issue reporting needs.
 *
 * Retries only on 5xx (bounded, exponential backoff with jitter): a 4xx means our request is wrong
 * or not allowed, and repeating it would only add to the secondary rate limit.
 */
import axios, { type AxiosInstance } from "axios";
import { backoffDelay } from "../../shared/backoff.ts";
import { FactoringError } from "../../shared/errors.ts";

export interface GitHubClientOptions {
  /** Default GITHUB_API_URL or https://api.github.com. */
  apiUrl?: string;
  /** "owner/repo"; default GITHUB_REPOSITORY. */
  repository?: string;
  /** Default GITHUB_TOKEN. */
  token?: string;
  /** Attempts per request, at most 3. */
  maxAttempts?: number;
  /** Least pause before a retry in ms (shared/backoff.ts); default 1000. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Per-request timeout in ms; default 30 s. */
  timeoutMs?: number;
}

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface GitHubResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string>;
}

export class GitHubApiError extends FactoringError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  constructor(method: string, path: string, status: number, detail: string) {
    super(`GitHub API ${method} ${path} answered ${status}: ${detail}`);
    this.status = status;
    this.method = method;
    this.path = path;
  }
}

export class GitHubClient {
  readonly owner: string;
  readonly repo: string;
  private readonly apiUrl: string;
  private readonly http: AxiosInstance;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: GitHubClientOptions = {}) {
    const apiUrl = (options.apiUrl ?? process.env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/+$/, "");
    const repository = options.repository ?? process.env.GITHUB_REPOSITORY ?? "";
    const [owner, repo, ...extra] = repository.split("/");
    if (!owner || !repo || extra.length > 0) {
      throw new Error(
        `GitHub repository "${repository}" is not "owner/repo"; set GITHUB_REPOSITORY (Actions sets it for you)`,
      );
    }
    const token = options.token ?? process.env.GITHUB_TOKEN;
    if (!token)
      throw new Error("GITHUB_TOKEN is not set; the workflow step must pass GITHUB_TOKEN: ${{ github.token }}");
    this.owner = owner;
    this.repo = repo;
    this.apiUrl = apiUrl;
    this.maxAttempts = Math.min(3, Math.max(1, options.maxAttempts ?? 3));
    this.backoffMs = options.backoffMs ?? 1000;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.http = axios.create({
      baseURL: apiUrl,
      timeout: options.timeoutMs ?? 30_000,
      headers: {
        Accept: "application/vnd.github+json",
        Authorization: `Bearer ${token}`,
        "X-GitHub-Api-Version": "2022-11-28",
        "User-Agent": "visma-factoring",
      },
      // We look at every status ourselves (and never let axios put the request config, which
      // holds the token, into an error message).
      validateStatus: () => true,
    });
  }

  /** `/repos/{owner}/{repo}` + suffix, with the owner and repo URL-encoded. */
  repoPath(suffix: string): string {
    return `/repos/${encodeURIComponent(this.owner)}/${encodeURIComponent(this.repo)}${suffix}`;
  }

  async request<T>(
    method: HttpMethod,
    path: string,
    options: { query?: Record<string, string | number>; body?: unknown } = {},
  ): Promise<GitHubResponse<T>> {
    let last: GitHubResponse<unknown> | undefined;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      if (attempt > 1) await this.sleep(backoffDelay(attempt - 1, { baseMs: this.backoffMs, maxMs: 15_000 }));
      const response = await this.http.request({ method, url: path, params: options.query, data: options.body });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(response.headers)) if (typeof v === "string") headers[k.toLowerCase()] = v;
      last = { status: response.status, data: response.data, headers };
      if (response.status < 500) break;
    }
    const res = last!;
    if (res.status >= 400) {
      const data = res.data as { message?: unknown; errors?: unknown } | undefined;
      const detail =
        typeof data?.message === "string"
          ? data.message + (data.errors ? ` ${JSON.stringify(data.errors)}` : "")
          : String(res.status);
      throw new GitHubApiError(method, path, res.status, detail);
    }
    return res as GitHubResponse<T>;
  }

  /** GETs every page by following `Link: <…>; rel="next"` (per_page=100). */
  async paginate<T>(path: string, query: Record<string, string | number> = {}): Promise<T[]> {
    const items: T[] = [];
    let next: { path: string; query: Record<string, string | number> | undefined } | null = {
      path,
      query: { per_page: 100, ...query },
    };
    for (let page = 0; next && page < 100; page++) {
      const res: GitHubResponse<T[]> = await this.request<T[]>("GET", next.path, { query: next.query });
      if (!Array.isArray(res.data)) throw new GitHubApiError("GET", next.path, res.status, "expected a list");
      items.push(...res.data);
      const url = nextLink(res.headers.link);
      // The token goes with every request: never follow a link to another host.
      if (url && new URL(url).origin !== new URL(this.apiUrl).origin) {
        throw new GitHubApiError(
          "GET",
          next.path,
          res.status,
          `pagination link points to another host (${new URL(url).origin})`,
        );
      }
      // The next URL is absolute and already carries the query.
      next = url ? { path: url, query: undefined } : null;
    }
    return items;
  }
}

/** The rel="next" URL of a Link header, if any. */
export function nextLink(link: string | undefined): string | null {
  if (!link) return null;
  for (const part of link.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1]) return match[1];
  }
  return null;
}
