// npm run bench — see `npm run bench -- --help` and src/sandbox/commands.ts.
import { main } from "../src/commands/index.ts";
import { devCommands } from "../src/sandbox/commands.ts";

await main(devCommands.bench);
