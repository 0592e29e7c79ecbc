/**
 * The customer payments of the closing's look-back (every type of the company's history) must
 * parse: before posting, the closing looks among them for its own by reference, and an unreadable
 * one that could be its own stops the closing of what it could concern.
 */
import { isOurPaymentRef, unreadablePaymentOwner } from "../close/plan.ts";
import type { Catalogue } from "../report/messages/index.ts";
import type { ListResult, Payment } from "../visma/index.ts";
import { fail, pass, unknown, type Check } from "./types.ts";
import type { Read } from "./visma-facts.ts";

export function paymentChecks(payments: Read<ListResult<Payment>>, from: string, t: Catalogue): Check[] {
  const d = t.doctor;
  if (!payments.ok) return [fail(d.name.payments, d.paymentsNotRead({ from, error: payments.error }))];
  const { items, malformed } = payments.value;
  const types = new Map<string, number>();
  for (const p of items) types.set(p.type, (types.get(p.type) ?? 0) + 1);
  const ours = items.filter((p) => isOurPaymentRef(p.paymentRef)).length;
  const kinds = [...types].map(([type, count]) => d.tally({ label: t.f.type(type, count), count })).join(", ");
  const seen = d.paymentsSeen({ total: items.length + malformed.length, from, kinds, ours });
  const lines = malformed.map((m) => {
    const owner = unreadablePaymentOwner(m);
    const effect = !owner.ours
      ? d.paymentNotOurs
      : owner.ref === null
        ? d.paymentOursNoRef
        : d.paymentOursRef({ ref: owner.ref });
    return fail(d.name.unreadablePayment({ id: m.id }), d.paymentUnreadable({ ...m, effect }));
  });
  if (malformed.length > 0)
    return [fail(d.name.payments, d.paymentsUnreadable({ seen, count: malformed.length })), ...lines];
  if (items.length === 0) return [unknown(d.name.payments, d.paymentsNone({ seen }))];
  return [pass(d.name.payments, d.paymentsOk({ seen }))];
}
