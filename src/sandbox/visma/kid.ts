/**
 * KID and organisation-number check digits for the seed data. The sandbox keeps its own copy
 * on purpose: it imitates Visma.net and must not share code with the product it tests.
 */

/** MOD10 (Luhn) check digit appended to `body` (digits only). */
export function kidMod10(body: string): string {
  if (!/^\d+$/.test(body)) throw new Error(`KID body must be digits: ${JSON.stringify(body)}`);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    const product = digit * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** A KID with a deliberately wrong check digit (seed data for the watch list). */
export function breakKid(kid: string): string {
  const last = Number(kid[kid.length - 1]);
  return kid.slice(0, -1) + String((last + 1) % 10);
}

const ORG_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

/** Norwegian organisasjonsnummer from 8 body digits (MOD11); null when the body has no valid check digit. */
export function orgNumber(body8: string): string | null {
  if (!/^\d{8}$/.test(body8)) throw new Error(`org number body must be 8 digits: ${body8}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(body8[i]) * ORG_WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return body8 + String(check === 11 ? 0 : check);
}
