// npm run demo [-- --date yyyy-MM-dd] — the whole story against the built-in sandboxes.
import { parseArgs } from "node:util";
import { runDemo } from "../src/sandbox/demo.ts";

const { values } = parseArgs({ options: { date: { type: "string" } } });
process.exitCode = await runDemo({ date: values.date });
