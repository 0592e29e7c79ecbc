/** Which documents go today: the pure selection (select/) over what was read and what the ledger sent. */
import { formatterFor, kidProblem } from "../format/index.ts";
import { documentKey, type Batch } from "../ledger/types.ts";
import { selectDocuments } from "../select/select.ts";
import type { Selection } from "../select/types.ts";
import { failpoint } from "../shared/failpoint.ts";
import type { TransferRead } from "./read.ts";
import type { TransferRun } from "./run.ts";
import type { Settled } from "./settle-pending.ts";

export interface TransferSelection extends Selection {
  /** The ledger's recent batches after the pending ones were settled. */
  ledger: Batch[];
}

export async function select(
  { tenant, store, today }: TransferRun,
  read: TransferRead,
  settled: Settled,
): Promise<TransferSelection> {
  // Pending batches settled above are transferred (or abandoned) now: read them again.
  const ledger = settled.settled > 0 ? await store.recentBatches(today) : settled.batches;
  const alreadySent = new Set(
    ledger.filter((b) => b.status !== "abandoned").flatMap((b) => b.documents.map((d) => documentKey(d))),
  );
  const formatter = formatterFor(tenant.factor.format);
  const selection = selectDocuments({
    settings: tenant,
    businessDate: today,
    since: read.since,
    integrationStart: read.integrationStart.minus(read.overlap),
    documents: read.documents,
    customers: read.customers,
    alreadySent,
    kidProblem: (kid) => kidProblem(kid, tenant.factor.kid),
    formatProblems: (doc, customer) => formatter.check(doc, customer, tenant.factor),
  });
  failpoint("transfer:after-selection");
  return { ...selection, ledger };
}
