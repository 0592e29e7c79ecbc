// npm run validate [-- tenants/acme.yaml ...] — checks tenant files; exit 1 on any error.
import { parseArgs } from "node:util";
import { runValidate } from "../src/commands/validate.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { "tenants-dir": { type: "string", default: "tenants" } },
});
process.exitCode = await runValidate({
  files: positionals,
  tenantsDir: values["tenants-dir"]!,
  annotate: process.env.GITHUB_ACTIONS === "true",
});
