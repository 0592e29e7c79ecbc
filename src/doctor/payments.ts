/**
 * The customer payments of the closing's look-back (every type of the company's history) must
 * parse: before posting, the closing looks among them for its own by reference, and an unreadable
 * one that could be its own stops the closing of what it could concern.
 */
import { isOurPaymentRef, unreadablePaymentOwner } from "../close/plan.ts";
import type { ListResult, Payment } from "../visma/index.ts";
import { count, fail, pass, unknown, type Check } from "./types.ts";
import type { Read } from "./visma-facts.ts";

export function paymentChecks(payments: Read<ListResult<Payment>>, from: string): Check[] {
  if (!payments.ok)
    return [fail("payments", `the customer payments dated from ${from} could not be read: ${payments.error}`)];
  const { items, malformed } = payments.value;
  const types = new Map<string, number>();
  for (const p of items) types.set(p.type, (types.get(p.type) ?? 0) + 1);
  const ours = items.filter((p) => isOurPaymentRef(p.paymentRef)).length;
  const kinds = [...types].map(([t, n]) => `${t} ${n}`).join(", ");
  const seen = `${count(items.length + malformed.length, "customer payment")} dated from ${from} (the closing's look-back)${kinds ? `: ${kinds}` : ""}; ${ours} posted by this integration`;
  const lines = malformed.map((m) => {
    const owner = unreadablePaymentOwner(m);
    const effect = !owner.ours
      ? "not one of ours by what can be read, so the closing passes it by"
      : owner.ref === null
        ? "it could be one of ours and its reference cannot be read: the closing would stop until it reads"
        : `it carries our reference ${owner.ref}: the closing holds that document until it reads`;
    return fail(`unreadable payment ${m.id}`, `${m.endpoint}: ${m.problem}; ${effect}`);
  });
  if (malformed.length > 0)
    return [fail("payments", `${seen}: ${malformed.length} could not be read (each below)`), ...lines];
  if (items.length === 0) return [unknown("payments", `${seen}: none to read, so their parsing is not proven yet`)];
  return [pass("payments", `${seen}: all parse`)];
}
