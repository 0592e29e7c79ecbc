/**
 * The job matrix for the transfer and close workflows: one entry per tenant file, carrying the
 * *names* of the secrets that tenant declares (never values). The workflow maps each name with
 * `${{ secrets[matrix.secretN] }}`, so a job receives exactly its tenant's secrets and nothing
 * like `toJSON(secrets)` is ever needed.
 *
 * Every file is validated here exactly as `npm run validate` does, and on its own: a file with
 * errors still gets its job (which fails with the located messages and opens that tenant's
 * issue), but no secret names, so a broken file never receives a secret. One broken file never
 * stops the matrix, so the other tenants run.
 */
import { appendFileSync } from "node:fs";
import type { LoadedTenant } from "./load.ts";
import { SECRET_SLOTS, secretNameProblem } from "./secret-names.ts";
import { TENANT_ID } from "./tenant-id.ts";
import { listTenantFiles, validateTenantFiles } from "./validate.ts";

export const SECRET_SLOT_COUNT = SECRET_SLOTS.length;
/** The workflow's fixed slot variables: FACTORING_SECRET_1..4. */
export const SECRET_SLOT_PREFIX = "FACTORING_SECRET_";

/**
 * A name the bridge may write a secret to: a valid, unreserved name (FACTORING_SECRET_* is
 * reserved with FACTORING_*), with the tenant's prefix when the tenant is known.
 */
export function isSecretName(name: string, tenantId?: string): boolean {
  return secretNameProblem(name, tenantId) === undefined;
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

/** A tenant file that cannot become a job (its name is not a tenant id), with the reason. */
export interface Skipped {
  file: string;
  message: string;
}

export interface BuildMatrixOptions {
  /** "close" leaves out tenants with `closing.enabled: false`. */
  workflow?: "transfer" | "close";
}

export async function buildMatrix(
  tenantsDir: string,
  only?: string,
  options: BuildMatrixOptions = {},
): Promise<Matrix & { skipped: Skipped[] }> {
  const result = await validateTenantFiles(await listTenantFiles(tenantsDir));
  const ids = [...new Set(result.tenants.map((t) => t.id))];
  if (only !== undefined && only !== "" && !ids.includes(only)) {
    throw new Error(`no tenant file ${tenantsDir}/${only}.yaml; tenants are: ${ids.join(", ") || "none"}`);
  }
  const withErrors = new Set(result.problems.filter((p) => p.severity === "error").map((p) => p.file));
  const include: MatrixEntry[] = [];
  const skipped: Skipped[] = [];
  for (const id of ids) {
    if (only && id !== only) continue;
    const files = result.tenants.filter((t) => t.id === id);
    if (!TENANT_ID.test(id)) {
      // The id names a GitHub Environment, a concurrency group and an issue label: no job without one.
      for (const f of files)
        skipped.push({
          file: f.file,
          message:
            "the file name is the tenant id and must use lower-case letters, digits and dashes; this file is not run",
        });
      continue;
    }
    // Two files for one id (acme.yaml and acme.yml) are both "with errors": one job, no secrets.
    const loaded = files.length === 1 && !withErrors.has(files[0]!.file) ? files[0]! : undefined;
    if (!runs(files[0]!, options, Boolean(only))) continue;
    include.push(entryFor(id, loaded));
  }
  return { include, skipped };
}

/** Disabled tenants (the demo) run only when named; the close matrix leaves out tenants that do not close. */
function runs(file: LoadedTenant, options: BuildMatrixOptions, named: boolean): boolean {
  // A broken file is judged by what it says, so a broken but disabled file stays quiet.
  const data = (file.tenant ?? file.data) as { enabled?: unknown; closing?: { enabled?: unknown } } | undefined;
  if (data?.enabled === false && !named) return false;
  if (options.workflow === "close" && data?.closing?.enabled === false) return false;
  return true;
}

function entryFor(id: string, valid: LoadedTenant | undefined): MatrixEntry {
  const tenant = valid?.tenant as unknown as Record<string, Record<string, unknown>> | undefined;
  const names = SECRET_SLOTS.map(([section, ...fields]) => {
    for (const field of fields) {
      const name = tenant?.[section]?.[field];
      if (typeof name === "string" && name !== "") return name;
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

/**
 * GitHub expands one job's matrix into at most 256 jobs (ASSUMPTION(A57)): a fleet is run as
 * chunks of at most this many tenants, each chunk a call of the tenant workflow with a matrix of
 * its own.
 */
export const CHUNK_SIZE = 256;
/**
 * Tenant jobs at once across all chunks unless the repository variable FACTORING_MAX_PARALLEL says
 * otherwise: the Free plan's limit of hosted jobs at once (ASSUMPTION(A62)).
 */
export const DEFAULT_MAX_PARALLEL = 20;

/** One call of the tenant workflow: its tenants and how many of them run at once. */
export interface Chunk {
  index: number;
  /** The chunk's share of the fleet's max-parallel (at least 1). */
  parallel: number;
  matrix: Matrix;
}

/**
 * Splits the tenants into the fewest chunks of at most `size`, of even sizes, and shares
 * `maxParallel` among them (each chunk runs at least one job at a time), so the fleet never runs
 * more than max(maxParallel, chunks) tenant jobs at once.
 */
export function chunkMatrix(include: readonly MatrixEntry[], maxParallel: number, size = CHUNK_SIZE): Chunk[] {
  if (include.length === 0) return [];
  const count = Math.ceil(include.length / size);
  const chunks: Chunk[] = [];
  let start = 0;
  for (let index = 0; index < count; index++) {
    const length = Math.floor(include.length / count) + (index < include.length % count ? 1 : 0);
    const share = Math.floor(maxParallel / count) + (index < maxParallel % count ? 1 : 0);
    chunks.push({ index, parallel: Math.max(1, share), matrix: { include: include.slice(start, start + length) } });
    start += length;
  }
  return chunks;
}

/** FACTORING_MAX_PARALLEL (the repository variable the plan job passes), or the default. */
export function maxParallelFrom(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return DEFAULT_MAX_PARALLEL;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new Error(
      `FACTORING_MAX_PARALLEL must be a whole number of tenant jobs at once, 1 or more (got ${JSON.stringify(value)}); see docs/operations.md for your plan's limit`,
    );
  return n;
}

/**
 * `npm run matrix`: prints the matrix and, in Actions, writes to $GITHUB_OUTPUT either
 * `matrix=<json>` (one tenant's job, the doctor) or, with `chunks`, `chunks=<json>` (the calls of
 * the tenant workflow), and `count=<n>` (the jobs are skipped when count is 0: an empty matrix is
 * an error in Actions).
 */
export async function runMatrix(options: {
  tenantsDir: string;
  tenant?: string;
  workflow?: "transfer" | "close";
  outputFile?: string;
  /** Split into chunks sharing this many parallel jobs. */
  chunks?: { maxParallel: number };
}): Promise<Matrix & { skipped: Skipped[]; chunks?: Chunk[] }> {
  const matrix = await buildMatrix(options.tenantsDir, options.tenant, { workflow: options.workflow });
  const count = matrix.include.length;
  if (options.chunks) {
    const chunks = chunkMatrix(matrix.include, options.chunks.maxParallel);
    if (options.outputFile) appendFileSync(options.outputFile, `chunks=${JSON.stringify(chunks)}\ncount=${count}\n`);
    return { ...matrix, chunks };
  }
  const json = JSON.stringify({ include: matrix.include });
  if (options.outputFile) appendFileSync(options.outputFile, `matrix=${json}\ncount=${count}\n`);
  return matrix;
}
