/**
 * Validation of all tenant files together: each file on its own (load.ts), then the rules
 * that span tenants — two tenants must never deliver into the same factor account and
 * folder (the factor could not tell their files apart), never select from the same Visma.net
 * company unless their selections are disjoint by construction, and never name secrets that
 * another tenant's prefix could claim.
 */
import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { loadTenantFile, type LoadedTenant } from "./load.ts";
import type { Problem } from "./problems.ts";
import type { Tenant } from "./schema.ts";
import { SECRET_EXAMPLES, SECRET_FIELDS, secretPrefix } from "./secret-names.ts";

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

/**
 * Where a tenant's files land, as the factor sees it: the server (host compared case-blind and
 * without a trailing dot), port and folder (normalised by the schema), and the client number
 * without leading zeros. The preset does not matter: one folder and one number is one account.
 */
export function deliveryTarget(t: Tenant): string {
  const d = t.delivery;
  const place =
    d.type === "sftp"
      ? `sftp://${d.host
          .toLowerCase()
          .replace(/^\[|\]$/g, "")
          .replace(/\.$/, "")}:${d.port}${d.remoteDir.startsWith("/") ? "" : "~/"}${d.remoteDir}`
      : `file://${resolve(d.directory)}`;
  return `${t.factor.clientNumber.replace(/^0+(?=\d)/, "")}@${place}`;
}

type Valid = LoadedTenant & { tenant: Tenant };

function crossTenantProblems(loaded: LoadedTenant[]): Problem[] {
  const problems: Problem[] = [];
  const valid = loaded.filter((l): l is Valid => l.tenant !== undefined);
  const ids = new Map<string, LoadedTenant>();
  for (const l of loaded) {
    const other = ids.get(l.id);
    if (other) {
      problems.push({
        severity: "error",
        file: l.file,
        line: 1,
        column: 1,
        path: "",
        message: `tenant id "${l.id}" is also used by ${other.file}`,
      });
    } else ids.set(l.id, l);
  }
  for (const [, group] of groupBy(valid, (l) => deliveryTarget(l.tenant))) {
    if (group.length < 2) continue;
    for (const l of group) {
      const others = group
        .filter((o) => o !== l)
        .map((o) => o.file)
        .join(", ");
      problems.push({
        severity: "error",
        file: l.file,
        ...l.locate(["factor", "clientNumber"]),
        path: "factor.clientNumber",
        message: `${others} delivers to the same factor client number ${l.tenant.factor.clientNumber} and folder; the factor could not tell the files apart — use each company's own client number or folder`,
      });
    }
  }
  problems.push(...sameCompanyProblems(valid), ...secretPrefixOverlaps(valid));
  return problems;
}

/** Could `a` and `b` be the same Visma.net company? Same tenant id, and the same company id or one not given. */
function sameCompany(a: Tenant, b: Tenant): boolean {
  if (a.visma.tenantId.trim().toLowerCase() !== b.visma.tenantId.trim().toLowerCase()) return false;
  return (
    a.visma.companyId === undefined ||
    b.visma.companyId === undefined ||
    a.visma.companyId.trim() === b.visma.companyId.trim()
  );
}

/**
 * Two tenant files on one Visma.net company would both transfer its documents — each to its factor,
 * or twice to the same one. That is allowed only when their selections cannot overlap by
 * construction: a document has one payment method (its own, else the customer's default), so
 * disjoint, non-empty selection.paymentMethods never pick the same document. Both files must say so
 * (visma.sharesCompanyWith), so that neither can be changed without the other in view.
 */
function sameCompanyProblems(valid: Valid[]): Problem[] {
  const problems: Problem[] = [];
  const error = (l: Valid, path: PropertyKey[], message: string, severity: Problem["severity"] = "error") =>
    problems.push({ severity, file: l.file, ...l.locate(path), path: path.join("."), message });
  for (const l of valid) {
    const t = l.tenant;
    const company = `Visma.net tenant ${t.visma.tenantId}${t.visma.companyId ? `, company ${t.visma.companyId}` : ""}`;
    const peers = valid.filter((o) => o !== l && sameCompany(t, o.tenant));
    for (const o of peers) {
      const declared = t.visma.sharesCompanyWith.includes(o.id) && o.tenant.visma.sharesCompanyWith.includes(l.id);
      if (!declared) {
        error(
          l,
          ["visma", "tenantId"],
          `${o.file} is on the same company (${company}), so both would transfer its documents; if they are different companies of one contract, set visma.companyId in both files; if one company really is split, give both files non-overlapping selection.paymentMethods and name each other in visma.sharesCompanyWith (here: ${o.id})`,
        );
        continue;
      }
      const mine = t.selection.paymentMethods;
      const theirs = new Set(o.tenant.selection.paymentMethods);
      if (mine.length === 0) {
        error(
          l,
          ["selection", "paymentMethods"],
          `shares its Visma.net company with ${o.file}: list the payment methods this file transfers (an empty list selects every document)`,
        );
      } else if (mine.some((m) => theirs.has(m))) {
        const both = mine.filter((m) => theirs.has(m));
        error(
          l,
          ["selection", "paymentMethods"],
          `shares its Visma.net company with ${o.file}, which also selects payment method ${both.join(", ")}: a document would be transferred by both`,
        );
      }
    }
    for (const named of t.visma.sharesCompanyWith) {
      if (!peers.some((o) => o.id === named)) {
        error(
          l,
          ["visma", "sharesCompanyWith"],
          `names ${named}, which is not a valid tenant file on the same Visma.net company (${company}); remove it`,
          "warning",
        );
      }
    }
  }
  return problems;
}

/**
 * acme's ACME_BYGG_SFTP_KEY carries acme-bygg's prefix as well: a repository secret meant for
 * acme-bygg would reach acme. Names must be unambiguous between the tenants that exist.
 */
function secretPrefixOverlaps(valid: Valid[]): Problem[] {
  const problems: Problem[] = [];
  for (const l of valid) {
    const own = secretPrefix(l.id);
    for (const [section, field] of SECRET_FIELDS) {
      const name = (l.tenant as unknown as Record<string, Record<string, unknown>>)[section]?.[field];
      if (typeof name !== "string") continue;
      const other = valid.find(
        (o) => o !== l && secretPrefix(o.id).length > own.length && name.startsWith(secretPrefix(o.id)),
      );
      if (!other) continue;
      problems.push({
        severity: "error",
        file: l.file,
        ...l.locate([section, field]),
        path: `${section}.${field}`,
        message: `"${name}" also starts with ${secretPrefix(other.id)}, the prefix of ${other.file}; choose a name the other tenant cannot claim, e.g. ${own}${SECRET_EXAMPLES[field]}`,
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
export async function loadTenants(
  dir: string,
  only?: string,
): Promise<{ tenants: Tenant[]; failures: LoadedTenant[] }> {
  const files = await listTenantFiles(dir);
  const result = await validateTenantFiles(files);
  // Disabled tenants (the demo) run only when named explicitly.
  const selected = only
    ? result.tenants.filter((t) => t.id === only)
    : result.tenants.filter((t) => t.tenant?.enabled !== false);
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
