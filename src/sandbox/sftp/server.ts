/**
 * A small SFTP server on ssh2's Server, serving a local folder as "/" on 127.0.0.1, for the demo,
 * the benchmark and the tests. It implements what ssh2-sftp-client uses and can inject the faults a
 * real factor's server shows: a dropped connection, a read-only folder, a full disk, and a server
 * that silently loses bytes (to prove the size check works).
 */
import { timingSafeEqual } from "node:crypto";
import { readFileSync, type Stats as FsStats } from "node:fs";
import {
  type FileHandle,
  lstat,
  mkdir,
  open,
  readdir,
  realpath,
  rename,
  rmdir,
  stat,
  truncate,
  unlink,
} from "node:fs/promises";
import type { Socket } from "node:net";
import { dirname, join, sep } from "node:path";
import type { Attributes, Connection, FileEntry, ParsedKey, SFTPWrapper } from "ssh2";
import ssh2 from "ssh2";
import { fingerprintOf } from "../../deliver/index.ts";
import { FactoringError } from "../../shared/errors.ts";

const { STATUS_CODE, OPEN_MODE, flagsToString } = ssh2.utils.sftp;

export interface SftpServerOptions {
  /** Local folder served as "/". */
  root: string;
  /** 0 (default) = a random free port; always bound to 127.0.0.1. */
  port?: number;
  /** PEM/OpenSSH private host key; default: the committed demo key next to this file. */
  hostKey?: string | Buffer;
  users: Array<{ username: string; password?: string; publicKey?: string /* OpenSSH public key line */ }>;
  faults?: SftpFaults;
}

/** Counted per connection, over the bytes of WRITE requests. */
export interface SftpFaults {
  /** Write the first N bytes, then cut the TCP connection without answering. */
  dropAfterBytes?: number;
  /** Every write-like request (open for writing, rename, remove, mkdir, setstat) gets "permission denied". */
  denyWrite?: boolean;
  /** Store the first N bytes, then answer FAILURE "No space left on device". */
  diskFullAfterBytes?: number;
  /** Acknowledge every write but silently discard bytes beyond N (a broken server; the size check must catch it). */
  shortWriteAfterBytes?: number;
  /** A renamed file keeps only its first N bytes (a server-side process interfering after the upload). */
  truncateOnRename?: number;
  /** Cut the TCP connection on RENAME without answering, before or after doing it (a lost reply). */
  dropOnRename?: "before" | "after";
}

export interface SftpServer {
  host: "127.0.0.1";
  port: number;
  /** "SHA256:…" fingerprint of the host key, as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** Number of authentication requests received so far (a host-key mismatch must leave it at 0). */
  readonly authAttempts: number;
  /**
   * Write-like requests received so far, allowed or refused: OPEN for writing, WRITE, RENAME,
   * REMOVE, MKDIR, RMDIR, SETSTAT, FSETSTAT (a read-only client must leave it at 0).
   */
  readonly writeRequests: number;
  setFaults(f: SftpServerOptions["faults"]): void;
  close(): Promise<void>;
}

/** The committed demo host key: public knowledge, fine for a sandbox, never for a real server. */
export const DEMO_HOST_KEY_PATH = new URL("./demo-host-key", import.meta.url);

export async function startSftpServer(options: SftpServerOptions): Promise<SftpServer> {
  const hostKey = options.hostKey ?? readFileSync(DEMO_HOST_KEY_PATH);
  const rootReal = await realpath(options.root);
  const users = options.users.map((u) => ({
    ...u,
    parsedKey: u.publicKey ? parsePublicKey(u.publicKey, u.username) : undefined,
  }));
  let faults: SftpFaults = { ...options.faults };
  let authAttempts = 0;
  let writeRequests = 0;
  const connections = new Set<Connection>();

  const server = new ssh2.Server({ hostKeys: [hostKey] }, (conn) => {
    connections.add(conn);
    conn.on("close", () => connections.delete(conn));
    conn.on("error", () => undefined); // clients vanish; that is not the server's problem
    conn.on("authentication", (ctx) => {
      authAttempts++;
      const user = users.find((u) => u.username === ctx.username);
      if (user && ctx.method === "password" && user.password !== undefined && sameSecret(ctx.password, user.password)) {
        return ctx.accept();
      }
      if (
        user?.parsedKey &&
        ctx.method === "publickey" &&
        ctx.key.algo === user.parsedKey.type &&
        user.parsedKey.getPublicSSH().equals(ctx.key.data)
      ) {
        // Without a signature the client only asks whether this key would do.
        if (!ctx.signature) return ctx.accept();
        if (ctx.blob && user.parsedKey.verify(ctx.blob, ctx.signature, ctx.hashAlgo)) return ctx.accept();
      }
      ctx.reject(["password", "publickey"]);
    });
    conn.on("ready", () => {
      conn.on("session", (acceptSession) => {
        const session = acceptSession();
        session.on("sftp", (acceptSftp) => {
          new SftpSession(
            acceptSftp(),
            rootReal,
            () => faults,
            () => dropConnection(conn),
            () => writeRequests++,
          ).serve();
        });
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    host: "127.0.0.1",
    port,
    fingerprint: fingerprintOf(hostKey),
    get authAttempts() {
      return authAttempts;
    },
    get writeRequests() {
      return writeRequests;
    },
    setFaults(f) {
      faults = { ...f };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const conn of connections) dropConnection(conn);
        server.close(() => resolve());
      }),
  };
}

/** Cut the TCP connection the way a network failure does (no SSH disconnect message). */
function dropConnection(conn: Connection): void {
  const socket = (conn as unknown as { _sock?: Socket })._sock;
  if (socket) socket.destroy();
  else conn.end();
}

function parsePublicKey(line: string, username: string): ParsedKey {
  const parsed = ssh2.utils.parseKey(line);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key instanceof Error)
    throw new Error(`sandbox SFTP user ${username}: publicKey is not an OpenSSH public key line`);
  return key;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

type Handle = { kind: "file"; file: FileHandle } | { kind: "dir"; path: string; done: boolean };

class StatusError extends FactoringError {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** One SFTP channel: request handlers over a confined view of the root folder. */
class SftpSession {
  private readonly handles = new Map<number, Handle>();
  private nextHandle = 1;
  private written = 0;

  constructor(
    private readonly sftp: SFTPWrapper,
    private readonly root: string,
    private readonly faults: () => SftpFaults,
    private readonly drop: () => void,
    private readonly countWrite: () => void,
  ) {}

  serve(): void {
    const { sftp } = this;
    sftp.on("close", () => void this.closeAll());
    this.on("REALPATH", async (id, path: string) => {
      const virtual = toVirtual(path);
      sftp.name(id, [{ filename: virtual, longname: virtual, attrs: {} as Attributes }]);
    });
    this.on("STAT", async (id, path: string) => sftp.attrs(id, toAttrs(await stat(await this.local(path)))));
    this.on("LSTAT", async (id, path: string) => sftp.attrs(id, toAttrs(await lstat(await this.local(path)))));
    this.on("FSTAT", async (id, handle: Buffer) => sftp.attrs(id, toAttrs(await this.file(handle).stat())));
    this.on("OPEN", async (id, path: string, flags: number) => {
      const writing = (flags & (OPEN_MODE.WRITE | OPEN_MODE.APPEND | OPEN_MODE.CREAT | OPEN_MODE.TRUNC)) !== 0;
      if (writing) this.countWrite();
      if (writing) this.refuseIfReadOnly();
      const mode = flagsToString(flags);
      if (!mode) throw new StatusError(STATUS_CODE.BAD_MESSAGE, "Unsupported open flags");
      const file = await open(await this.local(path), mode);
      sftp.handle(id, this.addHandle({ kind: "file", file }));
    });
    this.on("WRITE", async (id, handle: Buffer, offset: number, data: Buffer) => {
      this.countWrite();
      await this.write(id, this.file(handle), offset, data);
    });
    this.on("READ", async (id, handle: Buffer, offset: number, length: number) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await this.file(handle).read(buffer, 0, length, offset);
      if (bytesRead === 0) sftp.status(id, STATUS_CODE.EOF);
      else sftp.data(id, buffer.subarray(0, bytesRead));
    });
    this.on("FSETSTAT", async (id) => {
      this.countWrite();
      sftp.status(id, STATUS_CODE.OK); // modes are not modelled
    });
    this.on("SETSTAT", async (id, path: string) => {
      this.countWrite();
      this.refuseIfReadOnly();
      await stat(await this.local(path));
      sftp.status(id, STATUS_CODE.OK);
    });
    this.on("CLOSE", async (id, handle: Buffer) => {
      const entry = this.handles.get(handleId(handle));
      if (!entry) throw new StatusError(STATUS_CODE.FAILURE, "Invalid handle");
      this.handles.delete(handleId(handle));
      if (entry.kind === "file") await entry.file.close();
      sftp.status(id, STATUS_CODE.OK);
    });
    this.on("OPENDIR", async (id, path: string) => {
      const local = await this.local(path);
      if (!(await stat(local)).isDirectory()) throw new StatusError(STATUS_CODE.FAILURE, "Not a directory");
      sftp.handle(id, this.addHandle({ kind: "dir", path: local, done: false }));
    });
    this.on("READDIR", async (id, handle: Buffer) => {
      const entry = this.handles.get(handleId(handle));
      if (!entry || entry.kind !== "dir") throw new StatusError(STATUS_CODE.FAILURE, "Invalid handle");
      if (entry.done) return sftp.status(id, STATUS_CODE.EOF);
      entry.done = true; // one batch holds everything; the next READDIR ends the listing
      const names: FileEntry[] = [];
      for (const name of await readdir(entry.path)) {
        const info = await lstat(join(entry.path, name));
        names.push({ filename: name, longname: longname(name, info), attrs: toAttrs(info) });
      }
      if (names.length === 0) sftp.status(id, STATUS_CODE.EOF);
      else sftp.name(id, names);
    });
    this.on("RENAME", async (id, from: string, to: string) => {
      this.countWrite();
      this.refuseIfReadOnly();
      const [source, target] = [await this.local(from), await this.local(to)];
      // SFTPv3 (and OpenSSH's server): renaming onto an existing name fails rather than replacing it.
      if (await exists(target)) throw new StatusError(STATUS_CODE.FAILURE, "File exists");
      const { dropOnRename, truncateOnRename } = this.faults();
      if (dropOnRename === "before") return this.drop();
      await rename(source, target);
      if (truncateOnRename !== undefined) await truncate(target, truncateOnRename);
      if (dropOnRename === "after") return this.drop();
      sftp.status(id, STATUS_CODE.OK);
    });
    this.on("REMOVE", async (id, path: string) => {
      this.countWrite();
      this.refuseIfReadOnly();
      await unlink(await this.local(path));
      sftp.status(id, STATUS_CODE.OK);
    });
    this.on("RMDIR", async (id, path: string) => {
      this.countWrite();
      this.refuseIfReadOnly();
      await rmdir(await this.local(path));
      sftp.status(id, STATUS_CODE.OK);
    });
    this.on("MKDIR", async (id, path: string) => {
      this.countWrite();
      this.refuseIfReadOnly();
      await mkdir(await this.local(path));
      sftp.status(id, STATUS_CODE.OK);
    });
    for (const unsupported of ["READLINK", "SYMLINK", "EXTENDED"] as const) {
      this.on(unsupported, async (id) => sftp.status(id, STATUS_CODE.OP_UNSUPPORTED));
    }
  }

  /** Register a request handler; thrown errors become SFTP status replies. */
  private on(event: string, handler: (id: number, ...args: any[]) => Promise<void>): void {
    (this.sftp as unknown as NodeJS.EventEmitter).on(event, (id: number, ...args: unknown[]) => {
      handler(id, ...args).catch((err: unknown) => {
        const [code, message] = statusFor(err);
        try {
          this.sftp.status(id, code, message);
        } catch {
          // channel already gone
        }
      });
    });
  }

  private async write(id: number, file: FileHandle, offset: number, data: Buffer): Promise<void> {
    const faults = this.faults();
    if (faults.denyWrite) throw new StatusError(STATUS_CODE.PERMISSION_DENIED, "Permission denied");
    const before = this.written;
    this.written += data.length;
    const room = (limit: number | undefined) =>
      limit === undefined ? data.length : Math.max(0, Math.min(data.length, limit - before));

    if (faults.dropAfterBytes !== undefined && this.written > faults.dropAfterBytes) {
      await file.write(data, 0, room(faults.dropAfterBytes), offset);
      return this.drop(); // no reply: the client sees the connection vanish mid-upload
    }
    if (faults.diskFullAfterBytes !== undefined && this.written > faults.diskFullAfterBytes) {
      await file.write(data, 0, room(faults.diskFullAfterBytes), offset);
      throw new StatusError(STATUS_CODE.FAILURE, "No space left on device");
    }
    const kept = room(faults.shortWriteAfterBytes);
    if (kept > 0) await file.write(data, 0, kept, offset);
    this.sftp.status(id, STATUS_CODE.OK);
  }

  private refuseIfReadOnly(): void {
    if (this.faults().denyWrite) throw new StatusError(STATUS_CODE.PERMISSION_DENIED, "Permission denied");
  }

  /** The local path of a client path, refusing anything outside the root (`..` escapes, symlinks out). */
  private async local(path: string): Promise<string> {
    const virtual = toVirtual(path, true);
    const local = join(this.root, virtual);
    let existing = local;
    while (!(await exists(existing)) && existing !== this.root) existing = dirname(existing);
    const real = await realpath(existing);
    if (real !== this.root && !real.startsWith(this.root + sep))
      throw new StatusError(STATUS_CODE.PERMISSION_DENIED, "Outside the served folder");
    return local;
  }

  private file(handle: Buffer): FileHandle {
    const entry = this.handles.get(handleId(handle));
    if (!entry || entry.kind !== "file") throw new StatusError(STATUS_CODE.FAILURE, "Invalid handle");
    return entry.file;
  }

  private addHandle(entry: Handle): Buffer {
    const id = this.nextHandle++;
    this.handles.set(id, entry);
    const buf = Buffer.alloc(4);
    buf.writeUInt32BE(id);
    return buf;
  }

  private async closeAll(): Promise<void> {
    for (const entry of this.handles.values())
      if (entry.kind === "file") await entry.file.close().catch(() => undefined);
    this.handles.clear();
  }
}

/**
 * Normalise a client path to an absolute path under "/" (relative paths start at "/", the login
 * folder). With `strict`, a `..` that climbs above "/" is an error rather than being clamped.
 */
function toVirtual(path: string, strict = false): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) {
        if (strict) throw new StatusError(STATUS_CODE.PERMISSION_DENIED, "Outside the served folder");
        continue;
      }
      parts.pop();
    } else parts.push(part);
  }
  return "/" + parts.join("/");
}

function handleId(handle: Buffer): number {
  return handle.length === 4 ? handle.readUInt32BE(0) : -1;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

function toAttrs(info: FsStats): Attributes {
  return {
    mode: info.mode,
    uid: info.uid,
    gid: info.gid,
    size: info.size,
    atime: Math.floor(info.atimeMs / 1000),
    mtime: Math.floor(info.mtimeMs / 1000),
  };
}

/** An `ls -l` style line; ssh2-sftp-client's list() reads the type from its first character. */
function longname(name: string, info: FsStats): string {
  const type = info.isDirectory() ? "d" : info.isSymbolicLink() ? "l" : "-";
  const bits = "rwxrwxrwx".replace(/./g, (c, i: number) => (info.mode & (1 << (8 - i)) ? c : "-"));
  const date = new Date(info.mtimeMs).toUTCString().slice(5, 22);
  return `${type}${bits} 1 ${info.uid} ${info.gid} ${info.size} ${date} ${name}`;
}

function statusFor(err: unknown): [number, string] {
  if (err instanceof StatusError) return [err.code, err.message];
  switch ((err as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return [STATUS_CODE.NO_SUCH_FILE, "No such file"];
    case "EACCES":
    case "EPERM":
      return [STATUS_CODE.PERMISSION_DENIED, "Permission denied"];
    case "ENOSPC":
      return [STATUS_CODE.FAILURE, "No space left on device"];
    case "EEXIST":
      return [STATUS_CODE.FAILURE, "File exists"];
    case "EISDIR":
      return [STATUS_CODE.FAILURE, "Is a directory"];
    case "ENOTDIR":
      return [STATUS_CODE.FAILURE, "Not a directory"];
    case "ENOTEMPTY":
      return [STATUS_CODE.FAILURE, "Directory not empty"];
    default:
      // Never echo local paths of the sandbox host to the client.
      return [STATUS_CODE.FAILURE, "Failure"];
  }
}
