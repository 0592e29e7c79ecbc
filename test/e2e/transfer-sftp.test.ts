// The transfer over real SFTP (in-process ssh2 server with the committed sandbox host key).
import { mkdtemp, readdir, readFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSftpServer, type SftpServer } from "../../src/sandbox/sftp/server.ts";
import { startWorld, type World } from "../helpers/world.ts";

let world: World;
let sftp: SftpServer;
afterEach(async () => {
  await world?.stop();
  await sftp?.close();
});

async function sftpWorld(fingerprint?: string): Promise<{ root: string }> {
  const root = await mkdtemp(join(tmpdir(), "factor-"));
  await mkdir(join(root, "inbox"));
  sftp = await startSftpServer({ root, users: [{ username: "acme", password: "s3cret-sftp" }] });
  world = await startWorld({
    delivery: {
      type: "sftp",
      port: sftp.port,
      username: "acme",
      hostKeySha256: fingerprint ?? sftp.fingerprint,
      remoteDir: "/inbox",
    },
  });
  world.env.ACME_SFTP_PASSWORD = "s3cret-sftp";
  world.sandbox.store.createInvoice({ customerNumber: "10001", referenceNumber: "001001" });
  world.at("2026-11-26T15:45:00");
  return { root };
}

describe("transfer over SFTP", () => {
  it("uploads the batch under its final names and records the target", async () => {
    const { root } = await sftpWorld();
    const r = (await world.transfer()).results[0]!;
    expect(r.status).toBe("ok");
    expect((await readdir(join(root, "inbox"))).sort()).toEqual(["acme_20261126_01.SGF", "acme_20261126_01.SGK"]);
    const sgf = await readFile(join(root, "inbox", "acme_20261126_01.SGF"), "latin1");
    expect(sgf.slice(14, 22)).toBe("00001001");
    const [batch] = await world.ledger.recentBatches("2026-11-26");
    expect(batch).toMatchObject({ status: "transferred", target: `sftp://acme@127.0.0.1:${sftp.port}/inbox` });
    expect(world.log.join("\n")).not.toContain("s3cret-sftp");
  });

  it("sends nothing and records nothing when the server presents another host key", async () => {
    const { root } = await sftpWorld("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");
    const r = (await world.transfer()).results[0]!;
    expect(r.status).toBe("failed");
    expect(r.error).toContain("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");
    expect(r.error).toContain(sftp.fingerprint);
    expect(await readdir(join(root, "inbox"))).toEqual([]);
    expect(await world.ledger.recentBatches("2026-11-26")).toEqual([]);
    expect(sftp.authAttempts).toBe(0);
  });
});
