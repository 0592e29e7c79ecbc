export { runBenchmark } from "./run.ts";
export { parseBenchArgs, BENCH_USAGE } from "./args.ts";
export { renderTable } from "./table.ts";
