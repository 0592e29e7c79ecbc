// npm run bundle — see `npm run bundle -- --help` and src/build/bundle.ts.
import { main } from "../src/commands/index.ts";
import { devCommands } from "../src/sandbox/commands.ts";

await main(devCommands.bundle);
