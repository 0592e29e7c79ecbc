/**
 * What a tenant file may call its secrets. The names are all a tenant file says about secrets;
 * these rules make sure a name can only reach that tenant's own secrets:
 *
 * - it carries the tenant's prefix, from the file name: `ACME_BYGG_…` for tenants/acme-bygg.yaml.
 *   A file cannot name another tenant's secret, nor a repository or organisation secret that
 *   was not made for it;
 * - it is not a name the runner, the workflow or the tools it starts use themselves
 *   (`FACTORING_*`, `GITHUB_*`, `PATH`, `NODE_OPTIONS`, …): the workflow moves each secret into
 *   the environment under its name, where such a name would change how the run behaves.
 *
 * The schema applies the reserved names, the loader the prefix (it knows the file name), and
 * the matrix and the secret bridge apply both again where the names are used.
 */

/** Environment-variable names as the workflow can pass them. */
export const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Prefixes of variables that belong to the runner, the workflow, Node/npm, git, ssh or the C library. */
const RESERVED_PREFIXES = [
  "FACTORING_",
  "GITHUB_",
  "ACTIONS_",
  "RUNNER_",
  "INPUT_",
  "STATE_",
  "NODE_",
  "NPM_",
  "GIT_",
  "SSH_",
  "LD_",
  "DYLD_",
  "LC_",
] as const;

/** Whole names of that kind (and the workflow step's own variables). */
const RESERVED_NAMES = [
  "CI",
  "PATH",
  "HOME",
  "NODE_OPTIONS",
  "SHELL",
  "USER",
  "PWD",
  "TMPDIR",
  "TEMP",
  "TMP",
  "LANG",
  "TZ",
  "DEBUG",
  "BASH_ENV",
  "ENV",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "ALL_PROXY",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "TENANT",
  "NOW",
  "DRY_RUN",
  "FORCE",
  "RESOLVE_PENDING",
] as const;

/**
 * The tenant-file fields that name a secret, in the order of the workflow's slots
 * FACTORING_SECRET_1..4; a slot with two fields takes the first one set (an SFTP login uses a key
 * or a password).
 */
export const SECRET_SLOTS = [
  ["visma", "clientIdEnv"],
  ["visma", "clientSecretEnv"],
  ["delivery", "privateKeyEnv", "passwordEnv"],
  ["delivery", "passphraseEnv"],
] as const;

/** The usual name of each field's secret after the tenant prefix, for examples in messages. */
export const SECRET_EXAMPLES: Record<string, string> = {
  clientIdEnv: "VISMA_CLIENT_ID",
  clientSecretEnv: "VISMA_CLIENT_SECRET",
  privateKeyEnv: "SFTP_KEY",
  passwordEnv: "SFTP_PASSWORD",
  passphraseEnv: "SFTP_PASSPHRASE",
};

/** Every secret-name field as a path, e.g. ["delivery", "passwordEnv"]. */
export const SECRET_FIELDS: ReadonlyArray<readonly [string, string]> = SECRET_SLOTS.flatMap(([section, ...fields]) =>
  fields.map((field) => [section, field] as const),
);

/** The environment-variable names a tenant's settings give for its secrets (only those set). */
export function secretNamesOf(settings: object): string[] {
  const names: string[] = [];
  for (const [section, field] of SECRET_FIELDS) {
    const name = (settings as Record<string, Record<string, unknown> | undefined>)[section]?.[field];
    if (typeof name === "string") names.push(name);
  }
  return names;
}

/** Why `name` is reserved ("GITHUB_*", "PATH"), or undefined. */
export function reservedBy(name: string): string | undefined {
  if ((RESERVED_NAMES as readonly string[]).includes(name)) return name;
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  return prefix ? `${prefix}*` : undefined;
}

/** The prefix every secret name of a tenant carries: "acme-bygg" → "ACME_BYGG_". */
export function secretPrefix(tenantId: string): string {
  return `${tenantId.toUpperCase().replaceAll("-", "_")}_`;
}

/** What is wrong with the tenant id as a source of secret names, or undefined. */
export function tenantPrefixProblem(tenantId: string): string | undefined {
  const prefix = secretPrefix(tenantId);
  if (!ENV_NAME.test(prefix)) {
    return `the tenant id "${tenantId}" starts its secret names (${prefix}…), and an environment-variable name cannot start with a digit; rename the file to start with a letter`;
  }
  const reserved = reservedBy(`${prefix}X`);
  if (reserved) {
    const word = tenantId.split("-")[0];
    return `the tenant id "${tenantId}" gives secret names starting with ${prefix}, which the runner reserves (${reserved}); rename the file so that the id does not start with "${word}"`;
  }
  return undefined;
}

/**
 * What is wrong with `name` as a secret of `tenantId` (or of any tenant when no id is given),
 * or undefined when it is fine. `field` (e.g. "passwordEnv") picks the example in the message.
 */
export function secretNameProblem(name: string, tenantId?: string, field?: string): string | undefined {
  if (!ENV_NAME.test(name)) return "expected an environment-variable name such as ACME_SFTP_KEY (A-Z, 0-9, _)";
  const reserved = reservedBy(name);
  if (reserved) {
    return `the runner or the workflow uses this name itself (${reserved}); a secret under it would change how the run behaves — choose another name`;
  }
  if (tenantId !== undefined) {
    const prefix = secretPrefix(tenantId);
    if (!name.startsWith(prefix) || name.length === prefix.length) {
      const example = `${prefix}${SECRET_EXAMPLES[field ?? ""] ?? "VISMA_CLIENT_SECRET"}`;
      return `secret names of tenant ${tenantId} must start with ${prefix} (from the file name), so that a tenant file reaches only its own secrets; e.g. ${example}, got "${name}"`;
    }
  }
  return undefined;
}
