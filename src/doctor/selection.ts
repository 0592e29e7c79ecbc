/**
 * The transfer's own selection (select/select.ts with the tenant's KID rule and the format's
 * check), so the doctor's counts are what a run would do with the same documents.
 */
import type { DateTime } from "luxon";
import type { Tenant } from "../config/schema.ts";
import { formatterFor, kidProblem } from "../format/index.ts";
import { selectDocuments, type Selection } from "../select/select.ts";
import type { ArDocument, Customer } from "../visma/types.ts";

export interface SelectionFor {
  tenant: Tenant;
  today: string;
  since: DateTime;
  integrationStart: DateTime;
  documents: readonly ArDocument[];
  customers: ReadonlyMap<string, Customer>;
  alreadySent: ReadonlySet<string>;
}

export function selectLikeTransfer(s: SelectionFor): Selection {
  const formatter = formatterFor(s.tenant.factor.format);
  return selectDocuments({
    settings: s.tenant,
    businessDate: s.today,
    since: s.since,
    integrationStart: s.integrationStart,
    documents: s.documents,
    customers: s.customers,
    alreadySent: s.alreadySent,
    kidProblem: (kid) => kidProblem(kid, s.tenant.factor.kid),
    formatProblems: (doc, customer) => formatter.check(doc, customer, s.tenant.factor),
  });
}

/** "invoice 000123", "credit note 000124". */
export function docName(d: { type: ArDocument["type"]; number: string }): string {
  return `${d.type === "Invoice" ? "invoice" : "credit note"} ${d.number}`;
}
