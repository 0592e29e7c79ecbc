// npm run bench -- [--documents 5000] [--customers 500] [--latency 20] [--concurrency 4] [--seed 1] [--page-size 100] [--rate-limit 15000]
// JSON lines on stdout (transfer, one closing per grouping, summary); a short table on stderr.
import { BENCH_USAGE, parseBenchArgs, renderTable, runBenchmark } from "../src/sandbox/bench/index.ts";

try {
  const settings = parseBenchArgs(process.argv.slice(2));
  if (settings === "help") {
    console.log(BENCH_USAGE);
  } else {
    const out = await runBenchmark(settings, (m) => process.stderr.write(`bench: ${m}\n`));
    for (const line of [out.transfer, ...out.closings, out.summary]) process.stdout.write(`${JSON.stringify(line)}\n`);
    process.stderr.write(`\n${renderTable(out)}\n`);
    process.exitCode = out.summary.allTargetsPass ? 0 : 1;
  }
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exitCode = 2;
}
