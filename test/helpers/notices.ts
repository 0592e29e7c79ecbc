// What a run's result says, by the reach of its notices (src/shared/notice.ts).
import type { TenantRunResult } from "../../src/run/result.ts";
import { NOTICES, reachOf, type Notice, type Reach } from "../../src/shared/notice.ts";

export const reaching = (r: TenantRunResult, reach: Reach): Notice[] =>
  r.notices.filter((n) => reachOf(n.code) === reach);

/** What needs a person (the old "findings"). */
export const needsHuman = (r: TenantRunResult): Notice[] => reaching(r, "attention");

/** The documents the selection held back, with the code of each (the old "excluded"). */
export const excludedOf = (r: TenantRunResult): [string, string][] =>
  r.notices.filter((n) => NOTICES[n.code].stage === "selection").map((n) => [n.document!.number, n.code]);
