/**
 * `npm run validate [files...]`: every problem of every tenant file, one line each, and in
 * GitHub Actions also as annotations on the offending YAML lines. Exit code 1 on any error.
 */
import * as core from "@actions/core";
import { formatProblem } from "../config/problems.ts";
import { listTenantFiles, validateTenantFiles } from "../config/validate.ts";
import { logLines } from "../shared/untrusted.ts";
import { defineCommand } from "./command.ts";
import * as flag from "./flags.ts";

export interface ValidateOptions {
  files: string[];
  tenantsDir: string;
  annotate: boolean; // true inside GitHub Actions
  out?: (line: string) => void;
}

export async function runValidate(options: ValidateOptions): Promise<number> {
  // A problem quotes the file (an unknown key, a value): in Actions no line of it may act as a workflow command.
  const out = options.out ?? ((line: string) => void process.stdout.write(`${logLines(line)}\n`));
  // A partner may pass files that are not tenant files at all; the validator says so.
  const files = options.files.length > 0 ? options.files : await listTenantFiles(options.tenantsDir);
  if (files.length === 0) {
    out(`no tenant files in ${options.tenantsDir}`);
    return 0;
  }
  const result = await validateTenantFiles(files);
  for (const p of result.problems) {
    out(formatProblem(p));
    if (options.annotate) {
      const props = { file: p.file, startLine: p.line, startColumn: p.column, title: p.path || "tenant file" };
      if (p.severity === "error") core.error(p.message, props);
      else core.warning(p.message, props);
    }
  }
  const ok = result.tenants.filter(
    (t) => t.tenant && !result.problems.some((p) => p.file === t.file && p.severity === "error"),
  );
  out(
    `${files.length} tenant file(s) checked: ${ok.length} valid, ${result.errorCount} error(s), ${result.warningCount} warning(s)`,
  );
  return result.errorCount > 0 ? 1 : 0;
}

export const validate = defineCommand({
  name: "validate",
  summary: "Checks tenant files: one line per problem (annotations on the YAML lines in Actions); exit 1 on any error.",
  flags: { "tenants-dir": flag.tenantsDir },
  positionals: "[files...]",
  parse: (values, files, env): ValidateOptions => ({
    files,
    tenantsDir: values["tenants-dir"]!,
    annotate: env.GITHUB_ACTIONS === "true",
  }),
  run: runValidate,
});
