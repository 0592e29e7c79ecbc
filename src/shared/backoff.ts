/**
 * The one backoff of the product (Visma.net client, ledger pushes, GitHub issues): before retry
 * number `retry` (1 = the first retry) wait a random time between `baseMs` and
 * `baseMs · 2^retry`, never beyond `maxMs`. Never zero (no tight loops), growing with each retry,
 * and random, so parallel jobs that collided do not collide again.
 */
export interface Backoff {
  baseMs: number;
  maxMs: number;
  /** A source in [0, 1) (tests pin it). */
  random?: () => number;
}

export function backoffDelay(retry: number, { baseMs, maxMs, random = Math.random }: Backoff): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** retry);
  const floor = Math.min(baseMs, ceiling);
  return Math.ceil(floor + random() * (ceiling - floor));
}
