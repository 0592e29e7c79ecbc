/** `npm run transfer`: the daily transfer for every tenant (or one), each isolated. */
import { followedBy, runTenants, type CommandOptions, type CommandOutcome } from "../run/frame.ts";
import { transferTenant } from "../transfer/transfer.ts";
import { updateAttention } from "../watch/update.ts";
import { defineCommand, UsageError } from "./command.ts";
import { reporterFor, tenantRunFlags, tenantRunOptions } from "./tenant-run.ts";

/** The transfer's phases, then the watch list. */
export const transferDay = followedBy(transferTenant, updateAttention);

export function runTransfer(options: CommandOptions): Promise<CommandOutcome> {
  return runTenants("transfer", options, transferDay, reporterFor(options));
}

export const transfer = defineCommand({
  name: "transfer",
  summary:
    "The daily transfer: new invoices and credit notes of every tenant (or one) to its factor, each tenant on its own.",
  flags: {
    ...tenantRunFlags,
    "resolve-pending": {
      type: "string",
      value: "sent|not-sent",
      help: "a human's answer on a pending batch the server check could not confirm",
    },
  },
  parse(values, _positionals, env): CommandOptions {
    const resolve = values["resolve-pending"];
    if (resolve !== undefined && resolve !== "sent" && resolve !== "not-sent") {
      throw new UsageError(`--resolve-pending must be "sent" or "not-sent", got "${resolve}"`);
    }
    return { ...tenantRunOptions(values, env), resolvePending: resolve };
  },
  run: async (options) => (await runTransfer(options)).exitCode,
});
