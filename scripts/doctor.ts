// npm run doctor — see `npm run doctor -- --help` and src/commands/doctor.ts.
import { commands, main } from "../src/commands/index.ts";

await main(commands.doctor);
