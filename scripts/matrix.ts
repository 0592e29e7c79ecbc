// npm run matrix — see `npm run matrix -- --help` and src/commands/matrix.ts.
import { commands, main } from "../src/commands/index.ts";

await main(commands.matrix);
