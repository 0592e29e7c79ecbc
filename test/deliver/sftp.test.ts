/**
 * SFTP delivery against the in-process sandbox server on 127.0.0.1 (real SSH, real SFTP protocol).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Delivery } from "../../src/deliver/index.ts";
import {
  AlreadyExistsError,
  AuthenticationError,
  DeliveryError,
  HostKeyMismatchError,
  MissingSecretError,
  SizeMismatchError,
  openDelivery,
} from "../../src/deliver/index.ts";
import type { SftpServer } from "../../src/sandbox/sftp/server.ts";
import { startSftpServer } from "../../src/sandbox/sftp/server.ts";
import { TENANT_FILE, clientKeyPair, listNames, payload, sftpSettings, sshKeyPair, tempDir } from "./helpers.ts";

const keys = clientKeyPair();
const PASSWORD = "correct horse battery staple";

let root: Awaited<ReturnType<typeof tempDir>>;
let inbox: string;
let server: SftpServer;
const open: Delivery[] = [];

beforeEach(async () => {
  root = await tempDir("sftp");
  inbox = join(root.path, "inbox");
  await mkdir(inbox);
  server = await startSftpServer({
    root: root.path,
    users: [{ username: "acme", publicKey: keys.publicKey, password: PASSWORD }],
  });
});

afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
  await server.close();
  await root.remove();
});

async function connectWithKey(extra: Parameters<typeof sftpSettings>[0] | object = {}): Promise<Delivery> {
  const settings = sftpSettings({
    port: server.port,
    hostKeySha256: server.fingerprint,
    privateKeyEnv: "ACME_SFTP_KEY",
    ...extra,
  });
  const delivery = await openDelivery(settings, { ACME_SFTP_KEY: keys.privateKey }, { tenantFile: TENANT_FILE });
  open.push(delivery);
  return delivery;
}

async function connectWithPassword(password = PASSWORD): Promise<Delivery> {
  const settings = sftpSettings({
    port: server.port,
    hostKeySha256: server.fingerprint,
    passwordEnv: "ACME_SFTP_PASSWORD",
  });
  const delivery = await openDelivery(settings, { ACME_SFTP_PASSWORD: password }, { tenantFile: TENANT_FILE });
  open.push(delivery);
  return delivery;
}

describe("SFTP delivery (sandbox server)", () => {
  it("uploads with a private key: final name, exact content, no temp file left", async () => {
    const delivery = await connectWithKey();
    expect(delivery.target).toBe(`sftp://acme@127.0.0.1:${server.port}/inbox`);
    const content = payload(200_000); // several SFTP packets
    const result = await delivery.upload([
      { name: "acme_2025-03-14_1.SGF", content },
      { name: "acme_2025-03-14_1.SGK", content: Buffer.from("customers\n") },
    ]);
    expect(result).toEqual([
      { name: "acme_2025-03-14_1.SGF", size: 200_000 },
      { name: "acme_2025-03-14_1.SGK", size: 10 },
    ]);
    expect(await listNames(inbox)).toEqual(["acme_2025-03-14_1.SGF", "acme_2025-03-14_1.SGK"]);
    expect((await readFile(join(inbox, "acme_2025-03-14_1.SGF"))).equals(content)).toBe(true);
  });

  it("uploads with a password", async () => {
    const delivery = await connectWithPassword();
    await delivery.upload([{ name: "b.csv", content: Buffer.from("a;b\n1;2\n") }]);
    expect(await readFile(join(inbox, "b.csv"), "utf8")).toBe("a;b\n1;2\n");
    expect(await listNames(inbox)).toEqual(["b.csv"]);
  });

  it("find() reports final names with sizes and never a temp file as final", async () => {
    await writeFile(join(inbox, "done.csv"), "12345");
    await writeFile(join(inbox, ".half.csv.part"), "12"); // an interrupted upload of half.csv
    await mkdir(join(inbox, "folder.csv"));
    const delivery = await connectWithKey();
    const found = await delivery.find(["done.csv", "half.csv", "folder.csv", "never.csv"]);
    expect([...found]).toEqual([["done.csv", 5]]);
  });

  it("refuses to overwrite an existing final name and writes nothing of the batch", async () => {
    await writeFile(join(inbox, "b.csv"), "original");
    const delivery = await connectWithKey();
    const attempt = delivery.upload([
      { name: "a.csv", content: Buffer.from("new a") },
      { name: "b.csv", content: Buffer.from("new b") },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(attempt).rejects.toThrow(
      /b\.csv already exists at sftp:\/\/acme@127\.0\.0\.1:\d+\/inbox; nothing was overwritten/,
    );
    expect(await readFile(join(inbox, "b.csv"), "utf8")).toBe("original");
    expect(await listNames(inbox)).toEqual(["b.csv"]);
  });

  it("aborts on a host key mismatch before logging in: nothing sent, both fingerprints and the fix shown", async () => {
    const pinned = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";
    const attempt = connectWithKey({ hostKeySha256: pinned });
    await expect(attempt).rejects.toBeInstanceOf(HostKeyMismatchError);
    const error = (await attempt.catch((e: unknown) => e)) as HostKeyMismatchError;
    expect(error.message).toContain(pinned);
    expect(error.message).toContain(server.fingerprint);
    expect(error.message).toContain(`ssh-keyscan -p ${server.port} 127.0.0.1 | ssh-keygen -lf -`);
    expect(error.message).toContain("tenants/acme.yaml delivery.hostKeySha256");
    expect(server.authAttempts).toBe(0);
    expect(await listNames(inbox)).toEqual([]);
  });

  it("reports a refused password without showing it", async () => {
    const attempt = connectWithPassword("wrong password value");
    await expect(attempt).rejects.toBeInstanceOf(AuthenticationError);
    const error = (await attempt.catch((e: unknown) => e)) as Error;
    expect(error.message).toContain("user acme");
    expect(error.message).toContain("ACME_SFTP_PASSWORD");
    expect(error.message).not.toContain("wrong password value");
    expect(server.authAttempts).toBeGreaterThan(0);
  });

  it("names the tenant file, field and variable when the secret is missing, without connecting", async () => {
    const settings = sftpSettings({
      port: server.port,
      hostKeySha256: server.fingerprint,
      privateKeyEnv: "ACME_SFTP_KEY",
    });
    const attempt = openDelivery(settings, {}, { tenantFile: TENANT_FILE });
    await expect(attempt).rejects.toBeInstanceOf(MissingSecretError);
    await expect(attempt).rejects.toThrow(
      "tenants/acme.yaml delivery.privateKeyEnv: environment variable ACME_SFTP_KEY is not set",
    );
    expect(server.authAttempts).toBe(0);
  });

  it("a connection dropped mid-upload leaves no final file (a temp file at most) and a re-upload succeeds", async () => {
    const content = payload(300_000);
    server.setFaults({ dropAfterBytes: 40_000 });
    const first = await connectWithKey();
    const attempt = first.upload([{ name: "acme_1.SGF", content }]);
    await expect(attempt).rejects.toBeInstanceOf(DeliveryError);
    await expect(attempt).rejects.toThrow(/connection was lost.*acme_1\.SGF was not created under its final name/);
    // The server creates the temp file on OPEN, before any WRITE, so it is always there, cut short.
    expect(await listNames(inbox)).toEqual([".acme_1.SGF.part"]);
    expect((await readFile(join(inbox, ".acme_1.SGF.part"))).length).toBeLessThanOrEqual(40_000);
    await expect(first.find(["acme_1.SGF"])).rejects.toBeInstanceOf(DeliveryError); // the connection is gone

    server.setFaults({});
    const second = await connectWithKey();
    expect(await second.find(["acme_1.SGF"])).toEqual(new Map());
    await second.upload([{ name: "acme_1.SGF", content }]);
    expect(await listNames(inbox)).toEqual(["acme_1.SGF"]);
    expect((await readFile(join(inbox, "acme_1.SGF"))).equals(content)).toBe(true);
  });

  it("replaces a longer stale temp file rather than appending to it", async () => {
    await writeFile(join(inbox, ".x.csv.part"), payload(50_000, 7));
    const delivery = await connectWithKey();
    await delivery.upload([{ name: "x.csv", content: Buffer.from("short") }]);
    expect(await listNames(inbox)).toEqual(["x.csv"]);
    expect(await readFile(join(inbox, "x.csv"), "utf8")).toBe("short");
  });

  it("explains a folder the user may not write into", async () => {
    server.setFaults({ denyWrite: true });
    const delivery = await connectWithKey();
    const attempt = delivery.upload([{ name: "a.csv", content: Buffer.from("a") }]);
    await expect(attempt).rejects.toThrow(
      /127\.0\.0\.1:\d+ folder \/inbox: failed while writing \.a\.csv\.part.*permission denied; ask the factor to let user acme write/,
    );
    expect(await listNames(inbox)).toEqual([]);
  });

  it("reports a full disk and creates no final file", async () => {
    server.setFaults({ diskFullAfterBytes: 10_000 });
    const delivery = await connectWithKey();
    const attempt = delivery.upload([{ name: "big.SGF", content: payload(100_000) }]);
    await expect(attempt).rejects.toBeInstanceOf(DeliveryError);
    await expect(attempt).rejects.toThrow(
      /failed while writing \.big\.SGF\.part \(for big\.SGF\): .*No space left on device.*big\.SGF was not created/,
    );
    expect(await listNames(inbox)).toEqual([".big.SGF.part"]);
  });

  it("does not publish a temp file the server stored short (writes acknowledged but lost)", async () => {
    server.setFaults({ shortWriteAfterBytes: 1_000 });
    const delivery = await connectWithKey();
    const attempt = delivery.upload([{ name: "cut.SGF", content: payload(5_000) }]);
    await expect(attempt).rejects.toBeInstanceOf(SizeMismatchError);
    await expect(attempt).rejects.toThrow(
      /temporary file for cut\.SGF .* has 1000 bytes on the server, expected 5000; it was not renamed/,
    );
    expect(await listNames(inbox)).toEqual([".cut.SGF.part"]);
  });

  it("verifies the final size after the rename and leaves a mismatching file for a human", async () => {
    server.setFaults({ truncateOnRename: 123 });
    const delivery = await connectWithKey();
    const attempt = delivery.upload([{ name: "cut.SGF", content: payload(5_000) }]);
    await expect(attempt).rejects.toBeInstanceOf(SizeMismatchError);
    await expect(attempt).rejects.toThrow(
      /cut\.SGF at sftp:.* has 123 bytes on the server, expected 5000\. The file was left in place/,
    );
    expect(await listNames(inbox)).toEqual(["cut.SGF"]);
  });

  it.each(["after", "before"] as const)(
    "a rename whose reply is lost (connection cut %s the rename) is reported as of unknown outcome, never as not created",
    async (when) => {
      server.setFaults({ dropOnRename: when });
      const delivery = await connectWithKey();
      const attempt = delivery.upload([{ name: "lost.SGF", content: payload(5_000) }]);
      await expect(attempt).rejects.toBeInstanceOf(DeliveryError);
      const message = String(await attempt.catch((e: Error) => e.message));
      expect(message).toMatch(
        /renaming \.lost\.SGF\.part to lost\.SGF: the connection was lost .*; whether lost\.SGF was created is unknown/,
      );
      expect(message).toContain("the next run checks the server for it before sending anything");
      expect(message).not.toContain("was not created");
      // The server did rename in one case and not in the other: the message could not have known.
      expect(await listNames(inbox)).toEqual(when === "after" ? ["lost.SGF"] : [".lost.SGF.part"]);
    },
  );

  it("fails at open when the remote folder is missing", async () => {
    const attempt = connectWithKey({ remoteDir: "/outbox" });
    await expect(attempt).rejects.toThrow(
      /folder \/outbox: the folder does not exist.*delivery\.remoteDir in tenants\/acme\.yaml/,
    );
  });

  it("uses an encrypted key with its passphrase, and names a missing passphrase variable", async () => {
    const { privateKey, publicKey } = sshKeyPair({ passphrase: "pass phrase 1" });
    const pair = { private: privateKey, public: publicKey };
    await server.close();
    server = await startSftpServer({ root: root.path, users: [{ username: "acme", publicKey: pair.public }] });
    const settings = sftpSettings({
      port: server.port,
      hostKeySha256: server.fingerprint,
      privateKeyEnv: "ACME_SFTP_KEY",
      passphraseEnv: "ACME_SFTP_PASSPHRASE",
    });
    await expect(openDelivery(settings, { ACME_SFTP_KEY: pair.private }, { tenantFile: TENANT_FILE })).rejects.toThrow(
      "tenants/acme.yaml delivery.passphraseEnv: environment variable ACME_SFTP_PASSPHRASE is not set",
    );
    const delivery = await openDelivery(
      settings,
      { ACME_SFTP_KEY: pair.private.replace(/\n/g, "\r\n"), ACME_SFTP_PASSPHRASE: "pass phrase 1" },
      { tenantFile: TENANT_FILE },
    );
    open.push(delivery);
    await delivery.upload([{ name: "k.csv", content: Buffer.from("k") }]);
    expect(await listNames(inbox)).toEqual(["k.csv"]);
  });

  it("gives up after timeoutSeconds on a server that never answers", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const settings = sftpSettings({ port, hostKeySha256: server.fingerprint, passwordEnv: "P", timeoutSeconds: 1 });
      await expect(openDelivery(settings, { P: "secret-value" }, { tenantFile: TENANT_FILE })).rejects.toThrow(
        new RegExp(`cannot connect to SFTP 127\\.0\\.0\\.1:${port} as acme: .*Timed out`),
      );
    } finally {
      silent.close();
    }
  });

  it("rejects file names that are not plain names", async () => {
    const delivery = await connectWithKey();
    await expect(delivery.upload([{ name: "../escape.csv", content: Buffer.from("x") }])).rejects.toThrow(/plain name/);
    await expect(delivery.upload([{ name: ".hidden", content: Buffer.from("x") }])).rejects.toThrow(
      /must not start with "."/,
    );
    expect(await listNames(inbox)).toEqual([]);
  });
});
