/**
 * A sample of recent Open invoices and credit notes (dated in the last 30 days), judged with the
 * product's own parsing and selection: how many parse (every unreadable element on its own line),
 * how many would be selected and why the others would not, how many invoices carry a valid KID
 * under the tenant's rule, which customers lack an organisation number or an address, and which
 * documents are in a currency other than NOK.
 */
import { DateTime, Duration } from "luxon";
import type { Tenant } from "../config/schema.ts";
import { kidIssue } from "../format/index.ts";
import { documentKey } from "../ledger/types.ts";
import type { Exclusion } from "../select/types.ts";
import { type ExclusionCode, type KidIssue, reachOf } from "../shared/notice.ts";
import { selectForTenant } from "../transfer/select.ts";
import type { ArDocument, Customer, ListResult } from "../visma/index.ts";
import { groupBy } from "../shared/group.ts";
import { type Catalogue, noticeLabel, noticeText } from "../report/messages/index.ts";
import { fail, pass, unknown, type Check } from "./types.ts";
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

export function sampleChecks({ tenant, today, facts, alreadySent }: SampleInput, t: Catalogue): SampleResult {
  const d = t.doctor;
  const { sample, nextRun, sampleCustomers } = facts;
  if (!sample.ok) return { checks: [fail(d.name.documents, d.sampleNotRead({ error: sample.error }))], factored: null };
  const { invoices, creditNotes } = sample.value;
  const documents = [...invoices.items, ...creditNotes.items];
  const checks: Check[] = [
    parseCheck(invoices, creditNotes, facts.sampleFrom, t),
    ...unreadableLines(invoices, "Invoice", t),
    ...unreadableLines(creditNotes, "CreditNote", t),
  ];
  if (!nextRun.ok || !sampleCustomers.ok) {
    const error = !nextRun.ok ? nextRun.error : !sampleCustomers.ok ? sampleCustomers.error : "";
    checks.push(unknown(d.name.selection, d.selectionNotJudged({ error })));
    return { checks, factored: null };
  }
  const customers = new Map([...nextRun.value.customers, ...sampleCustomers.value.customers]);
  for (const notice of [...nextRun.value.unreadableCustomers, ...sampleCustomers.value.unreadable])
    checks.push(fail(d.name.unreadableCustomer, noticeText(t, notice)));

  // Every recent document judged on its merits, by the transfer's own selection.
  const selection = selectForTenant(tenant, today, WHOLE_SAMPLE, { documents, customers, alreadySent });
  const excludedAs = new Map(selection.excluded.map((e) => [documentKey(e.document), e.code]));
  const factored = documents.filter((doc) => {
    const code = excludedAs.get(documentKey(doc));
    return code === undefined || !NOT_FACTORED.has(code);
  });
  checks.push(
    selectionCheck(documents.length, selection.selected.length, factored.length, selection.excluded, tenant, t),
  );
  checks.push(...heldBackLines(selection.excluded, t));
  checks.push(kidCheck(factored, tenant, t), customerCheck(factored, customers, t), currencyCheck(factored, tenant, t));
  return { checks, factored };
}

function parseCheck(
  invoices: ListResult<ArDocument>,
  creditNotes: ListResult<ArDocument>,
  from: string,
  t: Catalogue,
): Check {
  const d = t.doctor;
  const size = (l: ListResult<ArDocument>) => l.items.length + l.malformed.length;
  const capped = size(invoices) >= SAMPLE_CAP || size(creditNotes) >= SAMPLE_CAP;
  const read = d.sampleRead({
    invoices: size(invoices),
    creditNotes: size(creditNotes),
    from,
    cap: capped ? SAMPLE_CAP : null,
  });
  const bad = invoices.malformed.length + creditNotes.malformed.length;
  if (bad > 0) return fail(d.name.documents, d.sampleUnreadable({ read, count: bad }));
  if (invoices.items.length + creditNotes.items.length === 0) return unknown(d.name.documents, d.sampleEmpty({ read }));
  return pass(d.name.documents, d.sampleOk({ read }));
}

function unreadableLines(list: ListResult<ArDocument>, type: ArDocument["type"], t: Catalogue): Check[] {
  return list.malformed.map((m) =>
    fail(t.doctor.name.unreadableDocument({ type, id: m.id }), `${m.endpoint}: ${m.problem}`),
  );
}

function selectionCheck(
  total: number,
  selected: number,
  factored: number,
  excluded: Exclusion[],
  tenant: Tenant,
  t: Catalogue,
): Check {
  const d = t.doctor;
  const reasons = (routine: boolean) =>
    tally(
      excluded.filter((e) => (reachOf(e.code) === "routine") === routine).map((e) => e.code),
      t,
    ).join(", ") || d.noneTallied;
  const seen = d.selectionSeen({ selected, total, held: reasons(false), routine: reasons(true) });
  if (total === 0) return unknown(d.name.selection, d.selectionEmpty);
  if (factored === 0)
    return unknown(d.name.selection, d.selectionNoMethod({ seen, methods: tenant.selection.paymentMethods }));
  return selected > 0 ? pass(d.name.selection, seen) : unknown(d.name.selection, d.selectionNoneSent({ seen }));
}

/** One line per code a person must act on (KID and currency have their own lines). */
function heldBackLines(excluded: Exclusion[], t: Catalogue): Check[] {
  const d = t.doctor;
  const byCode = groupBy(
    excluded.filter((e) => reachOf(e.code) === "attention" && !OWN_LINE.has(e.code)),
    (e) => e.code,
  );
  return [...byCode].map(([code, list]) => {
    // Documents held back for the same reason often share the words: each text once, with its documents.
    const byText = groupBy(list, (e) => noticeText(t, e));
    const texts = [...byText].map(([text, same]) =>
      d.heldBackText({
        documents: t.f.listed(
          same.map((e) => docName(e.document, t)),
          5,
        ),
        text,
      }),
    );
    return unknown(
      d.name.heldBack({ label: noticeLabel(t, code) }),
      d.heldBack({ count: list.length, texts: texts.slice(0, 3), more: Math.max(0, texts.length - 3) }),
    );
  });
}

function kidCheck(factored: ArDocument[], tenant: Tenant, t: Catalogue): Check {
  const d = t.doctor;
  const rule = tenant.factor.kid;
  const invoices = factored.filter((doc) => doc.type === "Invoice");
  if (invoices.length === 0) return unknown(d.name.kid, d.kidNoInvoice);
  if (rule === "none")
    return pass(
      d.name.kid,
      d.kidNotChecked({ carrying: invoices.filter((doc) => doc.kid).length, total: invoices.length }),
    );
  const bad = invoices
    .map((doc) => ({ doc, issue: kidIssue(doc.kid, rule) }))
    .filter((x): x is { doc: ArDocument; issue: KidIssue } => x.issue !== null);
  const valid = invoices.length - bad.length;
  const seen = d.kidSeen({ valid, total: invoices.length, rule: rule.toUpperCase() });
  if (bad.length === 0) return pass(d.name.kid, seen);
  const named = t.f.listed(
    bad.map((x) => d.kidBad({ number: x.doc.number, problem: kidText(t, x.issue) })),
    5,
  );
  // Most fail: the rule or the KID setup is wrong, not the documents.
  if (bad.length >= 2 && bad.length > valid) return fail(d.name.kid, d.kidMostFail({ seen, named }));
  return unknown(d.name.kid, d.kidHeld({ seen, named }));
}

/** What is wrong with a KID, in the catalogue's words. */
function kidText(t: Catalogue, issue: KidIssue): string {
  return t.words.kid(issue);
}

function customerCheck(factored: ArDocument[], customers: ReadonlyMap<string, Customer>, t: Catalogue): Check {
  const d = t.doctor;
  const numbers = [...new Set(factored.map((doc) => doc.customer.number))].sort();
  if (numbers.length === 0) return unknown(d.name.customers, d.customersNone);
  const missing = numbers.filter((n) => !customers.has(n));
  const noOrg = numbers.filter((n) => customers.has(n) && !customers.get(n)!.corporateId?.trim());
  const noAddress = numbers.filter((n) => {
    const c = customers.get(n);
    const doc = factored.find((x) => x.customer.number === n);
    const a = doc?.invoiceAddress ?? c?.invoiceAddress ?? null;
    return c !== undefined && !(a?.line1?.trim() && a.postalCode?.trim() && a.city?.trim());
  });
  const name = (n: string) => `${n}${customers.get(n) ? ` ${customers.get(n)!.name}` : ""}`;
  if (noOrg.length + noAddress.length + missing.length === 0)
    return pass(d.name.customers, d.customersOk({ count: numbers.length }));
  return unknown(
    d.name.customers,
    d.customersSome({ count: numbers.length, noOrg: noOrg.map(name), noAddress: noAddress.map(name), missing }),
  );
}

function currencyCheck(factored: ArDocument[], tenant: Tenant, t: Catalogue): Check {
  const d = t.doctor;
  if (factored.length === 0) return unknown(d.name.currencies, d.currenciesNone);
  const byCurrency = new Map<string, ArDocument[]>();
  for (const doc of factored) byCurrency.set(doc.currency, [...(byCurrency.get(doc.currency) ?? []), doc]);
  const takes = tenant.factor.currencies;
  const foreign = [...byCurrency].filter(([c]) => c !== "NOK");
  const shown = [...byCurrency]
    .map(
      ([c, docs]) =>
        `${c} ${docs.length}${
          c === "NOK"
            ? ""
            : ` (${t.f.listed(
                docs.map((doc) => doc.number),
                5,
              )})`
        }`,
    )
    .join(", ");
  const refused = [...byCurrency.keys()].filter((c) => !takes.includes(c));
  if (refused.length > 0) return unknown(d.name.currencies, d.currenciesRefused({ shown, takes, refused }));
  return pass(d.name.currencies, d.currenciesOk({ shown, foreign: foreign.length > 0, takes }));
}

/** "too-old 3, kid 1": codes (by their label) and how often, most first. */
function tally(codes: string[], t: Catalogue): string[] {
  const counts = new Map<string, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([code, count]) => t.doctor.tally({ label: noticeLabel(t, code), count }));
}

/** "invoice 000123", "credit note 000124". */
export function docName(doc: { type: ArDocument["type"]; number: string }, t: Catalogue): string {
  return t.doctor.documentName(doc);
}
