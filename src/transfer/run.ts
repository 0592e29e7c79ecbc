/** What every phase of a tenant's transfer shares: the tenant, the run, its business day and ledger. */
import type { Tenant } from "../config/schema.ts";
import type { Delivery } from "../deliver/index.ts";
import { LedgerStore } from "../ledger/store.ts";
import type { Cursor } from "../ledger/types.ts";
import type { RunContext } from "../run/context.ts";
import { businessDate } from "../shared/time.ts";

export interface TransferRun {
  tenant: Tenant;
  ctx: RunContext;
  zone: string;
  /** The business date (yyyy-MM-dd) in the tenant's zone. */
  today: string;
  store: LedgerStore;
  /** The ledger's cursor as the run started (undefined before the first transfer). */
  cursor: Cursor | undefined;
  /** The tenant's delivery, opened once on first use. */
  delivery(): Promise<Delivery>;
  /** Closes the delivery if a phase opened it. */
  closeDelivery(): Promise<void>;
}

export async function openTransfer(tenant: Tenant, ctx: RunContext): Promise<TransferRun> {
  // Every batch that may hold a document the selection can still pick is read: nothing goes twice.
  const store = new LedgerStore(ctx.stateDir, tenant.id, { lookBackDays: tenant.selection.maxInvoiceAgeDays });
  let delivery: Promise<Delivery> | undefined;
  return {
    tenant,
    ctx,
    zone: tenant.timeZone,
    today: businessDate(ctx.now, tenant.timeZone),
    store,
    cursor: await store.readCursor(),
    delivery: () => (delivery ??= ctx.openDelivery(tenant)),
    closeDelivery: async () => {
      await delivery?.then((d) => d.close()).catch(() => undefined);
    },
  };
}
