/**
 * Authentication for git network commands in Actions.
 *
 * The workflows check out with `persist-credentials: false`, so `.git/config` holds no token and a
 * step that is not ours cannot push. We authenticate only the fetch/push commands we run, the
 * way actions/checkout does (an `AUTHORIZATION: basic base64("x-access-token:<token>")` header
 * scoped to the server URL), but hand git that setting through `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/
 * `GIT_CONFIG_VALUE_n` rather than `-c`: the effect is the same per-command setting, never written
 * to .git/config, but the header is also kept out of argv, which `ps` and error messages would show.
 */
import * as core from "@actions/core";

export interface GitAuth {
  token: string;
  /** e.g. https://github.com (GITHUB_SERVER_URL); the header is sent to that host only. */
  serverUrl: string;
}

/** Auth from the runner's environment; none outside Actions or without a token (local/file remotes). */
export function authFromEnv(env: NodeJS.ProcessEnv = process.env): GitAuth | undefined {
  const token = env.GITHUB_TOKEN;
  if (!token) return undefined;
  return { token, serverUrl: env.GITHUB_SERVER_URL || "https://github.com" };
}

/** The environment variables that give one git command the auth header. */
export function authEnv(auth: GitAuth | undefined): Record<string, string> {
  if (!auth) return {};
  const basic = Buffer.from(`x-access-token:${auth.token}`, "utf8").toString("base64");
  // The encoded form is as good as the token: mask it too (no-op output outside Actions).
  if (process.env.GITHUB_ACTIONS === "true") core.setSecret(basic);
  const server = auth.serverUrl.replace(/\/+$/, "");
  return {
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: `http.${server}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}
