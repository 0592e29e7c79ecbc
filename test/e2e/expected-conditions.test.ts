/**
 * An expected condition ends with a clear line and exit 1 — never a stack trace — when the real
 * scripts run as a partner runs them (child processes through tsx); DEBUG=1 shows the trace.
 * The window closed is the same for a person's run (exit 1, one line), but a scheduled slot outside
 * a tenant's window stays green: the next slot or day takes the documents.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const TSX = join(process.cwd(), "node_modules", ".bin", "tsx");
/** A line of a JavaScript stack trace. */
const STACK = /^\s+at .+[:(]/m;

interface Ended {
  code: number;
  out: string;
}

function script(name: string, args: string[], env: Record<string, string> = {}): Promise<Ended> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(GITHUB_|ACME_|DEBUG$|FACTORING_)/.test(k)),
  );
  return new Promise((resolve) => {
    execFile(
      TSX,
      [join("scripts", `${name}.ts`), ...args],
      { env: { ...clean, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, out: `${stdout}${stderr}` });
      },
    );
  });
}

let root: string;
let tenantsDir: string;
let brokenDir: string;
let stateDir: string;
let blocker: Server;
let takenPort: number;
/** Yesterday 10:00 in Oslo: in the past, within the look-back, and outside the 15:30–16:30 window. */
const outsideWindow = DateTime.now().setZone("Europe/Oslo").minus({ days: 1 }).set({ hour: 10, minute: 0 }).toISO()!;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "expected-"));
  tenantsDir = join(root, "tenants");
  brokenDir = join(root, "broken");
  stateDir = join(root, "state");
  await mkdir(tenantsDir);
  await mkdir(brokenDir);
  await copyFile("test/fixtures/tenants/valid/acme.yaml", join(tenantsDir, "acme.yaml"));
  await writeFile(
    join(brokenDir, "acme.yaml"),
    "# yaml-language-server: $schema=../schemas/tenant.schema.json\nname: [\n",
  );
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  takenPort = (blocker.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => blocker?.close(resolve));
});

describe("an expected condition: a clear line and exit 1, the trace only with DEBUG=1", () => {
  it("a fixed port in use (npm run demo -- --visma-port N)", async () => {
    const ended = await script("demo", ["--visma-port", String(takenPort)]);
    expect(ended.code).toBe(1);
    expect(ended.out).toContain(`error: the Visma.net sandbox: port ${takenPort} on 127.0.0.1 is in use`);
    expect(ended.out).toContain("leave --visma-port out to use a free port");
    expect(ended.out).not.toMatch(STACK);
    const debug = await script("demo", ["--visma-port", String(takenPort)], { DEBUG: "1" });
    expect(debug.code).toBe(1);
    expect(debug.out).toMatch(STACK);
  }, 180_000);

  it("a missing secret (npm run transfer)", async () => {
    const args = ["--tenant", "acme", "--tenants-dir", tenantsDir, "--state-dir", stateDir, "--force", "--dry-run"];
    const ended = await script("transfer", args);
    expect(ended.code).toBe(1);
    expect(ended.out).toContain("environment variable ACME_VISMA_CLIENT_ID is not set");
    expect(ended.out).not.toMatch(STACK);
    const debug = await script("transfer", args, { DEBUG: "1" });
    expect(debug.code).toBe(1);
    expect(debug.out).toMatch(STACK);
  }, 180_000);

  it("a tenant file with errors (npm run transfer)", async () => {
    const ended = await script("transfer", ["--tenants-dir", brokenDir, "--state-dir", stateDir, "--dry-run"]);
    expect(ended.code).toBe(1);
    expect(ended.out).toMatch(/acme\.yaml:\d+:\d+ YAML/);
    expect(ended.out).toContain("the tenant file has errors (run npm run validate)");
    expect(ended.out).not.toMatch(STACK);
  }, 180_000);

  it("a --now in the future: the real time in the tenant's zone, no trace", async () => {
    const ahead = DateTime.now().setZone("Europe/Oslo").plus({ days: 2 }).toISO()!;
    const ended = await script("transfer", ["--tenants-dir", tenantsDir, "--state-dir", stateDir, "--now", ahead]);
    expect(ended.code).toBe(1);
    expect(ended.out).toMatch(/ahead of the real time \(\d{4}-\d{2}-\d{2} \d{2}:\d{2} Europe\/Oslo\)/);
    expect(ended.out).not.toMatch(STACK);
  }, 180_000);

  it("the window closed: one line and exit 1 for a person's run, exit 0 for a scheduled slot; nothing read", async () => {
    const args = ["--tenant", "acme", "--tenants-dir", tenantsDir, "--state-dir", stateDir, "--now", outsideWindow];
    const byHand = await script("transfer", [...args, "--dry-run"]);
    expect(byHand.code).toBe(1);
    expect(byHand.out).toMatch(
      /outside the transfer window 15:30–16:30 Europe\/Oslo \(it is 10:00 there\); --force runs it anyway/,
    );
    expect(byHand.out).not.toMatch(STACK);
    expect(byHand.out).not.toContain("ACME_VISMA_CLIENT_ID");

    const scheduled = await script("transfer", [...args, "--dry-run"], { GITHUB_EVENT_NAME: "schedule" });
    expect(scheduled.code).toBe(0);
    expect(scheduled.out).toMatch(/outside the transfer window 15:30–16:30/);
    expect(scheduled.out).not.toMatch(STACK);
  }, 240_000);
});
