/**
 * Validation of all tenant files together: each file on its own (load.ts), then the rules
 * that span tenants — two tenants must never deliver into the same factor account and
 * folder (the factor could not tell their files apart), while sharing a Visma.net tenant
 * id is legitimate (one contract, several companies) and only worth a warning.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { loadTenantFile, type LoadedTenant } from "./load.ts";
import type { Problem } from "./problems.ts";
import type { Tenant } from "./schema.ts";

export interface ValidationResult {
  tenants: LoadedTenant[];
  problems: Problem[];
  errorCount: number;
  warningCount: number;
}

export async function listTenantFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new Error(`tenant folder ${dir} does not exist`);
    throw error;
  });
  return entries
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .map((name) => join(dir, name));
}

export async function validateTenantFiles(files: string[]): Promise<ValidationResult> {
  const tenants = await Promise.all(files.map((f) => loadTenantFile(f)));
  const problems = [...tenants.flatMap((t) => t.problems), ...crossTenantProblems(tenants)];
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return {
    tenants,
    problems,
    errorCount: problems.filter((p) => p.severity === "error").length,
    warningCount: problems.filter((p) => p.severity === "warning").length,
  };
}

export function deliveryTarget(t: Tenant): string {
  const d = t.delivery;
  const place = d.type === "sftp" ? `sftp://${d.host.toLowerCase()}:${d.port}${normaliseDir(d.remoteDir)}` : `file://${normaliseDir(d.directory)}`;
  return `${t.factor.preset}/${t.factor.clientNumber}@${place}`;
}

function normaliseDir(dir: string): string {
  const trimmed = dir.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed;
}

function crossTenantProblems(loaded: LoadedTenant[]): Problem[] {
  const problems: Problem[] = [];
  const valid = loaded.filter((l): l is LoadedTenant & { tenant: Tenant } => l.tenant !== undefined);
  const ids = new Map<string, LoadedTenant>();
  for (const l of loaded) {
    const other = ids.get(l.id);
    if (other) {
      problems.push({ severity: "error", file: l.file, line: 1, column: 1, path: "", message: `tenant id "${l.id}" is also used by ${other.file}` });
    } else ids.set(l.id, l);
  }
  for (const [, group] of groupBy(valid, (l) => deliveryTarget(l.tenant))) {
    if (group.length < 2) continue;
    for (const l of group) {
      const others = group.filter((o) => o !== l).map((o) => o.file).join(", ");
      problems.push({
        severity: "error",
        file: l.file,
        ...l.locate(["factor", "clientNumber"]),
        path: "factor.clientNumber",
        message: `${others} delivers to the same factor client number ${l.tenant.factor.clientNumber} and folder; the factor could not tell the files apart — use each company's own client number or folder`,
      });
    }
  }
  for (const [, group] of groupBy(valid, (l) => l.tenant.visma.tenantId + "|" + (l.tenant.visma.companyId ?? ""))) {
    if (group.length < 2) continue;
    for (const l of group) {
      const others = group.filter((o) => o !== l).map((o) => o.file).join(", ");
      problems.push({
        severity: "warning",
        file: l.file,
        ...l.locate(["visma", "tenantId"]),
        path: "visma.tenantId",
        message: `shares the Visma.net tenant id with ${others}; fine when one contract holds several companies (then set visma.companyId), otherwise a copy-paste slip`,
      });
    }
  }
  return problems;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

/**
 * Loads the tenants a run works on. A broken file stops only its own tenant: the caller
 * gets the problems for it and goes on with the others.
 */
export async function loadTenants(dir: string, only?: string): Promise<{ tenants: Tenant[]; failures: LoadedTenant[] }> {
  const files = await listTenantFiles(dir);
  const result = await validateTenantFiles(files);
  // Disabled tenants (the demo) run only when named explicitly.
  const selected = only ? result.tenants.filter((t) => t.id === only) : result.tenants.filter((t) => t.tenant?.enabled !== false);
  if (only && selected.length === 0) {
    throw new Error(`no tenant "${only}" in ${dir} (known: ${result.tenants.map((t) => t.id).join(", ") || "none"})`);
  }
  // Cross-tenant errors (a shared delivery target) stop the tenants involved as well.
  const crossErrors = new Set(result.problems.filter((p) => p.severity === "error").map((p) => p.file));
  const tenants = selected.filter((l) => l.tenant && !crossErrors.has(l.file)).map((l) => l.tenant!);
  const failures = selected
    .filter((l) => !l.tenant || crossErrors.has(l.file))
    .map((l) => ({ ...l, problems: result.problems.filter((p) => p.file === l.file) }));
  return { tenants, failures };
}
