/**
 * The frame of every script: run, set the exit code, and turn an unexpected error into one
 * readable line (stack traces only with DEBUG=1) instead of a crash dump.
 */
import { logLines } from "../shared/untrusted.ts";

export async function main(run: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await run();
  } catch (error) {
    const err = error as Error;
    // The message may quote a server or a tenant file: no line of it may act as a workflow command.
    process.stderr.write(`${logLines(`error: ${err.message}`)}\n`);
    if (process.env.DEBUG === "1" && err.stack) process.stderr.write(`${logLines(err.stack)}\n`);
    process.exitCode = 1;
  }
}
