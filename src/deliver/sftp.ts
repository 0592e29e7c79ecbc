/**
 * Upload to the factor's SFTP server with ssh2-sftp-client: pinned host key, temp name + rename,
 * size check, never overwrite. One connection per Delivery; a dropped connection is not retried
 * here (the caller decides, based on the ledger, whether anything may be sent again).
 */
import { posix } from "node:path";
import type { ConnectConfig, SFTPWrapper } from "ssh2";
import ssh2 from "ssh2";
import SftpClient from "ssh2-sftp-client";
import type { SftpSettings } from "../config/schema.ts";
import { Redactor } from "../shared/redact.ts";
import {
  AlreadyExistsError,
  AuthenticationError,
  DeliveryError,
  HostKeyMismatchError,
  RemoteFolderMissingError,
  SizeMismatchError,
} from "./errors.ts";
import { fingerprintOf, sameFingerprint } from "./fingerprint.ts";
import { checkFileNames, tempNameFor } from "./names.ts";
import { requireSecret } from "./secrets.ts";
import type { Delivery, FolderInspection, OutputFile, RemoteFile } from "./types.ts";

interface Credentials {
  privateKey?: string;
  passphrase?: string;
  password?: string;
  /** Which env var the credential came from, for error messages (the name only). */
  source: string;
}

export async function openSftpDelivery(
  settings: SftpSettings,
  env: NodeJS.ProcessEnv,
  context: { tenantFile: string },
): Promise<Delivery> {
  const credentials = readCredentials(settings, env, context.tenantFile);
  const delivery = new SftpDelivery(settings, credentials, context.tenantFile);
  await delivery.connect();
  return delivery;
}

function readCredentials(settings: SftpSettings, env: NodeJS.ProcessEnv, tenantFile: string): Credentials {
  if (settings.privateKeyEnv) {
    // Secrets pasted from Windows editors carry \r\n, which the key parser rejects.
    const privateKey = requireSecret(env, settings.privateKeyEnv, "privateKeyEnv", tenantFile).replace(/\r\n/g, "\n");
    const passphrase = settings.passphraseEnv
      ? requireSecret(env, settings.passphraseEnv, "passphraseEnv", tenantFile)
      : undefined;
    const parsed = ssh2.utils.parseKey(privateKey, passphrase);
    if (parsed instanceof Error) {
      throw new DeliveryError(
        `${tenantFile} delivery.privateKeyEnv: environment variable ${settings.privateKeyEnv} does not hold a usable ` +
          `private key (${new Redactor([privateKey, passphrase]).redact(parsed.message)}); store the whole OpenSSH/PEM text, ` +
          `and name passphraseEnv if the key is encrypted`,
      );
    }
    return { privateKey, ...(passphrase !== undefined ? { passphrase } : {}), source: settings.privateKeyEnv };
  }
  if (settings.passwordEnv) {
    return {
      password: requireSecret(env, settings.passwordEnv, "passwordEnv", tenantFile),
      source: settings.passwordEnv,
    };
  }
  // The schema requires exactly one of them; this guards hand-built settings.
  throw new DeliveryError(`${tenantFile} delivery: name privateKeyEnv or passwordEnv`);
}

class SftpDelivery implements Delivery {
  readonly target: string;
  private readonly client = new SftpClient("deliver", {
    // ssh2-sftp-client logs to the console by default; failures reach us through the rejected promises.
    error: () => {},
    end: () => {},
    close: () => {},
  });
  private readonly where: string;
  private readonly timeoutMs: number;
  /** The raw SFTP channel, for writes (see writeTemp). */
  private sftp: SFTPWrapper | undefined;
  /** Rejects when the connection ends, so a pending request fails at once instead of at the timeout. */
  private lost: Promise<never> = new Promise<never>(() => undefined);
  private closed = false;

  constructor(
    private readonly settings: SftpSettings,
    private readonly credentials: Credentials,
    private readonly tenantFile: string,
  ) {
    const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
    const dir = settings.remoteDir.startsWith("/") ? settings.remoteDir : `/${settings.remoteDir}`;
    this.target = `sftp://${encodeURIComponent(settings.username)}@${host}:${settings.port}${dir}`;
    this.where = `SFTP ${settings.host}:${settings.port} folder ${settings.remoteDir}`;
    this.timeoutMs = settings.timeoutSeconds * 1000;
  }

  async connect(): Promise<void> {
    const { host, port, username, hostKeySha256 } = this.settings;
    let presented: string | undefined;
    const config: ConnectConfig = {
      host,
      port,
      username,
      readyTimeout: this.timeoutMs,
      // Runs during key exchange, before any credential is sent; false aborts the connection.
      hostVerifier: (key: Buffer) => {
        presented = fingerprintOf(key);
        return sameFingerprint(presented, hostKeySha256);
      },
      ...(this.credentials.privateKey !== undefined ? { privateKey: this.credentials.privateKey } : {}),
      ...(this.credentials.passphrase !== undefined ? { passphrase: this.credentials.passphrase } : {}),
      ...(this.credentials.password !== undefined ? { password: this.credentials.password } : {}),
    };
    try {
      this.sftp = await this.withTimeout(this.client.connect(config), "connecting");
      this.lost = new Promise<never>((_, reject) => {
        const onLost = (err?: Error) => {
          this.closed = true;
          reject(
            new DeliveryError(
              `connection closed by the server or the network${err?.message ? `: ${err.message}` : ""}`,
            ),
          );
        };
        this.client.on("close", () => onLost());
        this.client.on("end", () => onLost());
        this.client.on("error", (err: Error) => onLost(err));
      });
      this.lost.catch(() => undefined); // observed by whichever operation is pending, if any
    } catch (err) {
      await this.close();
      if (presented !== undefined && !sameFingerprint(presented, hostKeySha256)) {
        throw new HostKeyMismatchError(host, port, hostKeySha256, presented, this.tenantFile);
      }
      const message = this.reason(err);
      if (/authentication methods failed|auth.*fail/i.test(message)) {
        throw new AuthenticationError(
          `SFTP ${host}:${port} refused the login of user ${username} with the credential from ${this.credentials.source} ` +
            `(${this.tenantFile} delivery). Check the secret's value and that the factor has registered the key or password.`,
        );
      }
      throw new DeliveryError(
        `cannot connect to SFTP ${host}:${port} as ${username}: ${message}. Check delivery.host and delivery.port in ` +
          `${this.tenantFile}, and whether the factor only admits listed IP addresses (GitHub-hosted runners change theirs).`,
      );
    }
    // Fail early and clearly when the inbox is missing rather than on the first file.
    const dir = await this.run(
      this.client.exists(this.settings.remoteDir),
      `checking folder ${this.settings.remoteDir}`,
    );
    if (dir !== "d") {
      await this.close();
      throw new RemoteFolderMissingError(
        `${this.where}: the folder does not exist (or is not a folder) for user ${username}; check delivery.remoteDir in ${this.tenantFile}`,
      );
    }
  }

  async find(names: string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    for (const name of names) {
      // One STAT gives both type and size (as in local.ts); ssh2-sftp-client reports "no such file" as code ENOENT.
      const lookup = this.client.stat(this.path(name)).catch((err: { code?: unknown }) => {
        if (err.code === "ENOENT") return undefined;
        throw err;
      });
      const info = await this.run(lookup, `checking ${name}`);
      if (info?.isFile) found.set(name, info.size); // a folder is never reported as delivered
    }
    return found;
  }

  async inspect(): Promise<FolderInspection> {
    const dir = this.settings.remoteDir;
    const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
    const folder = await this.run(this.client.stat(dir), `reading the attributes of ${dir}`);
    // The login folder is usually the account's own: its owner tells whose uid/gid the folder's bits mean.
    const home = await this.run(this.client.realPath("."), "finding the login folder").catch(() => null);
    const homeStat =
      home === null
        ? null
        : await this.run(this.client.stat(home), `reading the attributes of ${home}`).catch(() => null);
    const listing = await this.run(this.client.list(dir), `listing ${dir}`);
    return {
      folder: { mode: num(folder.mode), uid: num(folder.uid), gid: num(folder.gid) },
      login: home === null || homeStat === null ? null : { path: home, uid: num(homeStat.uid), gid: num(homeStat.gid) },
      entries: listing.map((e) => e.name).sort(),
    };
  }

  async upload(files: OutputFile[]): Promise<RemoteFile[]> {
    checkFileNames(
      files.map((f) => f.name),
      this.target,
    );
    const existing: string[] = [];
    for (const file of files) {
      if ((await this.run(this.client.exists(this.path(file.name)), `checking ${file.name}`)) !== false)
        existing.push(file.name);
    }
    if (existing.length > 0) throw new AlreadyExistsError(this.target, existing);

    const delivered: RemoteFile[] = [];
    for (const file of files) delivered.push(await this.uploadOne(file));
    return delivered;
  }

  private async uploadOne(file: OutputFile): Promise<RemoteFile> {
    const temp = tempNameFor(file.name);
    await this.run(this.writeTemp(this.path(temp), file.content), `writing ${temp} (for ${file.name})`, file.name);
    // Publish only complete data: some servers acknowledge writes they did not store.
    const written = await this.run(this.client.stat(this.path(temp)), `checking the size of ${temp}`, file.name);
    if (written.size !== file.content.length) {
      throw new SizeMismatchError(this.target, file.name, file.content.length, written.size, "temp");
    }
    const renaming = `renaming ${temp} to ${file.name}`;
    try {
      await this.withTimeout(this.client.rename(this.path(temp), this.path(file.name)), renaming);
    } catch (err) {
      if (typeof (err as { code?: unknown }).code !== "number") {
        // No status reply (connection lost, timeout): the server may have renamed the file or not.
        const unknown = `; whether ${file.name} was created is unknown — the batch stays pending and the next run checks the server for it before sending anything`;
        throw this.failure(err, renaming, file.name, unknown);
      }
      // The server refused. SFTPv3 RENAME fails when the target exists (OpenSSH uses link()); someone else may have won the race.
      const now = await this.client.exists(this.path(file.name)).catch(() => false);
      if (now !== false) throw new AlreadyExistsError(this.target, [file.name]);
      throw this.failure(err, renaming, file.name);
    }
    const info = await this.run(
      this.client.stat(this.path(file.name)),
      `checking the size of ${file.name} after the rename`,
    );
    if (info.size !== file.content.length) {
      throw new SizeMismatchError(this.target, file.name, file.content.length, info.size, "final");
    }
    return { name: file.name, size: info.size };
  }

  /**
   * Write the whole buffer to `path`, created or truncated ("w", so a stale temp file from an interrupted
   * run is replaced). Uses the SFTP channel directly: ssh2-sftp-client's put() goes through ssh2's
   * WriteStream, which destroys itself before reporting a failed WRITE, so a "no space left" reply
   * would look like success.
   */
  private writeTemp(path: string, content: Buffer): Promise<void> {
    const sftp = this.sftp;
    if (!sftp) return Promise.reject(new DeliveryError(`${this.where}: not connected`));
    return new Promise((resolve, reject) => {
      sftp.open(path, "w", (openErr, handle) => {
        if (openErr) return reject(openErr);
        const finish = (writeErr?: Error | null) =>
          sftp.close(handle, (closeErr) => {
            const err = writeErr ?? closeErr;
            if (err) reject(err);
            else resolve();
          });
        if (content.length === 0) return finish();
        // ssh2 splits the buffer into packets itself and reports the first failed one.
        sftp.write(handle, content, 0, content.length, 0, (writeErr) => finish(writeErr));
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed && !this.sftp) return;
    this.closed = true;
    this.sftp = undefined;
    await this.client.end().catch(() => undefined);
  }

  private path(name: string): string {
    return posix.join(this.settings.remoteDir, name);
  }

  /** An SFTP operation with the tenant's timeout and a readable, secret-free error. */
  private async run<T>(operation: Promise<T>, what: string, file?: string): Promise<T> {
    try {
      return await this.withTimeout(operation, what);
    } catch (err) {
      throw this.failure(err, what, file);
    }
  }

  private withTimeout<T>(operation: Promise<T>, what: string): Promise<T> {
    if (this.closed) {
      operation.catch(() => undefined);
      return Promise.reject(new DeliveryError("the connection is closed"));
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // The pending operation rejects once the connection ends; nobody waits for it any more.
        operation.catch(() => undefined);
        void this.close();
        reject(new DeliveryError(`timed out after ${this.settings.timeoutSeconds} s while ${what}`));
      }, this.timeoutMs);
    });
    return Promise.race([operation, timeout, this.lost]).finally(() => clearTimeout(timer));
  }

  private failure(err: unknown, what: string, file?: string, aftermath?: string): DeliveryError {
    // Subclasses (AlreadyExists, SizeMismatch, …) are complete; a plain DeliveryError from withTimeout needs context.
    if (err instanceof DeliveryError && err.constructor !== DeliveryError) return err;
    const reason = this.reason(err);
    const code = (err as { code?: unknown }).code;
    let explanation = reason;
    if (code === 3 || code === "EACCES" || /permission denied/i.test(reason)) {
      explanation = `permission denied; ask the factor to let user ${this.settings.username} write and rename in this folder (${reason})`;
    } else if (
      /unexpected (close|end)|no response|ECONNRESET|connection (lost|closed|is closed)|not connected|no sftp connection/i.test(
        reason,
      )
    ) {
      explanation = `the connection was lost (${reason})`;
    }
    const after =
      aftermath ??
      (file === undefined
        ? ""
        : `; ${file} was not created under its final name, a temporary ${tempNameFor(file)} may remain and is replaced by the next upload`);
    return new DeliveryError(`${this.where}: failed while ${what}: ${explanation}${after}`);
  }

  private reason(err: unknown): string {
    const message = err instanceof Error ? err.message : String(err);
    return new Redactor([this.credentials.password, this.credentials.passphrase, this.credentials.privateKey]).redact(
      message,
    );
  }
}
