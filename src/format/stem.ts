/** File names of a batch: "<tenant>_<yyyyMMdd>_<nn>", e.g. "acme_20261127_01". */
import { TENANT_ID } from "../config/tenant-id.ts";
import { isIsoDate } from "../shared/time.ts";

export function batchFileStem(tenantId: string, businessDate: string, sequence: number): string {
  // The tenant file's rule for ids (no "_", "/" or ".."), so the name is safe and splits unambiguously.
  if (!TENANT_ID.test(tenantId)) {
    throw new Error(
      `tenant id ${JSON.stringify(tenantId)} is not usable in a file name (lower-case letters, digits and dashes)`,
    );
  }
  if (!isIsoDate(businessDate)) throw new Error(`business date ${JSON.stringify(businessDate)} is not yyyy-MM-dd`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99) {
    throw new Error(`batch sequence ${sequence} must be a whole number from 1 to 99`);
  }
  return `${tenantId}_${businessDate.replace(/-/g, "")}_${String(sequence).padStart(2, "0")}`;
}
