/**
 * The command registry: every product command, one entry each, and the frame scripts run them
 * in. `scripts/<name>.ts` is one line, `await main(commands.<name>)`; a new command is a module
 * here with `defineCommand({ name, summary, flags, parse, run })`, an entry below, that script
 * and an npm script. The development tools (demo, sandbox, bench, fault suite) are registered the
 * same way in src/sandbox/commands.ts, since product code never imports the sandbox.
 */
import { close } from "./close.ts";
import { doctor } from "./doctor.ts";
import { matrix } from "./matrix.ts";
import { migrateStateCommand } from "./migrate-state.ts";
import { report } from "./report.ts";
import { reportCancelled } from "./report-cancelled.ts";
import { schema } from "./schema.ts";
import { site } from "./site.ts";
import { transfer } from "./transfer.ts";
import { validate } from "./validate.ts";

import { main, type Command } from "./command.ts";

export { main, type Command } from "./command.ts";

export const commands = {
  transfer,
  close,
  doctor,
  report,
  validate,
  schema,
  matrix,
  reportCancelled,
  site,
  migrateState: migrateStateCommand,
};

/**
 * The bundle's entry (build/bundle.ts): `node factoring.mjs <command> [flags]`, a command by its
 * npm script's name, in the same frame as `npm run <command>`.
 */
export async function cli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const [name, ...rest] = argv;
  const command = (Object.values(commands) as Command<unknown>[]).find((c) => c.name === name);
  if (!command) {
    const names = Object.values(commands).map((c) => c.name);
    process.stderr.write(`usage: node factoring.mjs <command> [flags]; commands: ${names.join(", ")}\n`);
    process.exitCode = 2;
    return;
  }
  await main(command, rest, env);
}
