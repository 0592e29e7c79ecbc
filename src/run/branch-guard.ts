/**
 * Only the default branch's code may send invoices and record the ledger (issue 13 §1). The
 * ledger has one home whatever branch a run starts from (the tenants' state branches,
 * ledger/state-refs.ts), but the code on another branch is not reviewed: a run dispatched from it
 * may look (a dry run reads the real state and sends, posts and records nothing) and nothing
 * more. The tenants' Environments, restricted to the default branch, keep their secrets from such
 * a run in the first place; this guard is the product's own line behind them.
 *
 * The workflows pass the default branch's name (FACTORING_DEFAULT_BRANCH, from
 * github.event.repository.default_branch). A scheduled run carries no repository in its event
 * and always runs the default branch (ASSUMPTION(A58)); it is let through by its event name.
 */
import { FactoringError } from "../shared/errors.ts";

export class BranchRefusedError extends FactoringError {}

export function guardBranch(env: NodeJS.ProcessEnv, run: { dryRun: boolean }): void {
  const ref = env.GITHUB_REF_NAME;
  // Not started by a workflow (a local run), or nothing will be sent or posted. A run without
  // --commit is guarded too: it records nothing, but it still sends files and posts payments.
  if (run.dryRun || !ref) return;
  if (env.GITHUB_EVENT_NAME === "schedule") return;
  const main = env.FACTORING_DEFAULT_BRANCH;
  if (!main)
    throw new BranchRefusedError(
      "this run cannot tell whether it runs the default branch (FACTORING_DEFAULT_BRANCH is not set; the workflows pass github.event.repository.default_branch): nothing was sent or recorded",
    );
  if (ref !== main || env.GITHUB_REF_TYPE === "tag")
    throw new BranchRefusedError(
      `this run was started from ${env.GITHUB_REF_TYPE === "tag" ? "tag" : "branch"} "${ref}", not from the default branch "${main}": ` +
        `only a dry run may run from there. Code on another branch is unreviewed, and it would send to the factors and write the one ledger every branch shares (factoring-state/<tenant>). ` +
        `Nothing was sent or recorded. Run the workflow from "${main}", or tick dry_run to see what it would do.`,
    );
}
