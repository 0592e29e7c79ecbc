/**
 * `npm run matrix`: the per-tenant job matrix of a workflow (secret names only, never values).
 * In Actions it also writes `matrix=<json>` and `count=<n>` to $GITHUB_OUTPUT.
 */
import * as core from "@actions/core";
import { maxParallelFrom, runMatrix } from "../config/matrix.ts";
import { defineCommand, UsageError } from "./command.ts";
import * as flag from "./flags.ts";

interface MatrixOptions {
  tenantsDir: string;
  tenant?: string;
  workflow: "transfer" | "close";
  chunks?: { maxParallel: number };
  env: NodeJS.ProcessEnv;
}

export const matrix = defineCommand({
  name: "matrix",
  summary: "The per-tenant job matrix of the transfer or close workflow (secret names only).",
  flags: {
    tenant: flag.tenant,
    for: { type: "string", value: "transfer|close", default: "transfer", help: "the workflow the matrix is for" },
    "tenants-dir": flag.tenantsDir,
    chunks: {
      type: "boolean",
      help: "split into chunks of at most 256 tenants for the tenant workflow's calls, sharing FACTORING_MAX_PARALLEL (default 20) jobs at once",
    },
  },
  parse(values, _positionals, env): MatrixOptions {
    const workflow = values.for;
    if (workflow !== "transfer" && workflow !== "close")
      throw new UsageError(`--for must be "transfer" or "close", got "${workflow}"`);
    let chunks: MatrixOptions["chunks"];
    try {
      chunks = values.chunks ? { maxParallel: maxParallelFrom(env.FACTORING_MAX_PARALLEL) } : undefined;
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    return { tenantsDir: values["tenants-dir"]!, tenant: values.tenant?.trim() || undefined, workflow, chunks, env };
  },
  async run({ env, ...options }) {
    const matrix = await runMatrix({ ...options, outputFile: env.GITHUB_OUTPUT || undefined });
    // A file that cannot be a job is shown on the file; the other tenants still run.
    for (const s of matrix.skipped) {
      if (env.GITHUB_ACTIONS === "true") core.error(s.message, { file: s.file, title: "tenant file not run" });
      else console.error(`${s.file}: ${s.message}`);
    }
    if (matrix.chunks)
      console.log(
        `${matrix.include.length} tenant(s) in ${matrix.chunks.length} chunk(s): ${matrix.chunks.map((c) => `${c.matrix.include.length} at ${c.parallel} at once`).join(", ") || "none"}`,
      );
    else console.log(JSON.stringify({ include: matrix.include }, null, 2));
    return 0;
  },
});
