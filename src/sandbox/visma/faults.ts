/**
 * Fault injection: tests and the fault drill tell the sandbox to misbehave for matching
 * requests (throttle, fail, drop the connection, stall, or send a broken list element).
 */

export type FaultKind = "status429" | "status5xx" | "drop" | "latency" | "malformed";

export interface FaultRule {
  match?: { method?: string; path?: string | RegExp };
  kind: FaultKind;
  /** How many matching requests the rule affects; default 1, Infinity allowed. */
  times?: number;
  /** status429: Retry-After seconds (default 1). */
  retryAfterSeconds?: number;
  /** status5xx: 500, 502 or 503 (default 500). */
  status?: number;
  /** latency: milliseconds added before the request is handled (default 1000). */
  latencyMs?: number;
  /** malformed: number of the element to break (document/customer/payment); default the first element. */
  malformedId?: string;
  /** malformed: the field to break; default `amount` (documents), `paymentAmount` (payments), `lastModifiedDateTime` (customers). */
  malformedField?: string;
  /** malformed: the broken value; default "abc". */
  malformedValue?: unknown;
}

/** A rule as registered, with its counters. */
export interface ActiveFault {
  readonly id: number;
  readonly rule: FaultRule;
  /** How often the rule fired so far. */
  fired: number;
  /** Firings left (Infinity for unlimited). */
  remaining: number;
}

export class FaultController {
  private nextId = 1;
  private active: ActiveFault[] = [];

  /** Registers a rule; rules fire in the order they were added. */
  add(rule: FaultRule): ActiveFault {
    const times = rule.times ?? 1;
    if (!(times > 0)) throw new Error(`fault rule needs times > 0 (got ${times})`);
    if (rule.kind === "status5xx" && rule.status !== undefined && (rule.status < 500 || rule.status > 599)) {
      throw new Error(`status5xx fault needs a 5xx status (got ${rule.status})`);
    }
    const fault: ActiveFault = { id: this.nextId++, rule, fired: 0, remaining: times };
    this.active.push(fault);
    return fault;
  }

  /** Removes every rule (counters of removed rules are kept by whoever holds them). */
  clear(): void {
    this.active = [];
  }

  /** All registered rules, spent ones included, with their counters. */
  get rules(): readonly ActiveFault[] {
    return this.active;
  }

  /** Total firings of all registered rules. */
  get fired(): number {
    return this.active.reduce((sum, f) => sum + f.fired, 0);
  }

  /** The latency rules matching this request, each consumed once. */
  takeLatency(method: string, path: string): number {
    let ms = 0;
    for (const fault of this.matching(method, path, "latency")) {
      this.consume(fault);
      ms += fault.rule.latencyMs ?? 1000;
    }
    return ms;
  }

  /** The first status429/status5xx/drop rule matching this request, consumed. */
  takeTerminal(method: string, path: string): ActiveFault | undefined {
    const fault = this.active.find(
      (f) =>
        f.remaining > 0 &&
        (f.rule.kind === "status429" || f.rule.kind === "status5xx" || f.rule.kind === "drop") &&
        matches(f.rule, method, path),
    );
    if (fault) this.consume(fault);
    return fault;
  }

  /** Malformed rules matching this request; the server consumes one only when it applied it. */
  malformedFor(method: string, path: string): ActiveFault[] {
    return this.matching(method, path, "malformed");
  }

  consume(fault: ActiveFault): void {
    fault.fired += 1;
    fault.remaining -= 1;
  }

  private matching(method: string, path: string, kind: FaultKind): ActiveFault[] {
    return this.active.filter((f) => f.remaining > 0 && f.rule.kind === kind && matches(f.rule, method, path));
  }
}

/**
 * Paths match case-insensitively. A string matches that path and everything below it
 * ("/v1/customerinvoice" matches "/v1/customerInvoice/000123" but not "/v1/customer"); a RegExp
 * is tested on the request path (without the query string).
 */
function matches(rule: FaultRule, method: string, path: string): boolean {
  const m = rule.match;
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (m.path === undefined) return true;
  if (typeof m.path === "string") {
    const want = m.path.toLowerCase().replace(/\/+$/, "");
    const got = path.toLowerCase();
    return got === want || got.startsWith(`${want}/`);
  }
  m.path.lastIndex = 0;
  return m.path.test(path);
}
