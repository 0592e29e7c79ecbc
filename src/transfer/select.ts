/** Which documents go today: the pure selection (select/) over what was read and what the ledger sent. */
import type { Tenant } from "../config/schema.ts";
import { formatterFor, kidIssue } from "../format/index.ts";
import { documentKey, type Batch } from "../ledger/types.ts";
import type { LookBack } from "../select/look-back.ts";
import {
  type CustomerLookup,
  judgeScreened,
  type Screening,
  type ScreeningInput,
  screenDocuments,
} from "../select/select.ts";
import type { Selection } from "../select/types.ts";
import { failpoint } from "../shared/failpoint.ts";
import type { ArDocument } from "../visma/index.ts";
import type { TransferRead } from "./read.ts";

export interface TransferSelection extends Selection {
  /** The ledger's recent batches after the pending ones were settled. */
  ledger: Batch[];
}

/** The read phase screened the documents to know which customers to read: judged to the end here, each once. */
export function select(read: TransferRead): TransferSelection {
  const selection = judgeScreened(read.screening, read.customers);
  failpoint("transfer:after-selection");
  return { ...selection, ledger: read.ledger };
}

/** documentKey of every document of a pending or transferred batch: never sent again. */
export function sentKeys(batches: readonly Batch[]): Set<string> {
  return new Set(batches.filter((b) => b.status !== "abandoned").flatMap((b) => b.documents.map(documentKey)));
}

export interface Candidates {
  documents: readonly ArDocument[];
  customers: CustomerLookup;
  /** documentKey of every document the ledger holds as sent (sentKeys). */
  alreadySent: ReadonlySet<string>;
}

/**
 * The first step of the selection with the tenant's rules (select.ts screenDocuments): what is
 * decided without customers, and which customers the rest needs.
 */
export function screenForTenant(
  tenant: Tenant,
  today: string,
  lookBack: LookBack,
  documents: readonly ArDocument[],
  alreadySent: ReadonlySet<string>,
): Screening {
  return screenDocuments(screeningInput(tenant, today, lookBack, documents, alreadySent));
}

/**
 * The selection with the tenant's rules: its KID check, its factor's file format, the look-back's
 * cut-offs. The select phase, and the doctor's forecast of what a run would send.
 */
export function selectForTenant(
  tenant: Tenant,
  today: string,
  lookBack: LookBack,
  { documents, customers, alreadySent }: Candidates,
): Selection {
  return judgeScreened(screenForTenant(tenant, today, lookBack, documents, alreadySent), customers);
}

function screeningInput(
  tenant: Tenant,
  today: string,
  lookBack: LookBack,
  documents: readonly ArDocument[],
  alreadySent: ReadonlySet<string>,
): ScreeningInput {
  const formatter = formatterFor(tenant.factor.format);
  return {
    settings: tenant,
    businessDate: today,
    since: lookBack.since,
    // Creation times carry the same unpublished zone as modification times: the same overlap.
    integrationStart: lookBack.integrationStart.minus(lookBack.overlap),
    documents,
    alreadySent,
    kidIssue: (kid) => kidIssue(kid, tenant.factor.kid),
    formatProblems: (doc, customer) => formatter.problems(doc, customer, tenant.factor),
  };
}
