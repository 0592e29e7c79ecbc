/**
 * The job matrix for the transfer and close workflows: one entry per tenant file, carrying the
 * *names* of the secrets that tenant declares (never values). The workflow maps each name with
 * `${{ secrets[matrix.secretN] }}`, so a job receives exactly its tenant's secrets and nothing
 * like `toJSON(secrets)` is ever needed. Full validation is `npm run validate`; this only picks
 * fields, but refuses names that could not be environment variables or belong to the runner.
 */
import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ENV_NAME } from "./schema.ts";
import { TENANT_ID, tenantIdOf } from "./load.ts";

/**
 * The tenant-file fields whose secret names fill FACTORING_SECRET_1..4, in slot order; a slot
 * with two fields takes the first one set (an SFTP login uses a key or a password).
 */
const SECRET_SLOTS = [
  ["visma", "clientIdEnv"],
  ["visma", "clientSecretEnv"],
  ["delivery", "privateKeyEnv", "passwordEnv"],
  ["delivery", "passphraseEnv"],
] as const;
export const SECRET_SLOT_COUNT = SECRET_SLOTS.length;
/** The workflow's fixed slot variables: FACTORING_SECRET_1..4. */
export const SECRET_SLOT_PREFIX = "FACTORING_SECRET_";

/** A name a tenant may give its secret: an environment-variable name that the runner and the slots do not use. */
export function isSecretName(name: string): boolean {
  return ENV_NAME.test(name) && !name.startsWith("GITHUB_") && !name.startsWith(SECRET_SLOT_PREFIX);
}

export interface MatrixEntry {
  tenant: string;
  secret1: string;
  secret2: string;
  secret3: string;
  secret4: string;
  /** The four names comma-separated, "" for an unused slot: tells bridgeSecrets where each value goes. */
  secretNames: string;
}

export interface Matrix {
  include: MatrixEntry[];
}

export interface BuildMatrixOptions {
  /** "close" leaves out tenants with `closing.enabled: false`. */
  workflow?: "transfer" | "close";
}

export function buildMatrix(tenantsDir: string, only?: string, options: BuildMatrixOptions = {}): Matrix {
  const files = readdirSync(tenantsDir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort();
  const byId = new Map<string, string>();
  for (const file of files) {
    const id = tenantIdOf(file);
    const other = byId.get(id);
    if (other) throw new Error(`tenants/${file} and tenants/${other} are the same tenant "${id}"; keep one of them`);
    byId.set(id, file);
  }
  if (only !== undefined && only !== "" && !byId.has(only)) {
    const known = [...byId.keys()].join(", ") || "none";
    throw new Error(`no tenant file tenants/${only}.yaml; tenants are: ${known}`);
  }
  const include: MatrixEntry[] = [];
  for (const [id, file] of byId) {
    if (only && id !== only) continue;
    const entry = entryFor(id, join(tenantsDir, file), options, Boolean(only));
    if (entry) include.push(entry);
  }
  return { include };
}

function entryFor(id: string, path: string, options: BuildMatrixOptions, named: boolean): MatrixEntry | null {
  const where = `tenants/${id}`;
  if (!TENANT_ID.test(id)) {
    // The id becomes a GitHub Environment name, a concurrency group and an issue label.
    throw new Error(`${where}: the file name is the tenant id and must use lower-case letters, digits and dashes`);
  }
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${where}: not valid YAML (${(error as Error).message.split("\n")[0]}); run npm run validate for details`);
  }
  const data = (doc ?? {}) as Record<string, unknown>;
  if (data.enabled === false && !named) return null; // e.g. the demo tenant: only runs when asked for by name
  if (options.workflow === "close" && asRecord(data.closing).enabled === false) return null;
  const names = SECRET_SLOTS.map(([section, ...fields]) => {
    const values = asRecord(data[section]);
    for (const field of fields) {
      const name = pickName(where, `${section}.${field}`, values[field]);
      if (name) return name;
    }
    return "";
  });
  return {
    tenant: id,
    secret1: names[0]!,
    secret2: names[1]!,
    secret3: names[2]!,
    secret4: names[3]!,
    secretNames: names.join(","),
  };
}

function pickName(where: string, field: string, value: unknown): string {
  if (value === undefined || value === null || value === "") return "";
  if (typeof value !== "string" || !isSecretName(value)) {
    throw new Error(
      `${where}: ${field} must name a secret such as ACME_SFTP_KEY (A-Z, 0-9, _; not GITHUB_* or ${SECRET_SLOT_PREFIX}*), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * `npm run matrix`: prints the matrix and, in Actions, writes `matrix=<json>` and `count=<n>` to
 * $GITHUB_OUTPUT (the run job is skipped when count is 0: an empty matrix is an error in Actions).
 */
export function runMatrix(options: { tenantsDir: string; tenant?: string; workflow?: "transfer" | "close"; outputFile?: string }): Matrix {
  const matrix = buildMatrix(options.tenantsDir, options.tenant, { workflow: options.workflow });
  const json = JSON.stringify(matrix);
  if (options.outputFile) appendFileSync(options.outputFile, `matrix=${json}\ncount=${matrix.include.length}\n`);
  return matrix;
}
