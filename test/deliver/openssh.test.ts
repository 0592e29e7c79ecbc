/**
 * Delivery against a real OpenSSH sshd (internal-sftp) on 127.0.0.1, to prove the client works with
 * the server most factors run, not just with our sandbox. Without /usr/sbin/sshd the suite is skipped,
 * unless REQUIRE_SSHD=1 (set in CI), which turns the absence into a failure.
 */
import type { ChildProcess } from "node:child_process";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostKeyMismatchError, openDelivery } from "../../src/deliver/index.ts";
import { TENANT_FILE, listNames, payload, sftpSettings, tempDir } from "./helpers.ts";

// SSHD_PATH lets a machine with sshd elsewhere (or a check of the skip path) point to another binary.
const SSHD = process.env.SSHD_PATH ?? "/usr/sbin/sshd";
const available = existsSync(SSHD);
const required = process.env.REQUIRE_SSHD === "1";
if (!available && !required) {
  console.warn(
    `OpenSSH test skipped: ${SSHD} is not installed (apt-get install openssh-server). Set REQUIRE_SSHD=1 to make this a failure.`,
  );
}

describe("OpenSSH sshd is available", () => {
  it.runIf(!available && required)("REQUIRE_SSHD=1 but sshd is missing", () => {
    throw new Error(`REQUIRE_SSHD=1 but ${SSHD} is not installed; install openssh-server (see /work/notes/ci-sshd.sh)`);
  });
  it.skipIf(!available)(`${SSHD} exists`, () => expect(available).toBe(true));
});

describe.skipIf(!available)("SFTP delivery against OpenSSH sshd (skipped when sshd is not installed)", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let sshd: ChildProcess | undefined;
  let port = 0;
  let hostFingerprint = "";
  let clientKey = "";
  let inbox = "";
  let log = "";

  beforeAll(async () => {
    dir = await tempDir("sshd");
    inbox = join(dir.path, "inbox");
    await mkdir(inbox);
    const keygen = (file: string) =>
      execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "vf-test", "-f", file]);
    keygen(join(dir.path, "host_key"));
    keygen(join(dir.path, "client_key"));
    await writeFile(join(dir.path, "authorized_keys"), await readFile(join(dir.path, "client_key.pub")));
    clientKey = await readFile(join(dir.path, "client_key"), "utf8");
    // Independent of our fingerprint code: what the factor would read to us from ssh-keygen.
    hostFingerprint =
      execFileSync("ssh-keygen", ["-lf", join(dir.path, "host_key.pub")], { encoding: "utf8" }).split(" ")[1] ?? "";

    // sshd running as root insists on its privilege-separation folder.
    if (process.getuid?.() === 0 && !existsSync("/run/sshd")) mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
    port = await freePort();
    const config = join(dir.path, "sshd_config");
    await writeFile(
      config,
      [
        `Port ${port}`,
        "ListenAddress 127.0.0.1",
        `HostKey ${join(dir.path, "host_key")}`,
        `PidFile ${join(dir.path, "sshd.pid")}`,
        `AuthorizedKeysFile ${join(dir.path, "authorized_keys")}`,
        "StrictModes no", // the temp folder's permissions are not sshd's business here
        "UsePAM no",
        "PermitRootLogin prohibit-password", // tests may run as root (containers); keys only
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "Subsystem sftp internal-sftp",
        "LogLevel VERBOSE",
        "",
      ].join("\n"),
    );
    sshd = spawn(SSHD, ["-D", "-e", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sshd did not start listening:\n${log}`)), 15_000);
      sshd!.stderr!.on("data", (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes("Server listening on")) {
          clearTimeout(timer);
          resolve();
        }
      });
      sshd!.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`sshd exited with ${code}:\n${log}`));
      });
    });
  });

  afterAll(async () => {
    if (sshd && sshd.exitCode === null) {
      const exited = new Promise((resolve) => sshd!.once("exit", resolve));
      sshd.kill("SIGTERM");
      await exited;
    }
    if (process.env.DEBUG_SSHD) console.log(log); // DEBUG_SSHD=1 shows what sshd saw
    await dir?.remove();
  });

  const settings = (extra: object = {}) =>
    sftpSettings({
      port,
      hostKeySha256: hostFingerprint,
      username: userInfo().username,
      privateKeyEnv: "ACME_SFTP_KEY",
      remoteDir: inbox,
      ...extra,
    });

  it("uploads through openDelivery: file on disk, temp file gone, find() sees it, no overwrite", async () => {
    const delivery = await openDelivery(settings(), { ACME_SFTP_KEY: clientKey }, { tenantFile: TENANT_FILE });
    try {
      const content = payload(150_000);
      expect(await delivery.upload([{ name: "acme_2025-03-14_1.SGF", content }])).toEqual([
        { name: "acme_2025-03-14_1.SGF", size: 150_000 },
      ]);
      expect(await listNames(inbox)).toEqual(["acme_2025-03-14_1.SGF"]);
      expect((await readFile(join(inbox, "acme_2025-03-14_1.SGF"))).equals(content)).toBe(true);
      expect([...(await delivery.find(["acme_2025-03-14_1.SGF", "other.SGF"]))]).toEqual([
        ["acme_2025-03-14_1.SGF", 150_000],
      ]);
      await expect(delivery.upload([{ name: "acme_2025-03-14_1.SGF", content: Buffer.from("again") }])).rejects.toThrow(
        /already exists/,
      );
      expect((await readFile(join(inbox, "acme_2025-03-14_1.SGF"))).length).toBe(150_000);
    } finally {
      await delivery.close();
    }
  });

  it("replaces a stale temp file left by an interrupted upload", async () => {
    await writeFile(join(inbox, ".late.csv.part"), payload(40_000));
    const delivery = await openDelivery(settings(), { ACME_SFTP_KEY: clientKey }, { tenantFile: TENANT_FILE });
    try {
      await delivery.upload([{ name: "late.csv", content: Buffer.from("complete") }]);
    } finally {
      await delivery.close();
    }
    expect(await readFile(join(inbox, "late.csv"), "utf8")).toBe("complete");
    expect((await listNames(inbox)).filter((n) => n.includes("late"))).toEqual(["late.csv"]);
  });

  it("refuses a server whose host key is not the pinned one, before logging in", async () => {
    const logBefore = log.length;
    const wrong = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";
    const attempt = openDelivery(
      settings({ hostKeySha256: wrong }),
      { ACME_SFTP_KEY: clientKey },
      { tenantFile: TENANT_FILE },
    );
    await expect(attempt).rejects.toBeInstanceOf(HostKeyMismatchError);
    await expect(attempt).rejects.toThrow(hostFingerprint);
    // sshd logs the client's disconnect (reason 3: host key not verifiable) while still before authentication.
    await waitFor(() => /Disconnected from 127\.0\.0\.1 port \d+ \[preauth\]/.test(log.slice(logBefore)));
    expect(log.slice(logBefore)).not.toMatch(/publickey|Accepted key|Starting session/i);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(condition()).toBe(true);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
