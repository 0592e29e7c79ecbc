/** `npm run bench -- --fleet` settings: --tenants, --parallel, --seed; the companies' size is fixed. */
import { wholeNumber, type BenchValues } from "../args.ts";
import type { FleetSettings } from "./figures.ts";

/** A small company's day: 40 documents (4 credit notes) for 10 customers, per tenant. */
export const FLEET_DEFAULTS: FleetSettings = { tenants: 200, parallel: 8, documents: 40, customers: 10, seed: 23 };

export function fleetBenchSettings(values: BenchValues): FleetSettings {
  const d = FLEET_DEFAULTS;
  return {
    ...d,
    tenants: wholeNumber("tenants", values.tenants, 1, 5_000, d.tenants),
    parallel: wholeNumber("parallel", values.parallel, 1, 256, d.parallel),
    seed: wholeNumber("seed", values.seed, 0, 2 ** 31, d.seed),
  };
}
