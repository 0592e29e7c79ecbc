/** Command-line options shared by transfer and close (node:util parseArgs; errors name the option). */
import { parseArgs } from "node:util";
import type { CommandOptions } from "../run/frame.ts";

export const USAGE = `[--tenant ID] [--now ISO-8601] [--dry-run] [--force] [--tenants-dir DIR] [--state-dir DIR] [--commit]`;

export function parseCommandArgs(argv: string[], extra: { resolvePending?: boolean } = {}): CommandOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      tenant: { type: "string" },
      now: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      force: { type: "boolean", default: false },
      "tenants-dir": { type: "string", default: "tenants" },
      "state-dir": { type: "string", default: "state" },
      commit: { type: "boolean", default: false },
      ...(extra.resolvePending ? { "resolve-pending": { type: "string" as const } } : {}),
    },
  });
  const resolve = (values as Record<string, unknown>)["resolve-pending"] as string | undefined;
  if (resolve !== undefined && resolve !== "sent" && resolve !== "not-sent") {
    throw new Error(`--resolve-pending must be "sent" or "not-sent", got "${resolve}"`);
  }
  return {
    tenant: values.tenant || undefined,
    now: values.now || undefined,
    dryRun: values["dry-run"]!,
    force: values.force!,
    tenantsDir: values["tenants-dir"]!,
    stateDir: values["state-dir"]!,
    commit: values.commit! || process.env.FACTORING_COMMIT === "1",
    resolvePending: resolve as CommandOptions["resolvePending"],
  };
}
