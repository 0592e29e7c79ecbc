/**
 * A sample of recent Open invoices and credit notes (dated in the last 30 days), judged with the
 * product's own parsing and selection: how many parse (every unreadable element on its own line),
 * how many would be selected and why the others would not, how many invoices carry a valid KID
 * under the tenant's rule, which customers lack an organisation number or an address, and which
 * documents are in a currency other than NOK.
 */
import { DateTime, Duration } from "luxon";
import type { Tenant } from "../config/schema.ts";
import { kidProblem } from "../format/index.ts";
import { documentKey } from "../ledger/types.ts";
import type { Exclusion } from "../select/types.ts";
import { type ExclusionCode, reachOf } from "../shared/notice.ts";
import { selectForTenant } from "../transfer/select.ts";
import type { ArDocument, Customer, ListResult } from "../visma/index.ts";
import { groupBy } from "../shared/group.ts";
import { count, fail, listed, pass, unknown, type Check } from "./types.ts";
import { SAMPLE_CAP, type VismaFacts } from "./visma-facts.ts";

/** Codes that say a document is not one the tenant factors at all. */
const NOT_FACTORED: ReadonlySet<ExclusionCode> = new Set(["payment-method", "document-type", "unsupported-type"]);
/** Codes with a line of their own below (KID, currencies) or above (unreadable). */
const OWN_LINE: ReadonlySet<ExclusionCode> = new Set(["kid", "currency", "malformed"]);
/** "Since the last transfer" and "created after the start" are the ledger's business (ledger.ts). */
const WHOLE_SAMPLE = {
  since: DateTime.fromMillis(0),
  integrationStart: DateTime.fromMillis(0),
  overlap: Duration.fromMillis(0),
};

export interface SampleInput {
  tenant: Tenant;
  today: string;
  facts: Pick<VismaFacts, "sample" | "nextRun" | "sampleCustomers" | "sampleFrom">;
  /** documentKey of every document in a pending or transferred batch. */
  alreadySent: ReadonlySet<string>;
}

export interface SampleResult {
  checks: Check[];
  /** The documents of the sample the tenant factors (for the day's estimate); null when unread. */
  factored: ArDocument[] | null;
}

export function sampleChecks({ tenant, today, facts, alreadySent }: SampleInput): SampleResult {
  const { sample, nextRun, sampleCustomers } = facts;
  if (!sample.ok)
    return { checks: [fail("documents", `the sample could not be read: ${sample.error}`)], factored: null };
  const { invoices, creditNotes } = sample.value;
  const documents = [...invoices.items, ...creditNotes.items];
  const checks: Check[] = [
    parseCheck(invoices, creditNotes, facts.sampleFrom),
    ...unreadableLines(invoices, "invoice"),
    ...unreadableLines(creditNotes, "credit note"),
  ];
  if (!nextRun.ok || !sampleCustomers.ok) {
    const error = !nextRun.ok ? nextRun.error : !sampleCustomers.ok ? sampleCustomers.error : "";
    checks.push(unknown("selection", `not judged: the customers could not be read (${error})`));
    return { checks, factored: null };
  }
  const customers = new Map([...nextRun.value.customers, ...sampleCustomers.value.customers]);
  for (const notice of [...nextRun.value.unreadableCustomers, ...sampleCustomers.value.unreadable])
    checks.push(fail("unreadable customer", notice.message));

  // Every recent document judged on its merits, by the transfer's own selection.
  const selection = selectForTenant(tenant, today, WHOLE_SAMPLE, { documents, customers, alreadySent });
  const excludedAs = new Map(selection.excluded.map((e) => [documentKey(e.document), e.code]));
  const factored = documents.filter((d) => {
    const code = excludedAs.get(documentKey(d));
    return code === undefined || !NOT_FACTORED.has(code);
  });
  checks.push(selectionCheck(documents.length, selection.selected.length, factored.length, selection.excluded, tenant));
  checks.push(...heldBackLines(selection.excluded));
  checks.push(kidCheck(factored, tenant), customerCheck(factored, customers), currencyCheck(factored, tenant));
  return { checks, factored };
}

function parseCheck(invoices: ListResult<ArDocument>, creditNotes: ListResult<ArDocument>, from: string): Check {
  const size = (l: ListResult<ArDocument>) => l.items.length + l.malformed.length;
  const capped =
    size(invoices) >= SAMPLE_CAP || size(creditNotes) >= SAMPLE_CAP
      ? ` (the sample stops at about ${SAMPLE_CAP} per list)`
      : "";
  const read = `${count(size(invoices), "invoice")} and ${count(size(creditNotes), "credit note")} Open, dated from ${from}${capped}`;
  const bad = invoices.malformed.length + creditNotes.malformed.length;
  if (bad > 0)
    return fail(
      "documents",
      `${read}: ${bad} could not be read (each below); the transfer holds them back and fails until they read`,
    );
  if (invoices.items.length + creditNotes.items.length === 0)
    return unknown("documents", `${read}: nothing recent to judge the company's data by`);
  return pass("documents", `${read}: all parse`);
}

function unreadableLines(list: ListResult<ArDocument>, what: string): Check[] {
  return list.malformed.map((m) => fail(`unreadable ${what} ${m.id}`, `${m.endpoint}: ${m.problem}`));
}

function selectionCheck(
  total: number,
  selected: number,
  factored: number,
  excluded: Exclusion[],
  tenant: Tenant,
): Check {
  const reasons = (routine: boolean) =>
    tally(excluded.filter((e) => (reachOf(e.code) === "routine") === routine).map((e) => e.code)).join(", ") || "none";
  const seen = `${selected} of ${total} would be selected by today's rules; held back for a person: ${reasons(false)}; not for the factor: ${reasons(true)}`;
  if (total === 0) return unknown("selection", "no recent Open document to select from");
  if (factored === 0) {
    const methods = tenant.selection.paymentMethods.join(", ");
    return unknown(
      "selection",
      `${seen}: no document carries a factoring payment method (${methods}); check selection.paymentMethods against the customers' defaults in Visma.net`,
    );
  }
  return selected > 0 ? pass("selection", seen) : unknown("selection", `${seen}: none would be sent`);
}

/** One line per code a person must act on (KID and currency have their own lines). */
function heldBackLines(excluded: Exclusion[]): Check[] {
  const byCode = groupBy(
    excluded.filter((e) => reachOf(e.code) === "attention" && !OWN_LINE.has(e.code)),
    (e) => e.code,
  );
  return [...byCode].map(([reason, list]) => {
    // Documents held back for the same reason often share the words: each text once, with its documents.
    const byMessage = groupBy(list, (e) => e.message);
    const texts = [...byMessage].map(
      ([message, same]) =>
        `${listed(
          same.map((e) => docName(e.document)),
          5,
        )}: ${message}`,
    );
    const more = texts.length > 3 ? `; and ${texts.length - 3} more` : "";
    return unknown(
      `held back (${reason})`,
      `${count(list.length, "document")}; ${texts.slice(0, 3).join("; ")}${more}`,
    );
  });
}

function kidCheck(factored: ArDocument[], tenant: Tenant): Check {
  const rule = tenant.factor.kid;
  const invoices = factored.filter((d) => d.type === "Invoice");
  if (invoices.length === 0) return unknown("KID", "no factored invoice in the sample");
  if (rule === "none")
    return pass(
      "KID",
      `factor.kid is none: not checked (${invoices.filter((d) => d.kid).length} of ${invoices.length} factored invoices carry one)`,
    );
  const bad = invoices.map((d) => ({ d, problem: kidProblem(d.kid, rule) })).filter((x) => x.problem !== null);
  const valid = invoices.length - bad.length;
  const seen = `${valid} of ${count(invoices.length, "factored invoice")} carry a valid ${rule.toUpperCase()} KID`;
  if (bad.length === 0) return pass("KID", seen);
  const named = listed(
    bad.map((x) => `${x.d.number} (${x.problem})`),
    5,
  );
  if (bad.length >= 2 && bad.length > valid) {
    return fail(
      "KID",
      `${seen}: most fail, so the rule or the KID setup is wrong; check factor.kid and the payment method's KID settings in Visma.net: ${named}`,
    );
  }
  return unknown("KID", `${seen}; held back until corrected: ${named}`);
}

function customerCheck(factored: ArDocument[], customers: ReadonlyMap<string, Customer>): Check {
  const numbers = [...new Set(factored.map((d) => d.customer.number))].sort();
  if (numbers.length === 0) return unknown("customers", "no factored document in the sample");
  const missing = numbers.filter((n) => !customers.has(n));
  const noOrg = numbers.filter((n) => customers.has(n) && !customers.get(n)!.corporateId?.trim());
  const noAddress = numbers.filter((n) => {
    const c = customers.get(n);
    const doc = factored.find((d) => d.customer.number === n);
    const a = doc?.invoiceAddress ?? c?.invoiceAddress ?? null;
    return c !== undefined && !(a?.line1?.trim() && a.postalCode?.trim() && a.city?.trim());
  });
  const name = (n: string) => `${n}${customers.get(n) ? ` ${customers.get(n)!.name}` : ""}`;
  const parts = [
    noOrg.length > 0 ? `${noOrg.length} without organisation number (${listed(noOrg.map(name), 5)})` : "",
    noAddress.length > 0 ? `${noAddress.length} without a full address (${listed(noAddress.map(name), 5)})` : "",
    missing.length > 0 ? `${missing.length} not returned by Visma.net (${listed(missing, 5)})` : "",
  ].filter(Boolean);
  if (parts.length === 0)
    return pass(
      "customers",
      `all ${numbers.length} customers of the factored documents have an organisation number and an address`,
    );
  return unknown(
    "customers",
    `of ${numbers.length} customers of the factored documents: ${parts.join("; ")}; whether that holds a document back depends on the format (see held back)`,
  );
}

function currencyCheck(factored: ArDocument[], tenant: Tenant): Check {
  if (factored.length === 0) return unknown("currencies", "no factored document in the sample");
  const byCurrency = new Map<string, ArDocument[]>();
  for (const d of factored) byCurrency.set(d.currency, [...(byCurrency.get(d.currency) ?? []), d]);
  const takes = tenant.factor.currencies;
  const foreign = [...byCurrency].filter(([c]) => c !== "NOK");
  const shown = [...byCurrency]
    .map(
      ([c, docs]) =>
        `${c} ${docs.length}${
          c === "NOK"
            ? ""
            : ` (${listed(
                docs.map((d) => d.number),
                5,
              )})`
        }`,
    )
    .join(", ");
  const refused = [...byCurrency.keys()].filter((c) => !takes.includes(c));
  if (refused.length > 0) {
    return unknown(
      "currencies",
      `${shown}; the factor takes ${takes.join(", ")} (factor.currencies), so the ${refused.join(", ")} documents are held back for a person`,
    );
  }
  return pass(
    "currencies",
    foreign.length === 0 ? `${shown}: no foreign-currency document` : `${shown}; the factor takes ${takes.join(", ")}`,
  );
}

function tally(reasons: string[]): string[] {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`);
}

/** "invoice 000123", "credit note 000124". */
export function docName(d: { type: ArDocument["type"]; number: string }): string {
  return `${d.type === "Invoice" ? "invoice" : "credit note"} ${d.number}`;
}
