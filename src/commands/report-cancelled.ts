/**
 * `npm run report-cancelled -- --tenant ID --command transfer|close`: the last step of a
 * workflow job, run only when the job was cancelled or timed out. Such a run never reaches its
 * own reporting, yet it may have stopped between the pending record and the upload; the
 * tenant's failure issue says so (the next run settles a pending batch or asks for a decision).
 */
import { parseArgs } from "node:util";
import { loadTenantFile } from "../config/load.ts";
import { ReportingSchema } from "../config/schema.ts";
import { GitHubClient } from "../report/github/client.ts";
import { ensureIssue } from "../report/github/issues.ts";
import { failureIssue, runUrlOf } from "../report/publish.ts";

export async function runReportCancelled(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { tenant: { type: "string" }, command: { type: "string" }, "tenants-dir": { type: "string", default: "tenants" } },
  });
  const command = values.command;
  if (!values.tenant || (command !== "transfer" && command !== "close")) {
    throw new Error("usage: npm run report-cancelled -- --tenant ID --command transfer|close");
  }
  const loaded = await loadTenantFile(`${values["tenants-dir"]}/${values.tenant}.yaml`);
  // A tenant file with errors still gets its issue, with the schema's default labels.
  const reporting = loaded.tenant?.reporting ?? ReportingSchema.parse(undefined);
  const gh = new GitHubClient({ apiUrl: env.GITHUB_API_URL, repository: env.GITHUB_REPOSITORY, token: env.GITHUB_TOKEN });
  const issue = await ensureIssue(gh, {
    ...failureIssue(values.tenant, command),
    body: [
      `The ${command} job of \`${values.tenant}\` was **cancelled or timed out** before it could report.`,
      "",
      command === "transfer"
        ? "If it stopped between recording a batch as pending and confirming the upload, the next transfer checks the factor's server: files there → recorded as transferred; otherwise it stops and asks you (`resolve_pending`). Nothing is sent twice."
        : "Payments carry a deterministic reference; the next closing finds any payment this run created and finishes it instead of posting again.",
      "",
      "This issue closes by itself after the next successful run.",
    ].join("\n"),
    labels: reporting.labels,
    assignees: reporting.assignees,
    runUrl: runUrlOf(env),
  });
  console.log(`${issue.action} ${issue.url}`);
  return 0;
}
