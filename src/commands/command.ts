/**
 * The command registry's one shape, and the frame every `scripts/*.ts` runs in. A command is
 * `{ name, usage, parse, run }`: `parse` turns the flags after `npm run <name> --` into its
 * options (a UsageError names the flag), `run` does the work and resolves to the exit code.
 * `main` is the frame: `--help`, parsing, the exit code, and one readable line instead of a crash
 * dump for an unexpected error (the stack only with DEBUG=1).
 */
import { tuneForShortRuns } from "../run/short-run.ts";
import { parseArgs } from "node:util";
import { FactoringError } from "../shared/errors.ts";
import { logLines } from "../shared/untrusted.ts";

export interface Command<Options = unknown> {
  /** The npm script: `npm run <name>`. */
  readonly name: string;
  /** One line on what it does (the first line of --help). */
  readonly summary: string;
  /** The flags it takes, as written after `npm run <name> --`. */
  readonly usage: string;
  /** What --help prints: usage, summary, and what each flag means. */
  readonly help: string;
  /** The flags and the environment → the command's options. Throws UsageError naming the flag. */
  parse(argv: readonly string[], env: NodeJS.ProcessEnv): Options;
  /** Does the work; resolves to the process exit code. */
  run(options: Options): Promise<number>;
}

/** A flag as node:util parseArgs takes it, plus what --help says about it. */
export interface Flag {
  type: "string" | "boolean";
  /** Placeholder of a string flag's value in the usage line ("ID", "DIR"). */
  value?: string;
  default?: string | boolean;
  /** Shown by --help. */
  help?: string;
}

export type Flags = Record<string, Flag>;

/** What parseArgs hands back for `F`: strings and booleans by flag name (undefined when not given). */
export type FlagValues<F extends Flags> = {
  [K in keyof F]: F[K]["type"] extends "boolean" ? boolean | undefined : string | undefined;
};

/** A wrong flag or flag value: the frame prints the message and the command's usage, exit code 2. */
export class UsageError extends FactoringError {}

export interface CommandSpec<F extends Flags, Options> {
  name: string;
  summary: string;
  flags: F;
  /** Positional arguments, as the usage line shows them ("[files...]"); none when absent. */
  positionals?: string;
  parse(values: FlagValues<F>, positionals: string[], env: NodeJS.ProcessEnv): Options;
  run(options: Options): Promise<number>;
}

/** A command from its flags: the usage line is generated, parsing is strict (unknown flags are errors). */
export function defineCommand<F extends Flags, Options>(spec: CommandSpec<F, Options>): Command<Options> {
  const usage = [
    ...Object.entries(spec.flags).map(([name, f]) =>
      f.type === "boolean" ? `[--${name}]` : `[--${name} ${f.value ?? "VALUE"}]`,
    ),
    ...(spec.positionals ? [spec.positionals] : []),
  ].join(" ");
  return {
    name: spec.name,
    summary: spec.summary,
    usage,
    help: helpText(spec.name, spec.summary, usage, spec.flags),
    parse(argv, env) {
      const options = Object.fromEntries(
        Object.entries(spec.flags).map(([name, f]) => [
          name,
          { type: f.type, ...(f.default !== undefined ? { default: f.default } : {}) },
        ]),
      );
      let parsed;
      try {
        parsed = parseArgs({
          args: [...argv],
          options: options as never,
          strict: true,
          allowPositionals: spec.positionals !== undefined,
        });
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      return spec.parse(parsed.values as FlagValues<F>, parsed.positionals, env);
    },
    run: spec.run,
  };
}

/** The frame of every script: `await main(command)`. */
export async function main<Options>(
  command: Command<Options>,
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${command.help}\n`);
    return;
  }
  tuneForShortRuns();
  // A rejection nobody awaited is still one line and exit 1, not Node's crash dump; and it ends
  // the process as Node would, since the run is in a state nobody planned (and its own exit
  // code must not overwrite the 1 afterwards).
  const stray = (error: unknown) => {
    fail(command, error, env);
    process.exit(1);
  };
  process.on("unhandledRejection", stray);
  try {
    process.exitCode = await command.run(command.parse(argv, env));
  } catch (error) {
    fail(command, error, env);
  } finally {
    process.off("unhandledRejection", stray);
  }
}

/** One readable line (and the usage for a wrong flag); the stack only with DEBUG=1. */
function fail(command: Command<unknown>, error: unknown, env: NodeJS.ProcessEnv): void {
  const err = error instanceof Error ? error : new Error(String(error));
  // The message may quote a server or a tenant file: no line of it may act as a workflow command.
  process.stderr.write(`${logLines(`error: ${err.message}`)}\n`);
  if (error instanceof UsageError) {
    process.stderr.write(`usage: npm run ${command.name} -- ${command.usage}\n`);
    process.exitCode = 2;
    return;
  }
  if (env.DEBUG === "1" && err.stack) process.stderr.write(`${logLines(err.stack)}\n`);
  process.exitCode = 1;
}

/** The --help text: usage, summary and what each flag means. */
function helpText(name: string, summary: string, usage: string, flags: Flags): string {
  const lines = [`usage: npm run ${name}${usage ? ` -- ${usage}` : ""}`, "", summary];
  const explained = Object.entries(flags).filter(([, f]) => f.help);
  if (explained.length > 0) {
    lines.push("");
    const width = Math.max(...explained.map(([flag]) => flag.length)) + 4;
    for (const [flag, f] of explained) {
      const def = f.default !== undefined && f.default !== false ? ` (default ${f.default})` : "";
      lines.push(`  ${`--${flag}`.padEnd(width)}${f.help}${def}`);
    }
  }
  return lines.join("\n");
}
