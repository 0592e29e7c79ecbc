/**
 * The company's setup the tenant file names: the factoring payment methods exist and are active;
 * for every currency the factor takes, the closing's cash account exists and is in that currency
 * (ASSUMPTION(A20): a payment takes its cash account's currency, and Visma.net refuses one that
 * differs from the document's); and each account is usable with the closing's payment method.
 * ASSUMPTION(A54): an inactive method is refused like a missing one. ASSUMPTION(A55): the API does
 * not publish which cash accounts a payment method allows, so that is shown by a payment that used
 * both, or left to a person.
 */
import { cashAccountFor } from "../config/cash-account.ts";
import type { Tenant } from "../config/schema.ts";
import type { CashAccount, Payment, PaymentMethod } from "../visma/index.ts";
import { fail, listed, pass, unknown, type Check } from "./types.ts";
import type { Read } from "./visma-facts.ts";

export function paymentMethodChecks(methods: Read<PaymentMethod[]>, tenant: Tenant): Check[] {
  const uses = new Map<string, string[]>();
  for (const id of tenant.selection.paymentMethods) uses.set(id, [...(uses.get(id) ?? []), "selection.paymentMethods"]);
  if (tenant.closing.enabled)
    uses.set(tenant.closing.paymentMethod, [
      ...(uses.get(tenant.closing.paymentMethod) ?? []),
      "closing.paymentMethod",
    ]);
  return [...uses].map(([id, where]) => {
    const name = `payment method ${id}`;
    const from = where.join(" and ");
    if (!methods.ok) return unknown(name, `not read: ${methods.error}`);
    const method = methods.value.find((m) => m.id === id);
    if (!method)
      return fail(
        name,
        `named in ${from} but not in Visma.net (it has ${listed(methods.value.map((m) => m.id))}); correct ${from}`,
      );
    const what = [method.description, method.meansOfPayment].filter(Boolean).join(", ");
    if (!method.active) {
      return fail(
        name,
        `inactive in Visma.net${what ? ` (${what})` : ""}: ${from} depends on it; activate it in Payment methods (CA204000) or name another`,
      );
    }
    return pass(name, `active${what ? ` (${what})` : ""}; used by ${from}`);
  });
}

export function cashAccountChecks(
  accounts: Read<CashAccount[]>,
  payments: Read<{ items: Payment[] }>,
  tenant: Tenant,
): Check[] {
  if (!tenant.closing.enabled)
    return [pass("cash accounts", "the closing is disabled (closing.enabled: false): no cash account is used")];
  const { closing } = tenant;
  const checks: Check[] = [];
  const used = new Set<string>();
  for (const currency of tenant.factor.currencies) {
    const number = cashAccountFor(closing, currency);
    used.add(number);
    const option =
      closing.cashAccounts?.[currency] !== undefined ? `closing.cashAccounts.${currency}` : "closing.cashAccount";
    const name = `cash account ${currency}`;
    if (!accounts.ok) {
      checks.push(unknown(name, `${number} (${option}) not checked: ${accounts.error}`));
      continue;
    }
    const account = accounts.value.find((a) => a.number === number);
    if (!account) {
      checks.push(
        fail(
          name,
          `${number} (${option}) is not in Visma.net (it has ${listed(accounts.value.map((a) => a.number))}): every closing of a ${currency} document would be refused`,
        ),
      );
    } else if (account.currency === null) {
      checks.push(
        unknown(
          name,
          `${number} (${option}) exists, but Visma.net does not say its currency; a payment takes its cash account's currency`,
        ),
      );
    } else if (account.currency !== currency) {
      const fix =
        option === "closing.cashAccount"
          ? `add closing.cashAccounts: { ${currency}: "<a ${currency} account>" }`
          : `name a ${currency} account in ${option}`;
      checks.push(
        fail(
          name,
          `${number} (${option}) is in ${account.currency}: the closing of a ${currency} document would be refused ("currency differs from the cash account's"); ${fix}`,
        ),
      );
    } else {
      checks.push(
        pass(
          name,
          `${number}${account.description ? ` ${account.description}` : ""} (${option}) exists, in ${currency}`,
        ),
      );
    }
  }
  const unused = Object.keys(closing.cashAccounts ?? {}).filter((c) => !tenant.factor.currencies.includes(c));
  if (unused.length > 0)
    checks.push(
      unknown(
        "cash accounts",
        `closing.cashAccounts names ${unused.join(", ")}, which factor.currencies does not list: never used`,
      ),
    );
  // Only for accounts that exist: a missing one has its own line already.
  const existing = [...used].filter((n) => !accounts.ok || accounts.value.some((a) => a.number === n));
  for (const number of existing) checks.push(linkCheck(number, closing.paymentMethod, payments));
  return checks;
}

/** Whether the account is allowed with the closing's payment method: shown only by a payment that used both. */
function linkCheck(account: string, method: string, payments: Read<{ items: Payment[] }>): Check {
  const name = `cash account ${account} with ${method}`;
  const ask = `the API does not say which cash accounts a payment method allows: check "Allowed cash accounts" of ${method} in Payment methods (CA204000)`;
  if (!payments.ok) return unknown(name, `${ask} (the payments could not be read: ${payments.error})`);
  const both = payments.value.items.find((p) => p.paymentMethodId === method && p.cashAccount === account);
  if (both) return pass(name, `used together by ${p(both)}`);
  const other = [
    ...new Set(
      payments.value.items.filter((x) => x.paymentMethodId === method && x.cashAccount).map((x) => x.cashAccount!),
    ),
  ];
  const seen =
    other.length > 0
      ? `payments with ${method} used ${listed(other)}, not ${account}`
      : `no payment in the look-back used ${method}`;
  return unknown(name, `${seen}; ${ask}`);
}

function p(payment: Payment): string {
  return `${payment.type.toLowerCase()} ${payment.number}${payment.applicationDate ? ` of ${payment.applicationDate}` : ""}`;
}
