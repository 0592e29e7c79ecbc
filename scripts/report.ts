// npm run report — see `npm run report -- --help` and src/commands/report.ts.
import { commands, main } from "../src/commands/index.ts";

await main(commands.report);
