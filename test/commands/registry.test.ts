// The command registry: every script is one line into it, every command has its npm script, and
// the frame turns a wrong flag into the message plus the usage line (exit code 2).
import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main, UsageError, type Command } from "../../src/commands/command.ts";
import { commands } from "../../src/commands/index.ts";
import { devCommands } from "../../src/sandbox/commands.ts";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
const all: Command[] = [...Object.values(commands), ...Object.values(devCommands)];

describe("the command registry", () => {
  it("has one command per name, each with its npm script and a one-line script", () => {
    const names = all.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of all) {
      const script = pkg.scripts[c.name];
      expect(script, `package.json scripts.${c.name}`).toMatch(/^tsx scripts\/[\w-]+\.ts$/);
      const file = script!.replace(/^tsx /, "");
      const code = readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "" && !l.startsWith("//") && !l.startsWith("import "));
      expect(code, file).toEqual([expect.stringMatching(/^await main\((commands|devCommands)\.\w+\);$/)]);
    }
  });

  it("every script in scripts/ belongs to a command", () => {
    const files = readdirSync("scripts").map((f) => `scripts/${f}`);
    const used = all.map((c) => pkg.scripts[c.name]!.replace(/^tsx /, ""));
    expect(files.sort()).toEqual([...used].sort());
  });

  it("parses strictly and names the flag", () => {
    expect(() => commands.transfer.parse(["--tenat", "acme"], {})).toThrow(UsageError);
    expect(() => commands.transfer.parse(["--resolve-pending", "maybe"], {})).toThrow(
      /--resolve-pending must be "sent" or "not-sent", got "maybe"/,
    );
    expect(commands.transfer.parse(["--tenant", "acme", "--dry-run"], {})).toMatchObject({
      tenant: "acme",
      dryRun: true,
      force: false,
      tenantsDir: "tenants",
      stateDir: "state",
      commit: false,
    });
    expect(commands.close.parse([], { FACTORING_COMMIT: "1" })).toMatchObject({ commit: true });
    expect(commands.validate.parse(["tenants/a.yaml", "tenants/b.yaml"], { GITHUB_ACTIONS: "true" })).toMatchObject({
      files: ["tenants/a.yaml", "tenants/b.yaml"],
      annotate: true,
    });
    expect(() => commands.matrix.parse(["--for", "report"], {})).toThrow(/--for must be "transfer" or "close"/);
    expect(commands.transfer.usage).toBe(
      "[--tenant ID] [--now ISO-8601] [--dry-run] [--force] [--tenants-dir DIR] [--state-dir DIR] [--commit] [--deadline INSTANT|SPAN] [--resolve-pending sent|not-sent]",
    );
  });
});

describe("main, the frame of every script", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((s) => out.push(String(s)) > 0);
    vi.spyOn(process.stderr, "write").mockImplementation((s) => err.push(String(s)) > 0);
    return { out, err };
  }

  it("prints the message and the usage line for a wrong flag, exit code 2", async () => {
    const { err } = capture();
    await main(commands.close, ["--tenat", "acme"], {});
    expect(process.exitCode).toBe(2);
    expect(err.join("")).toMatch(/^error: Unknown option '--tenat'.*\nusage: npm run close -- \[--tenant ID\]/s);
  });

  it("prints --help without running anything", async () => {
    const { out } = capture();
    const run = vi.fn();
    await main({ ...commands.report, run }, ["--help"], {});
    expect(run).not.toHaveBeenCalled();
    expect(out.join("")).toContain("usage: npm run report -- [--tenant ID] [--from YYYY-MM-DD]");
    expect(out.join("")).toMatch(/--format\s+output format \(default md\)/);
  });

  it("ends with exit code 1 on a rejection nobody awaited, whatever the run returns", async () => {
    const { err } = capture();
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const listeners = process.listenerCount("unhandledRejection");
    try {
      const stray: Command<object> = {
        ...commands.schema,
        parse: () => ({}),
        run: async () => {
          void Promise.reject(new Error("stray"));
          await new Promise((resolve) => setTimeout(resolve, 20));
          return 0;
        },
      };
      await main(stray, [], {});
      expect(exit).toHaveBeenCalledWith(1);
      expect(err.join("")).toContain("error: stray");
      expect(process.listenerCount("unhandledRejection")).toBe(listeners);
    } finally {
      exit.mockRestore();
      process.exitCode = 0;
    }
  });

  it("turns an unexpected error into one inert line, exit code 1", async () => {
    const { err } = capture();
    const failing: Command<object> = {
      ...commands.schema,
      parse: () => ({}),
      run: () => Promise.reject(new Error("boom\n::error::injected")),
    };
    await main(failing, [], {});
    expect(process.exitCode).toBe(1);
    expect(err.join("")).toBe("error: boom\n: :error::injected\n");
  });
});
