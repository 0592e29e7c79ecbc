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
import { type Catalogue, messages } from "../report/messages/index.ts";
import { fail, pass, unknown, type Check } from "./types.ts";

export async function deliveryChecks(tenant: Tenant, env: NodeJS.ProcessEnv, t: Catalogue): Promise<Check[]> {
  const d = t.doctor;
  const n = d.name;
  const delivery = tenant.delivery;
  if (delivery.type === "local") return localFolderChecks(delivery.directory, t);
  const where = `${delivery.host}:${delivery.port}`;
  const loggedIn = d.loggedIn({
    user: delivery.username,
    key: delivery.privateKeyEnv ?? null,
    password: delivery.passwordEnv ?? null,
  });
  let opened: Delivery;
  try {
    opened = await openDelivery(delivery, env, { tenantFile: tenant.file });
  } catch (error) {
    const message = (error as Error).message;
    const notReached = unknown(n.sftpFolder, d.notReached);
    if (error instanceof HostKeyMismatchError) {
      return [
        fail(
          n.sftpHostKey,
          d.hostKeyMismatch({ where, presented: error.presented, file: tenant.file, expected: error.expected }),
        ),
        unknown(n.sftpLogin, d.loginNotTried),
        notReached,
      ];
    }
    if (error instanceof MissingSecretError)
      return [unknown(n.sftpHostKey, d.hostKeyNoCredential), fail(n.sftpLogin, message), notReached];
    if (error instanceof AuthenticationError)
      return [hostKeyMatched(tenant, t), fail(n.sftpLogin, message), notReached];
    if (error instanceof RemoteFolderMissingError)
      return [hostKeyMatched(tenant, t), pass(n.sftpLogin, loggedIn), fail(n.sftpFolder, message)];
    return [
      fail(n.sftpConnection, message),
      unknown(n.sftpHostKey, d.notReached),
      unknown(n.sftpLogin, d.notReached),
      notReached,
    ];
  }
  try {
    const checks = [hostKeyMatched(tenant, t), pass(n.sftpLogin, loggedIn)];
    if (!opened.inspect) return [...checks, unknown(n.sftpFolder, d.folderNotListable)];
    let seen: FolderInspection;
    try {
      seen = await opened.inspect();
    } catch (error) {
      return [...checks, fail(n.sftpFolder, (error as Error).message)];
    }
    return [...checks, folderCheck(delivery.remoteDir, seen.entries, t), writeAccessCheck(delivery.remoteDir, seen, t)];
  } finally {
    await opened.close().catch(() => undefined);
  }
}

function hostKeyMatched(tenant: Tenant, t: Catalogue): Check {
  const d = tenant.delivery as Extract<Tenant["delivery"], { type: "sftp" }>;
  return pass(
    t.doctor.name.sftpHostKey,
    t.doctor.hostKeyMatched({ where: `${d.host}:${d.port}`, fingerprint: d.hostKeySha256 }),
  );
}

/** A temporary name of an interrupted upload (deliver/names.ts: ".<final name>.part"). */
const isTempName = (name: string) => name.length > 6 && name === tempNameFor(name.slice(1, -5));

function folderCheck(dir: string, entries: readonly string[], t: Catalogue): Check {
  const files = entries.filter((name) => !name.startsWith(".")).length;
  return pass(t.doctor.name.sftpFolder, t.doctor.folderSeen({ dir, files, temp: entries.filter(isTempName) }));
}

/** Whose bits apply: the folder's owner is the account when it owns the login folder too (the usual home). */
export function writeAccessCheck(
  dir: string,
  seen: Pick<FolderInspection, "folder" | "login">,
  t: Catalogue = messages(),
): Check {
  const d = t.doctor;
  const name = d.name.sftpWriteAccess;
  const { mode, uid, gid } = seen.folder;
  if (mode === null) return unknown(name, d.writeNoModes({ dir }));
  const bits = symbolic(mode);
  const w = (shift: number) => ((mode >> shift) & 2) !== 0;
  const home = seen.login;
  if (!w(6) && !w(3) && !w(0)) return fail(name, d.writeNobody({ dir, bits }));
  if (w(0)) return pass(name, d.writeEveryone({ dir, bits }));
  if (home?.uid !== null && home?.uid !== undefined && uid === home.uid) {
    return w(6) ? pass(name, d.writeOwner({ dir, bits, uid })) : fail(name, d.writeOwnerNot({ dir, bits, uid }));
  }
  if (home?.gid !== null && home?.gid !== undefined && gid === home.gid) {
    return w(3) ? pass(name, d.writeGroup({ dir, bits, gid })) : fail(name, d.writeGroupNot({ dir, bits, gid }));
  }
  return unknown(name, d.writeUnknown({ dir, bits, uid, gid, login: home ?? null }));
}

/** 0o40755 → "drwxr-xr-x". */
function symbolic(mode: number): string {
  const type = (mode & 0o170000) === 0o040000 ? "d" : "-";
  return type + "rwxrwxrwx".replace(/./g, (c, i: number) => (mode & (1 << (8 - i)) ? c : "-"));
}

/** A local delivery folder (demo, a mounted share): it exists and this user may write there. Read-only, like the rest. */
async function localFolderChecks(directory: string, t: Catalogue): Promise<Check[]> {
  const d = t.doctor;
  const dir = resolve(directory);
  const info = await stat(dir).catch(() => undefined);
  if (!info) return [unknown(d.name.deliveryFolder, d.localMissing({ dir }))];
  if (!info.isDirectory()) return [fail(d.name.deliveryFolder, d.localNotFolder({ dir }))];
  const writable = await access(dir, constants.W_OK).then(
    () => true,
    () => false,
  );
  const names = await readdir(dir).catch(() => [] as string[]);
  const files = names.filter((name) => !name.startsWith(".")).length;
  const line = d.localSeen({ dir, files, writable });
  return [writable ? pass(d.name.deliveryFolder, line) : fail(d.name.deliveryFolder, line)];
}
