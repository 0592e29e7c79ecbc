/**
 * The message catalogue: one file of texts per language (en.ts, nb.ts), of one shape (types.ts),
 * bound to the reader's language and the tenant's time zone. Everything a partner or an
 * accountant reads goes through it; the runs and the state files carry codes and data only
 * (shared/notice.ts, run/says.ts), so the text is chosen when it is shown.
 */
import type { AttentionEntry } from "../../ledger/attention-file.ts";
import type { Mismatch, RunText } from "../../run/says.ts";
import type { ReconciliationSummary, TotalRow } from "../../run/result.ts";
import { DEFAULT_LANGUAGE, type Language } from "../../shared/language.ts";
import { isNoticeCode, type NoticeText } from "../../shared/notice.ts";
import { DEFAULT_TIME_ZONE } from "../../shared/time.ts";
import { en } from "./en.ts";
import { type Format, formatFor } from "./format.ts";
import { nb } from "./nb.ts";
import type { Messages, Msg } from "./types.ts";

export { type Format, formatFor } from "./format.ts";
export type { Messages } from "./types.ts";

export const CATALOGUES: Record<Language, Messages> = { en, nb };

/** A section of the catalogue with its texts bound to a Format: `t.run.sent({ … })`. */
type Bound<T> = T extends Msg<infer P> ? (p: P) => string : T extends string ? string : { [K in keyof T]: Bound<T[K]> };

/** The catalogue of one language, bound to one tenant's zone. */
export type Catalogue = Bound<Messages> & { readonly f: Format };

function bind(value: unknown, f: Format): unknown {
  if (typeof value === "function") return (p: unknown) => (value as (p: unknown, f: Format) => string)(p, f);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bind(v, f)]));
}

const bound = new Map<string, Catalogue>();

/** The texts in `language`, with times shown in `zone` (the tenant's). */
export function messages(language: Language = DEFAULT_LANGUAGE, zone: string = DEFAULT_TIME_ZONE): Catalogue {
  const key = `${language}|${zone}`;
  let t = bound.get(key);
  if (!t) {
    const f = formatFor(language, zone);
    t = { ...(bind(CATALOGUES[language], f) as Bound<Messages>), f };
    bound.set(key, t);
  }
  return t;
}

/** What a notice says (its code's sentence with its data). */
export function noticeText(t: Catalogue, n: NoticeText): string {
  return (t.notices[n.code] as { text: (p: unknown) => string }).text(n.data);
}

/** A notice's label: "too old", "for gammel". */
export function noticeLabel(t: Catalogue, code: string): string {
  return isNoticeCode(code) ? t.notices[code].label : code;
}

/**
 * What an attention-list entry says: from its data, in the reader's language. An entry written
 * before the catalogue holds its English sentence instead; an entry whose data cannot be read (a
 * hand-edited file) shows that, never stops the report.
 */
export function entryText(t: Catalogue, entry: Pick<AttentionEntry, "code" | "data" | "message">): string {
  if (entry.data && isNoticeCode(entry.code)) {
    try {
      return noticeText(t, { code: entry.code, data: entry.data } as NoticeText);
    } catch {
      // Fall through to the stored sentence.
    }
  }
  return entry.message ?? t.words.unreadable({ code: entry.code });
}

/** How a run ended, in one line: its sentences joined. */
export function runLine(t: Catalogue, says: readonly RunText[]): string {
  return says.map((s) => sayText(t, s)).join("; ");
}

/** One sentence of how a run ended; a stored one that cannot be read says so. */
export function sayText(t: Catalogue, said: { code: string }): string {
  const text = (t.run as Record<string, ((p: unknown) => string) | undefined>)[said.code];
  if (text) {
    try {
      return text(said);
    } catch {
      // Fall through.
    }
  }
  return t.words.unreadable({ code: said.code });
}

/** "2 invoices 2 050,50 NOK + 1 credit note 250,00 NOK", or "none". */
export function rowsText(t: Catalogue, rows: readonly TotalRow[]): string {
  if (rows.length === 0) return t.reconciliation.none;
  return rows.map((r) => t.reconciliation.row(r)).join(" + ");
}

/** A mismatch in one line: the document it concerns, then what is wrong. */
export function mismatchText(t: Catalogue, m: Mismatch): string {
  const d = m.document;
  const problem = (t.mismatch[m.problem.code] as (p: unknown) => string)(m.problem);
  return d ? `${t.reconciliation.document(d)}: ${problem}` : problem;
}

/** The reconciliation's one line: figures per measure and the verdict, or why it could not be made. */
export function reconciliationText(t: Catalogue, rec: ReconciliationSummary): string {
  if (rec.error !== undefined || !rec.total || (!rec.checked && !rec.ledgerOnly))
    return t.reconciliation.failed({ from: rec.from, to: rec.to, error: rec.error ?? "" });
  const verdict = !rec.checked
    ? t.reconciliation.ledgerOnly
    : rec.mismatches.length === 0
      ? t.reconciliation.balanced({ documents: rec.checked.closedDocuments, payments: rec.checked.payments })
      : t.reconciliation.mismatches({ count: rec.mismatches.length });
  return t.reconciliation.line({
    from: rec.from,
    to: rec.to,
    transferred: rowsText(t, rec.total.transferred),
    closed: rowsText(t, rec.total.closed),
    skipped: rowsText(t, rec.total.skipped),
    open: rowsText(t, rec.total.open),
    verdict,
  });
}
