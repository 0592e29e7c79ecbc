// npm run close -- [--tenant ID] [--now ISO] [--dry-run] [--tenants-dir DIR] [--state-dir DIR] [--commit]
import { parseCommandArgs } from "../src/commands/args.ts";
import { main } from "../src/commands/main.ts";
import { runClose } from "../src/commands/close.ts";

await main(async () => (await runClose(parseCommandArgs(process.argv.slice(2)))).exitCode);
