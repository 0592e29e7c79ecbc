/**
 * The customers a transfer reads: only those its selection needs (select.ts screenDocuments: the
 * customers of the documents no earlier rule decides), read the cheapest way Visma.net allows,
 * since the register can hold tens of thousands while a day's documents name a few dozen.
 *
 * - none needed: no call;
 * - one or two: each by number (`GET /v1/customer/{number}`): no list can do it in fewer;
 * - more: the first page of the register, whose metadata tells how many pages the register takes.
 *   If that is no more than the customers needed, the rest of the register (the whole register is
 *   then the cheapest way). Otherwise the customers changed since the look-back (usually one page:
 *   new and edited customers, often the very ones invoiced today) and the rest by number.
 *
 * So a day's calls follow the day's customers, never the size of the register: at worst the
 * register's first page and the changed customers' page above reading each needed one by number.
 *
 * ASSUMPTION(A64): the single GET names `defaultPaymentMethodId` like the list (the same CustomerDto;
 * the expand flag adds `paymentMethods[]`, which the selection does not read). Should an answer name
 * neither, the default is unknown, not absent: when the tenant selects by payment method, those
 * customers are read again from the register (with the flag), so no document is judged on a guess.
 *
 * "An unreadable customer holds back its documents": a needed customer Visma.net returns in a form
 * that cannot be read is named, its documents wait (missing-customer) and the cursor stays
 * (read.ts isComplete). A customer Visma.net does not know (404) is simply not returned, as when
 * the register lacks it. A customer nothing needs is never read, so it can hold nothing back.
 */
import type { DateTime } from "luxon";
import type { Tenant } from "../config/schema.ts";
import { notice, type NoticeOf } from "../shared/notice.ts";
import { toVismaFilterDateTime } from "../shared/time.ts";
import {
  type Customer,
  type ListResult,
  type MalformedElement,
  type VismaApi,
  VismaApiError,
  VismaResponseError,
} from "../visma/index.ts";

export interface CustomersRead {
  customers: Map<string, Customer>;
  /** Needed customers Visma.net returned unreadably: their documents wait, each named. */
  unreadable: NoticeOf<"malformed-customer">[];
}

export async function readCustomers(
  visma: VismaApi,
  tenant: Pick<Tenant, "timeZone" | "selection">,
  needed: ReadonlySet<string>,
  since: DateTime,
): Promise<CustomersRead> {
  const out: CustomersRead = { customers: new Map(), unreadable: [] };
  const missing = new Set(needed);
  const take = (list: ListResult<Customer>) => {
    for (const c of list.items) if (missing.delete(c.number)) out.customers.set(c.number, c);
    for (const m of list.malformed) if (missing.delete(m.id)) out.unreadable.push(unreadable(m));
  };
  let register: ListResult<Customer> | undefined;
  if (missing.size > 2) {
    // The whole register only if it takes no more pages than there are customers to read.
    register = await visma.listCustomers({ pagesAtMost: missing.size });
    take(register);
    // A whole register (every element identified) lacks the rest: they do not exist.
    if (register.complete === undefined && register.malformed.every((m) => !isUnidentified(m))) missing.clear();
    if (missing.size > 2) take(await visma.listCustomers({ lastModifiedDateTime: filterFrom(since, tenant.timeZone) }));
  }
  const byNumber = await Promise.all([...missing].map((number) => readOne(visma, number)));
  const unknownDefault: string[] = [];
  for (const one of byNumber) {
    if (one === undefined) continue;
    if ("notice" in one) out.unreadable.push(one.notice);
    else if (one.customer.paymentMethodsKnown === false && tenant.selection.paymentMethods.length > 0)
      unknownDefault.push(one.customer.number);
    else out.customers.set(one.customer.number, one.customer);
  }
  if (unknownDefault.length > 0) {
    const whole = register?.complete === undefined && register ? register : await visma.listCustomers();
    for (const number of unknownDefault) {
      const customer = whole.items.find((c) => c.number === number);
      if (customer) out.customers.set(number, customer);
    }
  }
  return out;
}

/** An element Visma.net returned without a readable number ("element #n"): it could be anyone. */
function isUnidentified(m: MalformedElement): boolean {
  return /^element #/.test(m.id);
}

async function readOne(
  visma: VismaApi,
  number: string,
): Promise<{ customer: Customer } | { notice: NoticeOf<"malformed-customer"> } | undefined> {
  try {
    return { customer: await visma.getCustomer(number) };
  } catch (error) {
    if (error instanceof VismaApiError && error.status === 404) return undefined;
    if (!(error instanceof VismaResponseError)) throw error;
    // The answer did not parse: this customer's documents wait.
    return {
      notice: notice(
        "malformed-customer",
        { endpoint: `GET /v1/customer/${number}`, customer: number, problem: (error as Error).message },
        { key: `customer ${number}` },
      ),
    };
  }
}

function unreadable(m: MalformedElement): NoticeOf<"malformed-customer"> {
  return notice(
    "malformed-customer",
    { endpoint: m.endpoint, customer: m.id, problem: m.problem },
    { key: `customer ${m.id}` },
  );
}

function filterFrom(since: DateTime, zone: string) {
  return { value: toVismaFilterDateTime(since, zone), condition: ">=" as const };
}
