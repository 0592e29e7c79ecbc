// npm run bench -- [--documents 5000] [--customers 500] [--latency 20] [--concurrency 4] [--seed 1] [--page-size 100] [--rate-limit 15000]
// npm run bench -- --site [--tenants 500] [--days 365]   (the status site of a large fleet)
// JSON lines on stdout (transfer, one closing per grouping, summary; or the site's figures); a short table on stderr.
import { BENCH_USAGE, parseBenchArgs, renderTable, runBenchmark } from "../src/sandbox/bench/index.ts";
import { parseSiteBenchArgs, renderSiteTable, runSiteBenchmark, SITE_BENCH_USAGE } from "../src/sandbox/bench/site.ts";

const argv = process.argv.slice(2);
try {
  if (argv.includes("--site")) {
    const settings = parseSiteBenchArgs(argv);
    if (settings === "help") {
      console.log(SITE_BENCH_USAGE);
    } else {
      const figures = await runSiteBenchmark(settings, (m) => process.stderr.write(`bench: ${m}\n`));
      process.stdout.write(`${JSON.stringify(figures)}\n`);
      process.stderr.write(`\n${renderSiteTable(figures)}\n`);
      process.exitCode = figures.pass ? 0 : 1;
    }
  } else {
    const settings = parseBenchArgs(argv);
    if (settings === "help") {
      console.log(`${BENCH_USAGE}\n\n${SITE_BENCH_USAGE}`);
    } else {
      const out = await runBenchmark(settings, (m) => process.stderr.write(`bench: ${m}\n`));
      for (const line of [out.transfer, ...out.closings, out.summary]) process.stdout.write(`${JSON.stringify(line)}\n`);
      process.stderr.write(`\n${renderTable(out)}\n`);
      process.exitCode = out.summary.allTargetsPass ? 0 : 1;
    }
  }
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exitCode = 2;
}
