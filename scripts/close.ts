// npm run close — see `npm run close -- --help` and src/commands/close.ts.
import { commands, main } from "../src/commands/index.ts";

await main(commands.close);
