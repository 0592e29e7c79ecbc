/** What every phase of a tenant's closing shares: the tenant, the run, its business day and ledger. */
import type { Tenant } from "../config/schema.ts";
import { LedgerStore } from "../ledger/store.ts";
import type { RunContext } from "../run/context.ts";
import { businessDate } from "../shared/time.ts";

export interface ClosingRun {
  tenant: Tenant;
  ctx: RunContext;
  /** The business date (yyyy-MM-dd) in the tenant's zone: the payments' application date. */
  today: string;
  store: LedgerStore;
}

export function openClosing(tenant: Tenant, ctx: RunContext): ClosingRun {
  return {
    tenant,
    ctx,
    today: businessDate(ctx.now, tenant.timeZone),
    store: new LedgerStore(ctx.stateDir, tenant.id),
  };
}
