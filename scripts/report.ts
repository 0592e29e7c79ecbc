// npm run report -- [--tenant ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format md|json|csv] [--now ISO] [--tenants-dir DIR] [--state-dir DIR]
import { main } from "../src/commands/main.ts";
import { parseReportArgs, REPORT_USAGE, runReport } from "../src/commands/report.ts";

await main(async () => {
  let options;
  try {
    options = parseReportArgs(process.argv.slice(2));
  } catch (error) {
    throw new Error(`${(error as Error).message}\nusage: npm run report -- ${REPORT_USAGE}`);
  }
  const outcome = await runReport(options);
  process.stdout.write(outcome.text);
  return outcome.exitCode;
});
