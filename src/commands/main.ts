/**
 * The frame of every script: run, set the exit code, and turn an unexpected error into one
 * readable line (stack traces only with DEBUG=1) instead of a crash dump.
 */
export async function main(run: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await run();
  } catch (error) {
    const err = error as Error;
    console.error(`error: ${err.message}`);
    if (process.env.DEBUG === "1" && err.stack) console.error(err.stack);
    process.exitCode = 1;
  }
}
