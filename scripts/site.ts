// npm run site — see `npm run site -- --help` and src/commands/site.ts.
import { commands, main } from "../src/commands/index.ts";

await main(commands.site);
