/**
 * Delivery of output files to the factor: `openDelivery` picks SFTP or a local folder from the
 * tenant's settings. The transfer step uses only this module's exports.
 */
import type { DeliverySettings } from "../config/schema.ts";
import { openLocalDelivery } from "./local.ts";
import { openSftpDelivery } from "./sftp.ts";
import type { Delivery } from "./types.ts";

export type { Delivery, FolderInspection, OutputFile, RemoteFile } from "./types.ts";
export {
  AlreadyExistsError,
  AuthenticationError,
  DeliveryError,
  HostKeyMismatchError,
  MissingSecretError,
  RemoteFolderMissingError,
  SizeMismatchError,
} from "./errors.ts";
export { fingerprintOf } from "./fingerprint.ts";
export { tempNameFor } from "./names.ts";

/**
 * Open the tenant's delivery. For SFTP this connects, verifies the pinned host key, logs in and checks
 * that the remote folder exists, so configuration problems surface before anything is written.
 * `context.tenantFile` (e.g. "tenants/acme.yaml") is used in error messages.
 */
export function openDelivery(
  settings: DeliverySettings,
  env: NodeJS.ProcessEnv,
  context: { tenantFile: string },
): Promise<Delivery> {
  switch (settings.type) {
    case "sftp":
      return openSftpDelivery(settings, env, context);
    case "local":
      return openLocalDelivery(settings.directory);
  }
}
