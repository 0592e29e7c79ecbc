/** `npm run close`: post the closing payments and refunds for every tenant (or one). */
import { closeTenant } from "../close/close.ts";
import { reconcileDay } from "../reconcile/day.ts";
import { followedBy, runTenants, type CommandOptions, type CommandOutcome } from "../run/frame.ts";
import { updateAttention } from "../watch/update.ts";
import { defineCommand } from "./command.ts";
import { reporterFor, tenantRunFlags, tenantRunOptions } from "./tenant-run.ts";

/** The closing's phases, then the day's reconciliation, then the watch list. */
export const closeDay = followedBy(closeTenant, reconcileDay, updateAttention);

export function runClose(options: CommandOptions): Promise<CommandOutcome> {
  return runTenants("close", options, closeDay, reporterFor(options));
}

export const close = defineCommand({
  name: "close",
  summary:
    "The closing: a payment or refund on the factoring cash account for every transferred document past the delay.",
  flags: tenantRunFlags,
  parse: (values, _positionals, env) => tenantRunOptions(values, env),
  run: async (options) => (await runClose(options)).exitCode,
});
