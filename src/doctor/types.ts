/**
 * The doctor's checklist: one line per check, `✔/✖/? name: what was seen`. A check passes (✔),
 * fails (✖: the tenant is not ready, `npm run doctor` exits 1) or cannot be decided here (?: a
 * person looks, or Visma.net's answers did not tell). What a transfer routinely holds back for a
 * person (a bad KID, a customer without an organisation number) is "?", named: the watch list
 * reports it every day anyway; what would break a run or lose money is "✖".
 */

import type { Language } from "../shared/language.ts";

export type CheckStatus = "pass" | "fail" | "unknown";

export interface Check {
  status: CheckStatus;
  name: string;
  /** What was seen, in one line; text from Visma.net and the factor's server is quoted as is (the renderer makes it inert). */
  seen: string;
}

export const pass = (name: string, seen: string): Check => ({ status: "pass", name, seen });
export const fail = (name: string, seen: string): Check => ({ status: "fail", name, seen });
export const unknown = (name: string, seen: string): Check => ({ status: "unknown", name, seen });

export interface DoctorReport {
  tenant: string;
  /** The tenant file, e.g. tenants/acme.yaml. */
  file: string;
  /** The run's clock (--now), ISO-8601 in the tenant's zone. */
  now: string;
  /** The language the check lines are written in. */
  language: Language;
  checks: Check[];
}

/** Ready = nothing failed; "?" lines do not stop a go-live, they ask a person to look. */
export function isReady(report: Pick<DoctorReport, "checks">): boolean {
  return report.checks.every((c) => c.status !== "fail");
}
