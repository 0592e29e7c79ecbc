/**
 * The daily transfer of one tenant, as its phases: settle what an earlier run left pending, read
 * Visma.net, select, format, record the batch as pending, upload, record it as transferred.
 *
 * Write-ahead order is the whole point: the batch is in the ledger (and pushed, in Actions)
 * before a byte leaves for the factor, so a crash at any step leaves either nothing sent or a
 * pending batch that the next run settles by looking at the server, never by sending again.
 */
import type { Tenant } from "../config/schema.ts";
import type { RunContext } from "../run/context.ts";
import { runPhases } from "../run/phases.ts";
import type { TenantRunResult } from "../run/result.ts";
import { formatBatch } from "./format-batch.ts";
import { checkWindow } from "./gate.ts";
import { read } from "./read.ts";
import { recordNothingToSend, recordPending, recordTransferred, sent, wouldSend } from "./record.ts";
import { transferResult, type TransferPhases } from "./result.ts";
import { openTransfer } from "./run.ts";
import { select } from "./select.ts";
import { pendingUnsettled, settlePending } from "./settle-pending.ts";
import { upload } from "./upload.ts";

export async function transferTenant(tenant: Tenant, ctx: RunContext): Promise<TenantRunResult> {
  const run = await openTransfer(tenant, ctx);
  const ended = await runPhases<TransferPhases>(ctx, async (phase) => {
    await phase("window", () => checkWindow(run));
    const settled = await phase("settle pending", () => settlePending(run));
    if (settled.unsettled.length > 0) return pendingUnsettled(settled);
    const fromVisma = await phase("read", () => read(run, settled));
    const selection = await phase("select", () => select(fromVisma));
    if (selection.selected.length === 0)
      return phase("record nothing to send", () => recordNothingToSend(run, fromVisma));
    const batch = await phase("format", () => formatBatch(run, fromVisma, selection));
    if (ctx.dryRun) return wouldSend(batch);
    const pending = await phase("record pending", () => recordPending(run, batch, fromVisma));
    await phase("upload", () => upload(run, batch));
    return sent(await phase("record transferred", () => recordTransferred(run, pending, batch, fromVisma)));
  }).finally(() => run.closeDelivery());
  return transferResult(run, ended);
}
