/** Shared fixtures for the delivery tests: temp folders, client keys, tenant-like settings. */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SftpSettings } from "../../src/config/schema.ts";
import { sshKeyPair } from "../../src/sandbox/sftp/keys.ts";

export { sshKeyPair };

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `vf-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export const clientKeyPair = (): { privateKey: string; publicKey: string } => sshKeyPair();

export function sftpSettings(
  overrides: Partial<SftpSettings> & Pick<SftpSettings, "port" | "hostKeySha256">,
): SftpSettings {
  return {
    type: "sftp",
    host: "127.0.0.1",
    username: "acme",
    remoteDir: "/inbox",
    timeoutSeconds: 10,
    ...overrides,
  };
}

export const TENANT_FILE = "tenants/acme.yaml";

/** Sorted names in a folder (including dot-files, so temp files show up). */
export async function listNames(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** Deterministic bytes of a given length, so truncation is visible. */
export function payload(length: number, seed = 1): Buffer {
  const buf = Buffer.alloc(length);
  for (let i = 0; i < length; i++) buf[i] = (i * 31 + seed) % 251;
  return buf;
}
