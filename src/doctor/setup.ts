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
import type { Catalogue } from "../report/messages/index.ts";
import type { CashAccount, Payment, PaymentMethod } from "../visma/index.ts";
import { fail, pass, unknown, type Check } from "./types.ts";
import type { Read } from "./visma-facts.ts";

export function paymentMethodChecks(methods: Read<PaymentMethod[]>, tenant: Tenant, t: Catalogue): Check[] {
  const d = t.doctor;
  const uses = new Map<string, string[]>();
  for (const id of tenant.selection.paymentMethods) uses.set(id, [...(uses.get(id) ?? []), "selection.paymentMethods"]);
  if (tenant.closing.enabled)
    uses.set(tenant.closing.paymentMethod, [
      ...(uses.get(tenant.closing.paymentMethod) ?? []),
      "closing.paymentMethod",
    ]);
  return [...uses].map(([id, from]) => {
    const name = d.name.paymentMethod({ id });
    if (!methods.ok) return unknown(name, d.notRead({ error: methods.error }));
    const method = methods.value.find((m) => m.id === id);
    if (!method) return fail(name, d.methodMissing({ from, has: methods.value.map((m) => m.id) }));
    const what = [method.description, method.meansOfPayment].filter(Boolean).join(", ");
    if (!method.active) return fail(name, d.methodInactive({ what, from }));
    return pass(name, d.methodActive({ what, from }));
  });
}

export function cashAccountChecks(
  accounts: Read<CashAccount[]>,
  payments: Read<{ items: Payment[] }>,
  tenant: Tenant,
  t: Catalogue,
): Check[] {
  const d = t.doctor;
  if (!tenant.closing.enabled) return [pass(d.name.cashAccounts, d.closingDisabled)];
  const { closing } = tenant;
  const checks: Check[] = [];
  const used = new Set<string>();
  for (const currency of tenant.factor.currencies) {
    const number = cashAccountFor(closing, currency);
    used.add(number);
    const option =
      closing.cashAccounts?.[currency] !== undefined ? `closing.cashAccounts.${currency}` : "closing.cashAccount";
    const name = d.name.cashAccount({ currency });
    if (!accounts.ok) {
      checks.push(unknown(name, d.accountNotChecked({ number, option, error: accounts.error })));
      continue;
    }
    const account = accounts.value.find((a) => a.number === number);
    if (!account) {
      checks.push(fail(name, d.accountMissing({ number, option, has: accounts.value.map((a) => a.number), currency })));
    } else if (account.currency === null) {
      checks.push(unknown(name, d.accountNoCurrency({ number, option })));
    } else if (account.currency !== currency) {
      const shared = option === "closing.cashAccount";
      checks.push(
        fail(name, d.accountWrongCurrency({ number, option, accountCurrency: account.currency, currency, shared })),
      );
    } else {
      checks.push(pass(name, d.accountOk({ number, description: account.description ?? null, option, currency })));
    }
  }
  const unused = Object.keys(closing.cashAccounts ?? {}).filter((c) => !tenant.factor.currencies.includes(c));
  if (unused.length > 0) checks.push(unknown(d.name.cashAccounts, d.accountsUnused({ currencies: unused })));
  // Only for accounts that exist: a missing one has its own line already.
  const existing = [...used].filter((n) => !accounts.ok || accounts.value.some((a) => a.number === n));
  for (const number of existing) checks.push(linkCheck(number, closing.paymentMethod, payments, t));
  return checks;
}

/** Whether the account is allowed with the closing's payment method: shown only by a payment that used both. */
function linkCheck(account: string, method: string, payments: Read<{ items: Payment[] }>, t: Catalogue): Check {
  const d = t.doctor;
  const name = d.name.cashAccountWith({ account, method });
  const ask = d.linkAsk({ method });
  if (!payments.ok) return unknown(name, d.linkNotRead({ ask, error: payments.error }));
  const both = payments.value.items.find((p) => p.paymentMethodId === method && p.cashAccount === account);
  if (both) return pass(name, d.linkUsed({ type: both.type, number: both.number, date: both.applicationDate }));
  const other = [
    ...new Set(
      payments.value.items.filter((x) => x.paymentMethodId === method && x.cashAccount).map((x) => x.cashAccount!),
    ),
  ];
  return unknown(
    name,
    other.length > 0 ? d.linkOthers({ method, accounts: other, account, ask }) : d.linkNone({ method, ask }),
  );
}
