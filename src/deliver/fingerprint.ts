/**
 * OpenSSH-style host key fingerprints ("SHA256:" + base64 of the SHA-256 of the key blob, no padding),
 * the same string `ssh-keygen -lf` prints, so a tenant can paste what the factor gives them.
 */
import { createHash } from "node:crypto";
import ssh2 from "ssh2";

/**
 * Fingerprint of a key: a raw SSH public key blob (what ssh2's hostVerifier receives), an OpenSSH
 * public key line ("ssh-ed25519 AAAA… comment"), or a private key (PEM/OpenSSH text).
 */
export function fingerprintOf(key: Buffer | string): string {
  return "SHA256:" + createHash("sha256").update(publicKeyBlob(key)).digest("base64").replace(/=+$/, "");
}

function publicKeyBlob(key: Buffer | string): Buffer {
  const text = typeof key === "string" ? key : looksLikeText(key) ? key.toString("utf8") : undefined;
  if (text === undefined) return key as Buffer; // already a raw blob
  const parsed = ssh2.utils.parseKey(text);
  if (parsed instanceof Error) throw new Error(`not an SSH key: ${parsed.message}`);
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!first) throw new Error("not an SSH key: no key found");
  return first.getPublicSSH();
}

// A raw blob starts with a uint32 length of the algorithm name; text keys start with printable ASCII.
function looksLikeText(buf: Buffer): boolean {
  return buf.length > 0 && buf[0] !== 0;
}

/** Compare two fingerprints, tolerating a trailing "=" in a pinned value. (Fingerprints are public; no constant-time need.) */
export function sameFingerprint(a: string, b: string): boolean {
  return a.replace(/=+$/, "") === b.replace(/=+$/, "");
}
