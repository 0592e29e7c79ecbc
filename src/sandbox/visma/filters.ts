/**
 * Query-string filters the way Visma.net reads them: date values paired with a `...Condition`
 * operator, zone letters refused, paging with a forced maximum. Unknown parameters are
 * ignored, as the real API reportedly does (reference section 3.2).
 */
import { FactoringError } from "../../shared/errors.ts";

export type Condition = ">" | "<" | ">=" | "<=";

const CONDITIONS = new Set<string>([">", "<", ">=", "<="]);

/** A client error the server answers with 400 and a Visma-style message. */
export class FilterError extends FactoringError {}

export interface DateCondition {
  /** Normalised comparable text "yyyy-MM-ddTHH:mm:ss.SSS". */
  value: string;
  condition: Condition;
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?)?$/;
const ZONE_SUFFIX = /(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Parses a filter value: `yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss[.FFF]` or `yyyy-MM-ddTHH:mm:ss[.FFF]`.
 * Values with a zone (`Z`, `+01:00`) are refused: Visma.net filters "do not accept certain
 * characters such as W-Z".
 */
function parseFilterDateTime(name: string, raw: string): string {
  const text = raw.trim();
  const match = DATE_TIME.exec(text);
  if (!match) {
    if (/T\d{2}:\d{2}/.test(text) && ZONE_SUFFIX.test(text)) {
      throw new FilterError(
        `The value '${raw}' of ${name} contains a time zone designator. Date-time filters accept yyyy-MM-dd, yyyy-MM-dd HH:mm:ss[.FFF] or yyyy-MM-ddTHH:mm:ss[.FFF] without 'Z' or an offset.`,
      );
    }
    throw new FilterError(
      `The value '${raw}' of ${name} is not a valid date-time. Use yyyy-MM-dd, yyyy-MM-dd HH:mm:ss[.FFF] or yyyy-MM-ddTHH:mm:ss[.FFF].`,
    );
  }
  const [, date, hh = "00", mm = "00", ss = "00", fraction = ""] = match;
  const normalised = `${date}T${hh}:${mm}:${ss}.${fraction.padEnd(3, "0")}`;
  // Reject impossible calendar values (2025-02-30, 25:00) instead of comparing nonsense.
  const check = new Date(`${normalised}Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 23) !== normalised) {
    throw new FilterError(`The value '${raw}' of ${name} is not a valid date-time.`);
  }
  return normalised;
}

/** Normalises a stored date ("yyyy-MM-dd") or zone-less timestamp for comparison. */
function comparable(stored: string): string {
  if (stored.length === 10) return `${stored}T00:00:00.000`;
  return stored.length >= 23 ? stored.slice(0, 23) : `${stored}.000`.slice(0, 23);
}

/** Reads `name` + `nameCondition`; both or neither (400 otherwise). */
export function readDateCondition(params: URLSearchParams, name: string): DateCondition | undefined {
  const conditionName = `${name}Condition`;
  const value = param(params, name);
  const condition = param(params, conditionName);
  if (value === undefined && condition === undefined) return undefined;
  if (value === undefined) {
    throw new FilterError(
      `${conditionName} is given without ${name}. Send both ${name} and ${conditionName}, or neither.`,
    );
  }
  if (condition === undefined) {
    throw new FilterError(
      `${name} is given without ${conditionName}. Send both ${name} and ${conditionName} (one of >, <, >=, <=).`,
    );
  }
  if (!CONDITIONS.has(condition)) {
    throw new FilterError(`${conditionName} '${condition}' is not supported. Use one of >, <, >=, <= (URL-encoded).`);
  }
  return { value: parseFilterDateTime(name, value), condition: condition as Condition };
}

export function matchesCondition(stored: string | null, filter: DateCondition): boolean {
  if (stored === null) return false;
  const left = comparable(stored);
  switch (filter.condition) {
    case ">":
      return left > filter.value;
    case "<":
      return left < filter.value;
    case ">=":
      return left >= filter.value;
    case "<=":
      return left <= filter.value;
  }
}

/**
 * Query parameter lookup ignoring the case of the name (ASP.NET model binding does), returning
 * undefined for an absent or empty value.
 */
export function param(params: URLSearchParams, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of params) {
    if (key.toLowerCase() === lower) return value === "" ? undefined : value;
  }
  return undefined;
}

/**
 * A parameter the contract gives a list of values (an enum): another value is refused with 400,
 * as Visma.net's model binding refuses a value its enum does not have. ASSUMPTION(A71): the real
 * message differs; the product never sends a value outside the contract's enum
 * (test/contract/product.test.ts), so only the sandbox's strictness depends on it.
 */
export function enumParam(params: URLSearchParams, name: string, allowed: readonly string[]): string | undefined {
  const value = param(params, name);
  if (value !== undefined && !allowed.includes(value))
    throw new FilterError(`${name} '${value}' is not valid. Use one of ${allowed.join(", ")}.`);
  return value;
}

export function booleanParam(params: URLSearchParams, name: string): boolean {
  const value = param(params, name);
  return value !== undefined && value.toLowerCase() === "true";
}

export interface Paging {
  pageNumber: number;
  pageSize: number;
  maxPageSize: number;
}

/**
 * `pageNumber` (1-based) and `pageSize`, silently reduced to the endpoint's maximum.
 * ASSUMPTION(A10): without pageSize the maximum applies; without pageNumber page 1. The product
 * always sends both, so Visma.net's real defaults do not matter to it.
 */
export function readPaging(params: URLSearchParams, maxPageSize: number): Paging {
  const number = positiveInt(params, "pageNumber") ?? 1;
  const size = positiveInt(params, "pageSize") ?? maxPageSize;
  return { pageNumber: number, pageSize: Math.min(size, maxPageSize), maxPageSize };
}

function positiveInt(params: URLSearchParams, name: string): number | undefined {
  const raw = param(params, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new FilterError(`${name} '${raw}' is not valid: expected a whole number of 1 or more.`);
  }
  return Number(raw);
}

export function page<T>(items: T[], paging: Paging): T[] {
  const start = (paging.pageNumber - 1) * paging.pageSize;
  return items.slice(start, start + paging.pageSize);
}
