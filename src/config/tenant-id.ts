/** The tenant id: the file name of tenants/<id>.yaml, used in secret names, labels, Environments and ledger paths. */
import { basename } from "node:path";

/** Lower-case letters, digits and single dashes (it names a GitHub Environment, a label and a folder). */
export const TENANT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function tenantIdOf(file: string): string {
  return basename(file).replace(/\.ya?ml$/i, "");
}
