export { runBenchmark } from "./run.ts";
export { BENCH_FLAGS, benchSettings } from "./args.ts";
export { renderTable } from "./table.ts";
