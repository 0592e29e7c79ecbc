// npm run report-cancelled -- --tenant ID --command transfer|close (workflow step on cancellation)
import { main } from "../src/commands/main.ts";
import { runReportCancelled } from "../src/commands/report-cancelled.ts";

await main(() => runReportCancelled(process.argv.slice(2)));
