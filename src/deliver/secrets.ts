/** Reading the secrets a tenant file names (never the values themselves) from the environment. */
import { MissingSecretError } from "./errors.ts";

/** The value of `env[variable]`; a missing or empty variable names the tenant file and field. */
export function requireSecret(env: NodeJS.ProcessEnv, variable: string, field: string, tenantFile: string): string {
  const value = env[variable];
  if (value === undefined) throw new MissingSecretError(tenantFile, field, variable);
  if (value.trim() === "") throw new MissingSecretError(tenantFile, field, variable, "is empty");
  return value;
}
