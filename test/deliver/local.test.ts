/** Local-folder delivery: the same contract as SFTP (temp + rename, size check, never overwrite). */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AlreadyExistsError, DeliveryError, openDelivery } from "../../src/deliver/index.ts";
import { TENANT_FILE, listNames, payload, tempDir } from "./helpers.ts";

let root: Awaited<ReturnType<typeof tempDir>>;

beforeEach(async () => {
  root = await tempDir("local");
});
afterEach(async () => {
  await root.remove();
});

const openLocal = (directory: string) => openDelivery({ type: "local", directory }, {}, { tenantFile: TENANT_FILE });

describe("local folder delivery", () => {
  it("creates the folder, writes final names with exact content and leaves no temp file", async () => {
    const folder = join(root.path, "out", "acme");
    const delivery = await openLocal(folder);
    expect(delivery.target).toBe(pathToFileURL(folder).href);
    const content = payload(70_000);
    expect(
      await delivery.upload([
        { name: "a.SGF", content },
        { name: "a.SGK", content: Buffer.alloc(0) },
      ]),
    ).toEqual([
      { name: "a.SGF", size: 70_000 },
      { name: "a.SGK", size: 0 },
    ]);
    expect(await listNames(folder)).toEqual(["a.SGF", "a.SGK"]);
    expect((await readFile(join(folder, "a.SGF"))).equals(content)).toBe(true);
    await delivery.close();
  });

  it("find() reports final names with sizes, not temp files or folders", async () => {
    await writeFile(join(root.path, "done.xml"), "abc");
    await writeFile(join(root.path, ".half.xml.part"), "a");
    await mkdir(join(root.path, "dir.xml"));
    const delivery = await openLocal(root.path);
    expect([...(await delivery.find(["done.xml", "half.xml", "dir.xml", "none.xml"]))]).toEqual([["done.xml", 3]]);
  });

  it("refuses to overwrite and writes nothing of the batch", async () => {
    await writeFile(join(root.path, "b.csv"), "original");
    const delivery = await openLocal(root.path);
    const attempt = delivery.upload([
      { name: "a.csv", content: Buffer.from("a") },
      { name: "b.csv", content: Buffer.from("b") },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(attempt).rejects.toThrow(`b.csv already exists at ${pathToFileURL(root.path).href}`);
    expect(await listNames(root.path)).toEqual(["b.csv"]);
    expect(await readFile(join(root.path, "b.csv"), "utf8")).toBe("original");
  });

  it("replaces a stale temp file from an interrupted run", async () => {
    await writeFile(join(root.path, ".x.csv.part"), payload(10_000));
    const delivery = await openLocal(root.path);
    await delivery.upload([{ name: "x.csv", content: Buffer.from("fresh") }]);
    expect(await listNames(root.path)).toEqual(["x.csv"]);
    expect(await readFile(join(root.path, "x.csv"), "utf8")).toBe("fresh");
  });

  it("rejects names that are not plain file names", async () => {
    const delivery = await openLocal(root.path);
    await expect(delivery.upload([{ name: "../x.csv", content: Buffer.from("x") }])).rejects.toBeInstanceOf(
      DeliveryError,
    );
    await expect(
      delivery.upload([
        { name: "a.csv", content: Buffer.from("1") },
        { name: "a.csv", content: Buffer.from("2") },
      ]),
    ).rejects.toThrow(/appears twice/);
    expect(await listNames(root.path)).toEqual([]);
  });

  it("explains a folder that cannot be created", async () => {
    await writeFile(join(root.path, "file"), "not a folder");
    await expect(openLocal(join(root.path, "file", "sub"))).rejects.toThrow(
      /cannot create the delivery folder .*file\/sub/,
    );
  });
});
