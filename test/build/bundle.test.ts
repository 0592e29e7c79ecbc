// The bundle the workflows' tenant jobs run (node dist/factoring.mjs <command>): built as the plan
// job builds it, then run as a separate process, without node_modules or tsx next to it, for a
// real transfer over SFTP (ssh2 without its optional native modules) and a real closing against
// the sandbox, recording on the tenant's state branch; the invariants of the fault suite hold.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle } from "../../src/build/bundle.ts";
import { checkAll } from "../../src/sandbox/faults/invariants.ts";
import { startDrillWorld, TENANT, type DrillWorld } from "../../src/sandbox/faults/world.ts";

let dir: string;
let bundle: string;
let world: DrillWorld | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "vf-bundle-"));
  bundle = (await buildBundle({ outfile: join(dir, "factoring.mjs") })).outfile;
}, 120_000);
afterAll(async () => {
  await world?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("the bundle (npm run bundle)", () => {
  it("is one file that knows every command and needs nothing beside it", () => {
    const help = execFileSync(process.execPath, [bundle, "transfer", "--help"], { cwd: dir, encoding: "utf8" });
    expect(help).toMatch(/^usage: npm run transfer -- \[--tenant ID\]/);
    let refused = "";
    try {
      execFileSync(process.execPath, [bundle, "nonsense"], { cwd: dir, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      refused = String((error as { stderr: string }).stderr);
    }
    expect(refused).toMatch(/commands: transfer, close, doctor, report/);
  });

  it("runs a real transfer over SFTP and the closing against the sandbox, recording on the state branch", async () => {
    world = await startDrillWorld();
    const origin = join(dir, "origin.git");
    execFileSync("git", ["init", "--quiet", "--bare", origin]);
    const env = { FACTORING_STATE_REMOTE: `file://${origin}` };
    const transfer = await world.run("transfer", { bundle, args: ["--commit"], env });
    expect(transfer.code, transfer.output).toBe(0);
    const close = await world.run("close", { bundle, args: ["--commit"], env });
    expect(close.code, close.output).toBe(0);
    expect(await checkAll(world)).toEqual([]);
    const log = execFileSync("git", ["log", "--format=%s", `factoring-state/${TENANT}`], {
      cwd: origin,
      encoding: "utf8",
    });
    expect(log).toMatch(/state\(drill\): close /);
    expect(log).toMatch(/state\(drill\): transfer-pending /);
  }, 120_000);
});
