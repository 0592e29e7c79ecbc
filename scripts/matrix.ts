// npm run matrix [-- --tenant acme] [--for transfer|close] — the per-tenant job matrix (secret names only).
import { parseArgs } from "node:util";
import * as core from "@actions/core";
import { main } from "../src/commands/main.ts";
import { runMatrix } from "../src/config/matrix.ts";

await main(async () => {
  const { values } = parseArgs({
    options: {
      tenant: { type: "string" },
      for: { type: "string", default: "transfer" },
      "tenants-dir": { type: "string", default: "tenants" },
    },
  });
  const workflow = values.for;
  if (workflow !== "transfer" && workflow !== "close") throw new Error(`--for must be "transfer" or "close", got "${workflow}"`);
  const matrix = await runMatrix({
    tenantsDir: values["tenants-dir"]!,
    tenant: values.tenant?.trim() || undefined,
    workflow,
    outputFile: process.env.GITHUB_OUTPUT || undefined,
  });
  // A file that cannot be a job is shown on the file; the other tenants still run.
  for (const s of matrix.skipped) {
    if (process.env.GITHUB_ACTIONS === "true") core.error(s.message, { file: s.file, title: "tenant file not run" });
    else console.error(`${s.file}: ${s.message}`);
  }
  console.log(JSON.stringify({ include: matrix.include }, null, 2));
  return 0;
});
