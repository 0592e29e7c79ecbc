import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tuneForShortRuns } from "../../src/run/short-run.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("V8 tuned for short runs (src/run/short-run.ts)", () => {
  it("raises the budget only on the V8 it was measured on", () => {
    expect(tuneForShortRuns("12.4.254.21-node.33")).toBe(false);
    expect(tuneForShortRuns("13.6.233.10-node.24")).toBe(false);
    expect(tuneForShortRuns("11.3.244.8-node.38")).toBe(true);
  });

  it("writes nothing to stderr on this Node (an unknown flag would: every command's log would start with it)", () => {
    const script = 'import { tuneForShortRuns } from "./src/run/short-run.ts"; tuneForShortRuns();';
    const run = spawnSync("npx", ["tsx", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
  });
});
