// npm run schema — see `npm run schema -- --help` and src/commands/schema.ts.
import { commands, main } from "../src/commands/index.ts";

await main(commands.schema);
