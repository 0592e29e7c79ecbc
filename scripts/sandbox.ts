// npm run sandbox — see `npm run sandbox -- --help` and src/sandbox/commands.ts.
import { main } from "../src/commands/index.ts";
import { devCommands } from "../src/sandbox/commands.ts";

await main(devCommands.sandbox);
