export { runBenchmark, BUSINESS_DATE, type BenchOutput, type BenchSummary } from "./run.ts";
export { parseBenchArgs, DEFAULT_SETTINGS, BENCH_USAGE } from "./args.ts";
export { renderTable } from "./table.ts";
export { benchCompany, type BenchCompanyOptions } from "./company.ts";
export type { Settings, TransferFigures, ClosingFigures } from "./figures.ts";
