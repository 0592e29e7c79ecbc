// npm run validate — see `npm run validate -- --help` and src/commands/validate.ts.
import { commands, main } from "../src/commands/index.ts";

await main(commands.validate);
