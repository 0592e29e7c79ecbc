export { runBenchmark } from "./run.ts";
export { BENCH_FLAGS, benchSettings, daysBenchSettings, siteBenchSettings } from "./args.ts";
export { runDays } from "./days.ts";
export { dayLines, renderDaysTable } from "./days-table.ts";
export { renderSiteTable, runSiteBenchmark } from "./site.ts";
export { renderTable } from "./table.ts";
