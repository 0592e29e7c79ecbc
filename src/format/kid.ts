/**
 * KID (kundeidentifikasjon) check digits, as described in reference §6.2:
 * MOD10 is Luhn (weights 2,1,2,1… from the rightmost data digit, digit sum of each product);
 * MOD11 uses weights 2,3,4,5,6,7,2,3… and maps check 11 → "0" and 10 → "-".
 * The KID itself is computed by Visma.net from the factor's payment method; here we only verify it.
 */
import type { TenantSettings } from "../config/schema.ts";
import { kidIssueText, type KidIssue } from "../shared/notice.ts";

/** The tenant's check-digit rule (factor.kid in the tenant file). */
type KidRule = TenantSettings["factor"]["kid"];

const DIGITS = /^\d+$/;
/** Digits, and a final "-" (the check "10" under MOD11). */
const KID_TEXT = /^\d+-?$/;

function assertBody(body: string): void {
  if (!DIGITS.test(body)) throw new Error(`KID body must be digits only, got ${JSON.stringify(body)}`);
}

/** The digit at `index` of a string of digits, by its char code (no string per digit). */
function digitAt(digits: string, index: number): number {
  return digits.charCodeAt(index) - 48; // "0"
}

/** Luhn check digit of `body` (digits only). */
export function mod10CheckDigit(body: string): string {
  assertBody(body);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const product = digitAt(body, body.length - 1 - i) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product; // digit sum of a product ≤ 18
  }
  return String((10 - (sum % 10)) % 10);
}

/** MOD11 check digit of `body` (digits only); "-" when the check would be 10. */
export function mod11CheckDigit(body: string): string {
  assertBody(body);
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += digitAt(body, body.length - 1 - i) * (2 + (i % 6));
  const check = 11 - (sum % 11);
  return check === 11 ? "0" : check === 10 ? "-" : String(check);
}

/**
 * Why `kid` cannot be used under `rule` (data, for the message catalogue), or null when it can.
 * Length 2–25 (the widest range the sources give, §6.1; the factor's agreement may be stricter).
 * A final "-" is only possible under MOD11.
 */
export function kidIssue(kid: string | null, rule: KidRule): KidIssue | null {
  const trimmed = kid === null ? "" : kid.trim();
  if (kid === null || trimmed === "") return rule === "none" ? null : { reason: "missing", rule };
  if (kid !== trimmed) return { reason: "spaces", kid };
  if (!KID_TEXT.test(kid)) return { reason: "characters", kid };
  if (kid.length < 2 || kid.length > 25) return { reason: "length", kid };
  if (kid.endsWith("-") && rule !== "mod11") return { reason: "dash", kid, rule };
  if (rule === "none") return null;
  const body = kid.slice(0, -1);
  const expected = body + (rule === "mod10" ? mod10CheckDigit(body) : mod11CheckDigit(body));
  return expected === kid ? null : { reason: "check-digit", kid, rule, expected };
}

/** kidIssue in English (the format problems carry the issue itself as data); null when the KID is fine. */
export function kidProblem(kid: string | null, rule: KidRule): string | null {
  const issue = kidIssue(kid, rule);
  return issue ? kidIssueText(issue) : null;
}
