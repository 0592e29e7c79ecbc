/**
 * `npm run report-cancelled -- --tenant ID --command transfer|close`: the last step of a
 * workflow job, run only when the job was cancelled or timed out. Such a run never reaches its
 * own reporting, yet it may have stopped between the pending record and the upload; the
 * tenant's failure issue says so (the next run settles a pending batch or asks for a decision).
 */
import { parseArgs } from "node:util";
import { loadTenantFile } from "../config/load.ts";
import { GitHubClient } from "../report/github/client.ts";
import { ensureIssue } from "../report/github/issues.ts";

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
  const runUrl = env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL ?? "https://github.com"}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  const gh = new GitHubClient({ apiUrl: env.GITHUB_API_URL, repository: env.GITHUB_REPOSITORY, token: env.GITHUB_TOKEN });
  const issue = await ensureIssue(gh, {
    tenant: values.tenant,
    kind: command === "transfer" ? "transfer-failed" : "close-failed",
    title: `[factoring] ${values.tenant}: ${command} failing`,
    body: [
      `The ${command} job of \`${values.tenant}\` was **cancelled or timed out** before it could report.`,
      "",
      command === "transfer"
        ? "If it stopped between recording a batch as pending and confirming the upload, the next transfer checks the factor's server: files there → recorded as transferred; otherwise it stops and asks you (`resolve_pending`). Nothing is sent twice."
        : "Payments carry a deterministic reference; the next closing finds any payment this run created and finishes it instead of posting again.",
      "",
      "This issue closes by itself after the next successful run.",
    ].join("\n"),
    labels: loaded.tenant?.reporting.labels ?? ["factoring"],
    assignees: loaded.tenant?.reporting.assignees ?? [],
    runUrl,
  });
  console.log(`${issue.action} ${issue.url}`);
  return 0;
}
