// npm run migrate-state — see `npm run migrate-state -- --help` and src/commands/migrate-state.ts.
import { commands, main } from "../src/commands/index.ts";

await main(commands.migrateState);
