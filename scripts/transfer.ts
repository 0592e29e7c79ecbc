// npm run transfer — see `npm run transfer -- --help` and src/commands/transfer.ts.
import { commands, main } from "../src/commands/index.ts";

await main(commands.transfer);
