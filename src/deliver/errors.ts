/**
 * Delivery errors. Every message names where (target, folder, file) and what to do; none carries a
 * secret, because these messages end up in Actions logs and GitHub issues.
 */
import { FactoringError } from "../shared/errors.ts";

export class DeliveryError extends FactoringError {}

/** An environment variable named in the tenant file is not set (or empty). */
export class MissingSecretError extends DeliveryError {
  constructor(
    readonly tenantFile: string,
    readonly field: string,
    readonly variable: string,
    problem = "is not set",
  ) {
    super(`${tenantFile} delivery.${field}: environment variable ${variable} ${problem}`);
  }
}

/** The server presented another host key than the one pinned in the tenant file. Nothing was sent. */
export class HostKeyMismatchError extends DeliveryError {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly expected: string,
    readonly presented: string,
    tenantFile: string,
  ) {
    super(
      `SFTP host key mismatch for ${host}:${port}: ${tenantFile} delivery.hostKeySha256 expects ${expected}, ` +
        `the server presented ${presented}. The connection was closed before logging in: no credentials and no files were sent. ` +
        `Verify the key with the factor over another channel (e.g. run \`ssh-keyscan -p ${port} ${host} | ssh-keygen -lf -\` ` +
        `and compare with the fingerprint the factor gives you) and update hostKeySha256 only if they confirm the change.`,
    );
  }
}

/** Logged in, but delivery.remoteDir does not exist (or is not a folder) for this account. */
export class RemoteFolderMissingError extends DeliveryError {}

/** The server refused the credentials. */
export class AuthenticationError extends DeliveryError {}

/** A final file name already exists at the destination; delivery never overwrites. */
export class AlreadyExistsError extends DeliveryError {
  constructor(
    readonly target: string,
    readonly names: string[],
  ) {
    super(
      `${names.join(", ")} already ${names.length === 1 ? "exists" : "exist"} at ${target}; nothing was overwritten. ` +
        `If this batch was sent before, mark it transferred instead of sending it again.`,
    );
  }
}

/**
 * The server reports another size than the bytes we sent. At the "temp" stage the temporary file was
 * not renamed (nothing delivered); at the "final" stage the final file is left in place for a human.
 */
export class SizeMismatchError extends DeliveryError {
  constructor(
    readonly target: string,
    readonly file: string,
    readonly expected: number,
    readonly actual: number,
    readonly stage: "temp" | "final",
  ) {
    super(
      stage === "temp"
        ? `the temporary file for ${file} at ${target} has ${actual} bytes on the server, expected ${expected}; ` +
            `it was not renamed to ${file} (nothing was delivered) and the next upload replaces it`
        : `${file} at ${target} has ${actual} bytes on the server, expected ${expected}. The file was left in place: ` +
            `ask the factor whether they received it complete before sending anything again.`,
    );
  }
}
