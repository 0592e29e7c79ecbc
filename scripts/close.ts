// npm run close -- [--tenant ID] [--now ISO] [--dry-run] [--tenants-dir DIR] [--state-dir DIR] [--commit]
import { parseCommandArgs } from "../src/commands/args.ts";
import { runClose } from "../src/commands/close.ts";

const outcome = await runClose(parseCommandArgs(process.argv.slice(2)));
process.exitCode = outcome.exitCode;
