/**
 * The sandbox SFTP server itself, driven by plain ssh2-sftp-client: confinement to its root,
 * rename semantics and listings the demo relies on.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import SftpClient from "ssh2-sftp-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fingerprintOf } from "../../src/deliver/index.ts";
import type { SftpServer } from "../../src/sandbox/sftp/server.ts";
import { DEMO_HOST_KEY_PATH, startSftpServer } from "../../src/sandbox/sftp/server.ts";
import { clientKeyPair, listNames, tempDir } from "./helpers.ts";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

let base: Awaited<ReturnType<typeof tempDir>>;
let root: string;
let server: SftpServer;
let client: SftpClient;
const keys = clientKeyPair();

beforeEach(async () => {
  base = await tempDir("sandbox");
  root = join(base.path, "root");
  await mkdir(root);
  server = await startSftpServer({ root, users: [{ username: "demo", password: "demo", publicKey: keys.publicKey }] });
  client = new SftpClient("test", { error: () => {}, end: () => {}, close: () => {} });
  await client.connect({
    host: server.host,
    port: server.port,
    username: "demo",
    password: "demo",
    hostVerifier: (key: Buffer) => fingerprintOf(key) === server.fingerprint,
  });
});

afterEach(async () => {
  await client.end().catch(() => undefined);
  await server.close();
  await base.remove();
});

describe("sandbox SFTP server", () => {
  it("presents the committed demo host key with the fingerprint ssh-keygen computes", () => {
    const line = execFileSync("ssh-keygen", ["-lf", fileURLToPath(DEMO_HOST_KEY_PATH) + ".pub"], { encoding: "utf8" });
    expect(line.split(" ")[1]).toBe(server.fingerprint);
  });

  it("keeps clients inside the served folder", async () => {
    await writeFile(join(base.path, "secret.txt"), "outside");
    expect(await client.realPath("/../../")).toBe("/");
    await expect(client.put(Buffer.from("x"), "/../escape.txt")).rejects.toThrow(/Outside the served folder/);
    await expect(client.stat("../secret.txt")).rejects.toThrow(/Outside the served folder/);
    expect(await listNames(base.path)).toEqual(["root", "secret.txt"]);
    expect(await listNames(root)).toEqual([]);
  });

  it("writes, lists, reads, renames without replacing, removes and makes folders", async () => {
    await client.mkdir("/in");
    await client.put(Buffer.from("hello"), "/in/a.txt");
    await writeFile(join(root, "in", "b.txt"), "existing");
    const listing = await client.list("/in");
    expect(listing.map((e) => [e.type, e.name, e.size]).sort()).toEqual([
      ["-", "a.txt", 5],
      ["-", "b.txt", 8],
    ]);
    expect((await client.get("/in/a.txt")).toString()).toBe("hello");
    await expect(client.rename("/in/a.txt", "/in/b.txt")).rejects.toThrow(/File exists/);
    expect(await readFile(join(root, "in", "b.txt"), "utf8")).toBe("existing");
    await client.rename("/in/a.txt", "/in/c.txt");
    await client.delete("/in/b.txt");
    expect(await listNames(join(root, "in"))).toEqual(["c.txt"]);
  });

  it("accepts only the registered public key", async () => {
    const other = clientKeyPair();
    const byKey = new SftpClient("key", { error: () => {}, end: () => {}, close: () => {} });
    await byKey.connect({ host: server.host, port: server.port, username: "demo", privateKey: keys.privateKey });
    expect(await byKey.exists("/")).toBe("d");
    await byKey.end();
    const stranger = new SftpClient("stranger", { error: () => {}, end: () => {}, close: () => {} });
    await expect(
      stranger.connect({ host: server.host, port: server.port, username: "demo", privateKey: other.privateKey }),
    ).rejects.toThrow(/authentication/i);
    await stranger.end().catch(() => undefined);
  });
});
