/** `npm run transfer`: the daily transfer for every tenant (or one), each isolated. */
import { runCommand, type CommandOptions, type CommandOutcome } from "../run/frame.ts";
import { transferTenant } from "../transfer/transfer.ts";

export function runTransfer(options: CommandOptions): Promise<CommandOutcome> {
  return runCommand("transfer", options, transferTenant);
}
