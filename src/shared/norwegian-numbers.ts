/**
 * Check digits of Norwegian organisation numbers and bank account numbers, both MOD11.
 * Organisation numbers: 9 digits, weights 3 2 7 6 5 4 3 2 (Brønnøysundregistrene); Peppol
 * requires a valid one wherever scheme 0192 is used (PEPPOL-COMMON-R041, NO-R-001). Account
 * numbers: 11 digits, weights 5 4 3 2 7 6 5 4 3 2. In both, 11 − (sum mod 11) is the check
 * digit, 11 means 0, and a body whose check would be 10 has no valid number at all.
 *
 * The messages say what is wrong without repeating the value, so each caller can name it in
 * its own words (the tenant-file validator appends `got "…"`).
 */

const ORG_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];
const ACCOUNT_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** The MOD11 check digit of `value`'s body (all but its last digit), or null when no number has that body. */
function checkDigit(value: string, weights: readonly number[]): number | null {
  const sum = weights.reduce((s, w, i) => s + w * Number(value[i]), 0);
  const check = 11 - (sum % 11);
  return check === 10 ? null : check === 11 ? 0 : check;
}

/** The check digit a 9-digit organisation number should end with, or null when no valid number starts like it. */
export function orgNumberCheckDigit(digits: string): number | null {
  return checkDigit(digits, ORG_WEIGHTS);
}

function mod11Problem(value: string, weights: readonly number[], what: string): string | null {
  const length = weights.length + 1;
  if (!new RegExp(`^\\d{${length}}$`).test(value)) return `is not ${length} digits`;
  const expected = checkDigit(value, weights);
  if (expected === null)
    return `fails the ${what} check digit (MOD11): no valid number starts with ${value.slice(0, -1)}`;
  return expected === Number(value.at(-1))
    ? null
    : `fails the ${what} check digit (MOD11): the last digit should be ${expected}`;
}

/** Why `digits` is not a valid Norwegian organisation number, or null when it is. */
export function orgNumberProblem(digits: string): string | null {
  return mod11Problem(digits, ORG_WEIGHTS, "organisation-number");
}

/** Why `digits` is not a valid Norwegian bank account number (BBAN, 11 digits), or null when it is. */
export function bankAccountProblem(digits: string): string | null {
  return mod11Problem(digits, ACCOUNT_WEIGHTS, "account-number");
}
