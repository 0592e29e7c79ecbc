// npm run matrix [-- --tenant acme] [--for transfer|close] — the per-tenant job matrix (secret names only).
import { parseArgs } from "node:util";
import { runMatrix } from "../src/config/matrix.ts";

const { values } = parseArgs({
  options: {
    tenant: { type: "string" },
    for: { type: "string", default: "transfer" },
    "tenants-dir": { type: "string", default: "tenants" },
  },
});
const workflow = values.for;
if (workflow !== "transfer" && workflow !== "close") {
  console.error(`--for must be "transfer" or "close", got "${workflow}"`);
  process.exit(2);
}
try {
  const matrix = runMatrix({
    tenantsDir: values["tenants-dir"]!,
    tenant: values.tenant?.trim() || undefined,
    workflow,
    outputFile: process.env.GITHUB_OUTPUT || undefined,
  });
  console.log(JSON.stringify(matrix, null, 2));
} catch (error) {
  console.error(`matrix: ${(error as Error).message}`);
  process.exit(1);
}
