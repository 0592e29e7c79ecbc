// npm run test:faults — the fault-injection suite (src/sandbox/faults); FAULTS_ONLY, FAULTS_PARALLEL.
import { main } from "../src/commands/index.ts";
import { devCommands } from "../src/sandbox/commands.ts";

await main(devCommands.faults);
