/** `npm run close`: post the closing payments and refunds for every tenant (or one). */
import { closeTenant } from "../close/close.ts";
import { runCommand, type CommandOptions, type CommandOutcome } from "../run/frame.ts";

export function runClose(options: CommandOptions): Promise<CommandOutcome> {
  return runCommand("close", options, closeTenant);
}
