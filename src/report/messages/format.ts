/**
 * How the catalogue writes the values in its sentences, per language and in the tenant's time
 * zone: money always in Norwegian form with its currency ("47 210,00 NOK"), dates as the reader
 * writes them (2026-11-29 in English, 29.11.2026 in Norwegian), times of day in the tenant's zone
 * ("15:37"), counts with their noun in singular or plural, lists with "and"/"og".
 */
import { DateTime } from "luxon";
import { DEFAULT_TIME_ZONE } from "../../shared/time.ts";
import type { Language } from "../../shared/language.ts";
import { formatMoney } from "../../shared/money.ts";

export interface Format {
  readonly language: Language;
  /** The tenant's IANA zone: every time of day is shown in it. */
  readonly zone: string;
  /** "47 210,00 NOK" (a value that is no whole number of øre is shown as it is). */
  money(ore: number, currency: string): string;
  /** A business date (yyyy-MM-dd). */
  date(date: string): string;
  /** The time of day of an instant (ISO-8601) in the tenant's zone: "15:37". */
  time(instant: string): string;
  /** Date and time of day of an instant in the tenant's zone: "2026-11-29 15:37" / "29.11.2026 kl. 15:37". */
  dateTime(instant: string): string;
  /** A date-time as Visma.net writes it, without a zone ("2026-11-27T14:20:00.000"): its wall time, not converted. */
  wallClock(text: string): string;
  /** "1 invoice", "3 invoices": the number and its noun. */
  count(n: number, one: string, many: string): string;
  /** "a, b and c" / "a, b og c". */
  list(items: readonly string[]): string;
  /** At most `max` items, comma-separated, then "and 4 more" / "og 4 til". */
  listed(items: readonly string[], max?: number): string;
  /** A Visma.net document status as the reader's Visma.net shows it ("Åpen" for Open). */
  status(status: string): string;
  /** A Visma.net document or payment type in words ("invoice", "kreditnota", "kundebetaling"). */
  type(type: string, n?: number): string;
}

interface Words {
  and: string;
  more: (n: number) => string;
  dateTime: string;
  wallClock: string;
  statuses: Record<string, string>;
  types: Record<string, [one: string, many: string]>;
}

const WORDS: Record<Language, Words> = {
  en: {
    and: "and",
    more: (n) => `${n} more`,
    dateTime: "yyyy-MM-dd HH:mm",
    wallClock: "yyyy-MM-dd HH:mm:ss",
    statuses: {},
    types: {
      Invoice: ["invoice", "invoices"],
      CreditNote: ["credit note", "credit notes"],
      DebitNote: ["debit note", "debit notes"],
      FinCharge: ["finance charge", "finance charges"],
      Payment: ["payment", "payments"],
      Refund: ["refund", "refunds"],
      VoidPayment: ["voided payment", "voided payments"],
      VoidRefund: ["voided refund", "voided refunds"],
      Prepayment: ["prepayment", "prepayments"],
      SmallBalanceWo: ["small-balance write-off", "small-balance write-offs"],
    },
  },
  nb: {
    and: "og",
    more: (n) => `${n} til`,
    dateTime: "dd.MM.yyyy 'kl.' HH:mm",
    wallClock: "dd.MM.yyyy 'kl.' HH:mm:ss",
    // ASSUMPTION(A70): as Visma.net's Norwegian screens name the statuses.
    statuses: {
      Open: "Åpen",
      Closed: "Lukket",
      Voided: "Annullert",
      Hold: "På vent",
      Balanced: "Balansert",
      Scheduled: "Planlagt",
      Reserved: "Reservert",
      Released: "Frigitt",
    },
    types: {
      Invoice: ["faktura", "fakturaer"],
      CreditNote: ["kreditnota", "kreditnotaer"],
      DebitNote: ["debetnota", "debetnotaer"],
      FinCharge: ["rentenota", "rentenotaer"],
      Payment: ["kundebetaling", "kundebetalinger"],
      Refund: ["kunderefusjon", "kunderefusjoner"],
      VoidPayment: ["annullert kundebetaling", "annullerte kundebetalinger"],
      VoidRefund: ["annullert kunderefusjon", "annullerte kunderefusjoner"],
      Prepayment: ["forskuddsbetaling", "forskuddsbetalinger"],
      SmallBalanceWo: ["avskrivning av småbeløp", "avskrivninger av småbeløp"],
    },
  },
};

export function formatFor(language: Language, zone: string = DEFAULT_TIME_ZONE): Format {
  const words = WORDS[language];
  const instant = (iso: string): DateTime | undefined => {
    const at = DateTime.fromISO(iso, { setZone: true });
    return at.isValid ? at.setZone(zone) : undefined;
  };
  const list = (items: readonly string[]): string =>
    items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ${words.and} ${items.at(-1)}`;
  return {
    language,
    zone,
    money: (ore, currency) => (Number.isSafeInteger(ore) ? formatMoney(ore, currency) : `${ore} ${currency}`),
    date(date) {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
      if (!m || language === "en") return date;
      return `${m[3]}.${m[2]}.${m[1]}`;
    },
    time: (iso) => instant(iso)?.toFormat("HH:mm") ?? iso,
    dateTime: (iso) => instant(iso)?.toFormat(words.dateTime) ?? iso,
    wallClock(text) {
      const at = DateTime.fromISO(text.replace(" ", "T"), { zone: "UTC" });
      return at.isValid ? at.toFormat(words.wallClock) : text;
    },
    count: (n, one, many) => `${n} ${n === 1 ? one : many}`,
    list,
    listed(items, max = 10) {
      const more = items.length > max ? ` ${words.and} ${words.more(items.length - max)}` : "";
      return `${items.slice(0, max).join(", ")}${more}`;
    },
    status: (status) => words.statuses[status] ?? status,
    type(type, n = 1) {
      const forms = words.types[type];
      if (!forms) return type;
      return n === 1 ? forms[0] : forms[1];
    },
  };
}
