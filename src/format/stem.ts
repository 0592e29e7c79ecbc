/** File names of a batch: "<tenant>_<yyyyMMdd>_<nn>", e.g. "acme_20261127_01". */
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export function batchFileStem(tenantId: string, businessDate: string, sequence: number): string {
  // Tenant ids come from file names; anything else would make an unsafe or ambiguous remote name.
  if (!TENANT_ID.test(tenantId)) throw new Error(`tenant id ${JSON.stringify(tenantId)} is not usable in a file name (letters, digits, "-", "_")`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(businessDate)) throw new Error(`business date ${JSON.stringify(businessDate)} is not yyyy-MM-dd`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99) {
    throw new Error(`batch sequence ${sequence} must be a whole number from 1 to 99`);
  }
  return `${tenantId}_${businessDate.replace(/-/g, "")}_${String(sequence).padStart(2, "0")}`;
}
