export { runBenchmark } from "./run.ts";
export { BENCH_FLAGS, benchSettings, siteBenchSettings } from "./args.ts";
export { renderSiteTable, runSiteBenchmark } from "./site.ts";
export { renderTable } from "./table.ts";
