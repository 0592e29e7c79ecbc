// What a run's result says, by the reach of its notices (src/shared/notice.ts).
import { messages, noticeText, runLine } from "../../src/report/messages/index.ts";
import type { TenantRunResult } from "../../src/run/result.ts";
import type { ClearedReason, RunText } from "../../src/run/says.ts";
import { NOTICES, reachOf, type Notice, type NoticeText, type Reach } from "../../src/shared/notice.ts";

export const reaching = (r: TenantRunResult, reach: Reach): Notice[] =>
  r.notices.filter((n) => reachOf(n.code) === reach);

/** What needs a person (the old "findings"). */
export const needsHuman = (r: TenantRunResult): Notice[] => reaching(r, "attention");

/** The documents the selection held back, with the code of each (the old "excluded"). */
export const excludedOf = (r: TenantRunResult): [string, string][] =>
  r.notices.filter((n) => NOTICES[n.code].stage === "selection").map((n) => [n.document!.number, n.code]);

const english = messages("en");

/** What a notice (or a code with its data) says in English. */
export const textOf = (n: NoticeText): string => noticeText(english, n);

/** How a run ended, in English: its sentences in one line. */
export const saysOf = (r: { says: readonly RunText[] }): string => runLine(english, r.says);

/** Why an item left the attention list, in English. */
export const clearedText = (why: ClearedReason): string => (english.cleared[why.code] as (p: unknown) => string)(why);
