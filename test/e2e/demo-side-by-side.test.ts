/**
 * Two `npm run demo` started at the same time both finish with exit 0: each picks free ports,
 * works in its own temporary folder and prints where its sandboxes listen.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

function demo(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", "demo"], {
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GITHUB_|DEBUG$)/.test(k))),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    child.on("close", (code) => resolve({ code, out }));
  });
}

/** The port of the sandbox a demo printed: "Visma.net (sandbox)   http://127.0.0.1:41234 …". */
function vismaPort(out: string): string | undefined {
  return /^Visma\.net[^\n]*http:\/\/127\.0\.0\.1:(\d+)/m.exec(out)?.[1];
}

describe("two demos side by side", () => {
  it("both finish with exit 0, each on its own free ports", async () => {
    const [a, b] = await Promise.all([demo(), demo()]);
    expect({ code: a.code, tail: a.out.slice(-600) }).toMatchObject({ code: 0 });
    expect({ code: b.code, tail: b.out.slice(-600) }).toMatchObject({ code: 0 });
    const ports = [vismaPort(a.out), vismaPort(b.out)];
    expect(ports.every(Boolean)).toBe(true);
    expect(ports[0]).not.toBe(ports[1]);
    for (const run of [a, b]) expect(run.out).toMatch(/^sftp:|sftp:\/\/demo@127\.0\.0\.1:\d+\/inbox/m);
  }, 300_000);
});
