// npm run transfer -- [--tenant ID] [--now ISO] [--dry-run] [--force] [--resolve-pending sent|not-sent] ...
import { parseCommandArgs } from "../src/commands/args.ts";
import { main } from "../src/commands/main.ts";
import { runTransfer } from "../src/commands/transfer.ts";

await main(async () => (await runTransfer(parseCommandArgs(process.argv.slice(2), { resolvePending: true }))).exitCode);
