// npm run demo [-- --date yyyy-MM-dd] [--keep DIR] — the whole story against the built-in sandboxes;
// --keep leaves its work folder (tenants/, state/, the factor's inbox) in DIR.
import { parseArgs } from "node:util";
import { runDemo } from "../src/sandbox/demo.ts";

const { values } = parseArgs({ options: { date: { type: "string" }, keep: { type: "string" } } });
process.exitCode = await runDemo({ date: values.date, keep: values.keep });
