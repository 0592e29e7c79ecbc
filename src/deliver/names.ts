/** File naming rules shared by the SFTP and local deliveries. */
import { DeliveryError } from "./errors.ts";

/**
 * The temporary name a file is written under before the rename.
 * ASSUMPTION(A46): factors' pick-up jobs ignore dot-files and `.part` files (the usual convention for
 * SFTP inboxes; see ssh2-sftp-client#388). A leading dot also hides it from most `ls`/glob pick-ups.
 */
export function tempNameFor(finalName: string): string {
  return `.${finalName}.part`;
}

/** A final name must be a plain file name: no folders, no dot-file (that namespace is for temp files). */
export function checkFileNames(names: string[], target: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (!name || name.includes("/") || name.includes("\\") || name.startsWith(".") || name.includes("\0")) {
      throw new DeliveryError(
        `cannot deliver ${JSON.stringify(name)} to ${target}: a file name must be a plain name without folders and must not start with "."`,
      );
    }
    if (seen.has(name))
      throw new DeliveryError(`cannot deliver ${name} to ${target}: the name appears twice in one upload`);
    seen.add(name);
  }
}
