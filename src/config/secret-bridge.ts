/**
 * Moves the tenant's secrets from the fixed slots the workflow fills (FACTORING_SECRET_1..4, mapped
 * with `${{ secrets[matrix.secretN] }}`) to the names the tenant file declares, e.g.
 * ACME_SFTP_KEY, which is where the rest of the program looks. Scripts call this first thing.
 *
 * Each value is masked in the log (and each line of a multi-line key, since the runner's redaction
 * can miss parts of structured secrets), and the slot variables are deleted so nothing later can
 * read a secret under a name it did not declare.
 */
import * as core from "@actions/core";
import { isSecretName, SECRET_SLOT_COUNT, SECRET_SLOT_PREFIX } from "./matrix.ts";
import { secretNameProblem } from "./secret-names.ts";

export const SECRET_NAMES_VAR = "FACTORING_SECRET_NAMES";

export interface BridgeResult {
  /** Declared names that received a value. */
  bridged: string[];
  /** Declared names whose secret was empty or missing in the GitHub Environment. */
  missing: string[];
}

export interface BridgeOptions {
  /** Registers a value for masking; default core.setSecret in Actions, nothing elsewhere (it would print the value). */
  mask?: (value: string) => void;
  /** The tenant this run is for: every name must carry its prefix (ACME_… for acme). */
  tenant?: string;
}

export function bridgeSecrets(env: NodeJS.ProcessEnv = process.env, options: BridgeOptions = {}): BridgeResult {
  const mask = options.mask ?? (env.GITHUB_ACTIONS === "true" ? (v: string) => core.setSecret(v) : () => {});
  const names = (env[SECRET_NAMES_VAR] ?? "").split(",").map((n) => n.trim());
  const result: BridgeResult = { bridged: [], missing: [] };
  for (let slot = 1; slot <= SECRET_SLOT_COUNT; slot++) {
    const value = env[`${SECRET_SLOT_PREFIX}${slot}`];
    const name = names[slot - 1] ?? "";
    if (value) maskValue(value, mask);
    if (!name) continue;
    if (!isSecretName(name, options.tenant)) {
      const problem = secretNameProblem(name, options.tenant);
      throw new Error(
        `${SECRET_NAMES_VAR} slot ${slot}: "${name}" is not a secret name this tool accepts (${problem})`,
      );
    }
    if (value) {
      env[name] = value;
      result.bridged.push(name);
    } else {
      result.missing.push(name);
    }
  }
  for (const key of Object.keys(env)) {
    if (key.startsWith(SECRET_SLOT_PREFIX)) delete env[key];
  }
  return result;
}

function maskValue(value: string, mask: (value: string) => void): void {
  mask(value);
  const lines = value.split(/\r?\n/).map((l) => l.trim());
  if (lines.length > 1) for (const line of lines) if (line.length >= 8) mask(line);
}
