// npm run validate [-- tenants/acme.yaml ...] — checks tenant files; exit 1 on any error.
import { parseArgs } from "node:util";
import { main } from "../src/commands/main.ts";
import { runValidate } from "../src/commands/validate.ts";

await main(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { "tenants-dir": { type: "string", default: "tenants" } },
  });
  return runValidate({ files: positionals, tenantsDir: values["tenants-dir"]!, annotate: process.env.GITHUB_ACTIONS === "true" });
});
