/**
 * A tenant's badge on the status site, and why. The reasons are built from counts and dates
 * only (never a customer, a document or an amount), so the public site shows them as well.
 *
 * - failing: the tenant file has errors, the ledger cannot be read, or the last transfer or
 *   closing run failed;
 * - disabled: out of the scheduled runs (enabled: false, or no tenant file) and not failing;
 * - needs attention: open items on the attention list, a batch still pending (it may or may not
 *   be at the factor), documents waiting for the closing well past its delay, or no run recorded
 *   for days (a dropped schedule is otherwise silent);
 * - ok: none of these.
 */
import { DateTime } from "luxon";
import type { RunCommand } from "../ledger/run-status.ts";
import { addDays } from "../shared/time.ts";
import { hoursBetween, transferredDocuments } from "./figures.ts";
import type { TenantState } from "./load.ts";

export type Health = "failing" | "attention" | "ok" | "disabled";

/** Order on the overview: what needs a human first. */
export const HEALTH_ORDER: readonly Health[] = ["failing", "attention", "ok", "disabled"];

export const HEALTH_LABELS: Record<Health, string> = {
  failing: "failing",
  attention: "needs attention",
  ok: "ok",
  disabled: "disabled",
};

/** Hours past the closing delay before waiting documents count as overdue (runs are hours apart and can be dropped). */
export const CLOSING_GRACE_HOURS = 48;
/** Days without a recorded run of a command before the tenant needs a look (both run every day). */
export const STALE_RUN_DAYS = 3;

const COMMAND_NAMES: Record<RunCommand, string> = { transfer: "transfer", close: "closing" };

export function tenantHealth(state: TenantState, now: DateTime, today: string): { health: Health; reasons: string[] } {
  const { tenant } = state;
  const failing: string[] = [];
  if (tenant.fileProblem === "errors") failing.push("the tenant file has errors (npm run validate)");
  if (state.readError) failing.push("the ledger cannot be read");
  for (const command of ["transfer", "close"] as const) {
    const run = state.runStatus?.runs[command];
    if (run?.status === "failed") failing.push(`the last ${COMMAND_NAMES[command]} failed (${run.businessDate})`);
  }
  if (failing.length > 0) return { health: "failing", reasons: failing };
  if (!tenant.enabled) {
    return {
      health: "disabled",
      reasons: [tenant.fileProblem === "missing" ? "no tenant file: ledger only" : "enabled: false in the tenant file"],
    };
  }

  const attention: string[] = [];
  const pending = state.batches.filter((b) => b.status === "pending").length;
  if (pending > 0) attention.push(`${pending} batch${pending === 1 ? "" : "es"} pending: check with the factor`);
  if (state.attention.length > 0)
    attention.push(`${state.attention.length} open attention item${state.attention.length === 1 ? "" : "s"}`);
  if (tenant.closing.enabled) {
    const limit = tenant.closing.delayHours + CLOSING_GRACE_HOURS;
    const overdue = transferredDocuments(state.batches).filter(
      ({ batch, doc }) => !doc.closing && hoursBetween(batch.transferredAt ?? batch.createdAt, now) > limit,
    ).length;
    if (overdue > 0)
      attention.push(`${overdue} document${overdue === 1 ? "" : "s"} waiting for the closing over ${limit} h`);
  }
  const stale = addDays(today, -STALE_RUN_DAYS);
  for (const command of ["transfer", "close"] as const) {
    if (command === "close" && !tenant.closing.enabled) continue;
    // Only a command that recorded runs before: a new tenant, or a ledger older than the record, says nothing.
    const run = state.runStatus?.runs[command];
    if (run && run.businessDate < stale) attention.push(`no ${COMMAND_NAMES[command]} run since ${run.businessDate}`);
  }
  return attention.length > 0 ? { health: "attention", reasons: attention } : { health: "ok", reasons: [] };
}
