/**
 * Delivery into a local folder (demo, tests, or a mounted share), with the same contract as SFTP:
 * temp name, no-overwrite rename, size check.
 */
import type { Stats } from "node:fs";
import { link, lstat, mkdir, open, rename, stat, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { AlreadyExistsError, DeliveryError, SizeMismatchError } from "./errors.ts";
import { checkFileNames, tempNameFor } from "./names.ts";
import type { Delivery, OutputFile, RemoteFile } from "./types.ts";

export async function openLocalDelivery(directory: string): Promise<Delivery> {
  const dir = resolve(directory);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new DeliveryError(`cannot create the delivery folder ${dir}: ${describe(err)}`);
  }
  return new LocalDelivery(dir);
}

class LocalDelivery implements Delivery {
  readonly target: string;

  constructor(private readonly dir: string) {
    this.target = pathToFileURL(dir).href;
  }

  async find(names: string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    for (const name of names) {
      const info = await infoOrUndefined(join(this.dir, name), stat);
      if (info?.isFile()) found.set(name, info.size);
    }
    return found;
  }

  async upload(files: OutputFile[]): Promise<RemoteFile[]> {
    checkFileNames(
      files.map((f) => f.name),
      this.target,
    );
    const existing: string[] = [];
    for (const file of files) if (await infoOrUndefined(join(this.dir, file.name), lstat)) existing.push(file.name);
    if (existing.length > 0) throw new AlreadyExistsError(this.target, existing);

    const delivered: RemoteFile[] = [];
    for (const file of files) delivered.push(await this.uploadOne(file));
    return delivered;
  }

  private async uploadOne(file: OutputFile): Promise<RemoteFile> {
    const finalPath = join(this.dir, file.name);
    const tempPath = join(this.dir, tempNameFor(file.name));
    try {
      // "w" truncates a stale temp file left by an interrupted run; fsync so the rename publishes complete data.
      const handle = await open(tempPath, "w");
      try {
        await handle.writeFile(file.content);
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (err) {
      throw new DeliveryError(`cannot write ${tempNameFor(file.name)} in ${this.dir}: ${describe(err)}`);
    }
    await publishWithoutOverwrite(tempPath, finalPath, file.name, this.target);
    const size = (await stat(finalPath)).size;
    if (size !== file.content.length)
      throw new SizeMismatchError(this.target, file.name, file.content.length, size, "final");
    return { name: file.name, size };
  }

  async close(): Promise<void> {}
}

/**
 * link() fails with EEXIST instead of replacing, so a file that appeared since the check is never
 * overwritten. Shares without hard links fall back to check-then-rename.
 */
async function publishWithoutOverwrite(
  tempPath: string,
  finalPath: string,
  name: string,
  target: string,
): Promise<void> {
  try {
    await link(tempPath, finalPath);
    await unlink(tempPath);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new AlreadyExistsError(target, [name]);
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS" && code !== "EXDEV") {
      throw new DeliveryError(`cannot rename ${tempNameFor(name)} to ${name} in ${target}: ${describe(err)}`);
    }
  }
  if (await infoOrUndefined(finalPath, lstat)) throw new AlreadyExistsError(target, [name]);
  try {
    await rename(tempPath, finalPath);
  } catch (err) {
    throw new DeliveryError(`cannot rename ${tempNameFor(name)} to ${name} in ${target}: ${describe(err)}`);
  }
}

/** `read` (stat, or lstat to see a link itself) of `path`; undefined when nothing is there. */
async function infoOrUndefined(path: string, read: (path: string) => Promise<Stats>): Promise<Stats | undefined> {
  try {
    return await read(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new DeliveryError(`cannot check ${path}: ${describe(err)}`);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
