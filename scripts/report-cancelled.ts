// npm run report-cancelled — see `npm run report-cancelled -- --help` and src/commands/report-cancelled.ts.
import { commands, main } from "../src/commands/index.ts";

await main(commands.reportCancelled);
