/**
 * The factor's SFTP server, through the product's own delivery (deliver/sftp.ts): the host key is
 * compared with the pinned fingerprint during the key exchange, before any credential is sent;
 * then the login, the folder, and whether the account may write there, judged from the listing's
 * attributes. Nothing is written: no probe file ever lands in a factor's inbox.
 */
import { constants } from "node:fs";
import { access, readdir, stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Tenant } from "../config/schema.ts";
import {
  AuthenticationError,
  HostKeyMismatchError,
  MissingSecretError,
  openDelivery,
  RemoteFolderMissingError,
  tempNameFor,
  type Delivery,
  type FolderInspection,
} from "../deliver/index.ts";
import { count, fail, pass, unknown, type Check } from "./types.ts";

export async function deliveryChecks(tenant: Tenant, env: NodeJS.ProcessEnv): Promise<Check[]> {
  const d = tenant.delivery;
  if (d.type === "local") return localFolderChecks(d.directory);
  const where = `${d.host}:${d.port}`;
  const login = `user ${d.username} with ${d.privateKeyEnv ? `the key in ${d.privateKeyEnv}` : `the password in ${d.passwordEnv}`}`;
  let delivery: Delivery;
  try {
    delivery = await openDelivery(d, env, { tenantFile: tenant.file });
  } catch (error) {
    const message = (error as Error).message;
    const notReached = unknown("sftp folder", "not reached");
    if (error instanceof HostKeyMismatchError) {
      return [
        fail(
          "sftp host key",
          `${where} presented ${error.presented}, ${tenant.file} pins ${error.expected}: closed before logging in, nothing was sent; confirm the key with the factor over another channel`,
        ),
        unknown("sftp login", "not tried: the host key did not match"),
        notReached,
      ];
    }
    if (error instanceof MissingSecretError)
      return [
        unknown("sftp host key", "not checked: no credential to log in with"),
        fail("sftp login", message),
        notReached,
      ];
    if (error instanceof AuthenticationError) return [hostKeyMatched(tenant), fail("sftp login", message), notReached];
    if (error instanceof RemoteFolderMissingError)
      return [hostKeyMatched(tenant), pass("sftp login", `${login} logged in`), fail("sftp folder", message)];
    return [
      fail("sftp connection", message),
      unknown("sftp host key", "not reached"),
      unknown("sftp login", "not reached"),
      notReached,
    ];
  }
  try {
    const checks = [hostKeyMatched(tenant), pass("sftp login", `${login} logged in`)];
    if (!delivery.inspect) return [...checks, unknown("sftp folder", "this delivery cannot list its folder")];
    let seen: FolderInspection;
    try {
      seen = await delivery.inspect();
    } catch (error) {
      return [...checks, fail("sftp folder", (error as Error).message)];
    }
    return [...checks, folderCheck(d.remoteDir, seen.entries), writeAccessCheck(d.remoteDir, seen)];
  } finally {
    await delivery.close().catch(() => undefined);
  }
}

function hostKeyMatched(tenant: Tenant): Check {
  const d = tenant.delivery as Extract<Tenant["delivery"], { type: "sftp" }>;
  return pass(
    "sftp host key",
    `${d.host}:${d.port} presented the pinned key ${d.hostKeySha256}, checked before logging in`,
  );
}

/** A temporary name of an interrupted upload (deliver/names.ts: ".<final name>.part"). */
const isTempName = (name: string) => name.length > 6 && name === tempNameFor(name.slice(1, -5));

function folderCheck(dir: string, entries: readonly string[]): Check {
  const temp = entries.filter(isTempName);
  const files = entries.filter((n) => !n.startsWith("."));
  const parts = [
    `${count(files.length, "file")} waiting`,
    temp.length > 0
      ? `${count(temp.length, "temporary file")} of an interrupted upload (${temp.join(", ")}; the next upload replaces it)`
      : "",
  ].filter(Boolean);
  return pass("sftp folder", `${dir} exists: ${parts.join(", ")}`);
}

/** Whose bits apply: the folder's owner is the account when it owns the login folder too (the usual home). */
export function writeAccessCheck(dir: string, seen: Pick<FolderInspection, "folder" | "login">): Check {
  const name = "sftp write access";
  const { mode, uid, gid } = seen.folder;
  if (mode === null)
    return unknown(
      name,
      `the server lists no permissions for ${dir}; ask the factor whether the account may write and rename there`,
    );
  const bits = symbolic(mode);
  const w = (shift: number) => ((mode >> shift) & 2) !== 0;
  const home = seen.login;
  const homeText = home
    ? `the login folder ${home.path} is owned by uid ${home.uid ?? "?"}, gid ${home.gid ?? "?"}`
    : "the login folder could not be read";
  if (!w(6) && !w(3) && !w(0))
    return fail(
      name,
      `${dir} is ${bits}: nobody may write there; ask the factor to let the account write and rename in it`,
    );
  if (w(0)) return pass(name, `${dir} is ${bits}: every account may write there`);
  if (home?.uid !== null && home?.uid !== undefined && uid === home.uid) {
    return w(6)
      ? pass(
          name,
          `${dir} is ${bits}, owned by uid ${uid} like the login folder: the account owns it and may write there`,
        )
      : fail(name, `${dir} is ${bits}, owned by the account (uid ${uid}) but not writable by its owner`);
  }
  if (home?.gid !== null && home?.gid !== undefined && gid === home.gid) {
    return w(3)
      ? pass(name, `${dir} is ${bits}, group ${gid} like the login folder: the account's group may write there`)
      : fail(name, `${dir} is ${bits}: its group ${gid} (the account's, by the login folder) may not write`);
  }
  return unknown(
    name,
    `${dir} is ${bits}, owned by uid ${uid ?? "?"}, gid ${gid ?? "?"}; ${homeText}: whether this account may write cannot be read from the attributes; ask the factor (no probe file is written)`,
  );
}

/** 0o40755 → "drwxr-xr-x". */
function symbolic(mode: number): string {
  const type = (mode & 0o170000) === 0o040000 ? "d" : "-";
  return type + "rwxrwxrwx".replace(/./g, (c, i: number) => (mode & (1 << (8 - i)) ? c : "-"));
}

/** A local delivery folder (demo, a mounted share): it exists and this user may write there. Read-only, like the rest. */
async function localFolderChecks(directory: string): Promise<Check[]> {
  const dir = resolve(directory);
  const info = await stat(dir).catch(() => undefined);
  if (!info) return [unknown("delivery folder", `${dir} does not exist yet; the first transfer creates it`)];
  if (!info.isDirectory()) return [fail("delivery folder", `${dir} is not a folder`)];
  const writable = await access(dir, constants.W_OK).then(
    () => true,
    () => false,
  );
  const names = await readdir(dir).catch(() => [] as string[]);
  const seen = `${dir} exists: ${count(names.filter((n) => !n.startsWith(".")).length, "file")} waiting`;
  return [
    writable
      ? pass("delivery folder", `${seen}; this user may write there`)
      : fail("delivery folder", `${seen}; this user may not write there`),
  ];
}
