/**
 * Hva factoringfilens formattering finner (shared/format-problems.ts), på norsk: feltnavn,
 * problemer som holder et dokument tilbake, og avvik i filen. Same codes and data as the English
 * texts (PROBLEMS_EN, NOTES_EN); test/report/messages.test.ts holds the placeholders equal.
 */
import {
  type FieldLabel,
  type NoteText,
  type ProblemText,
  codePoint,
  isControl,
  quoted,
} from "../../shared/format-problems.ts";
import type { KidIssue } from "../../shared/notice.ts";
import { oreToDecimalString } from "../../shared/money.ts";
import type { Format } from "./format.ts";

/** What is wrong with a KID, in Norwegian (also the catalogue's `words.kid`). */
export function kid(issue: KidIssue): string {
  switch (issue.reason) {
    case "missing":
      return `KID mangler (factoringselskapet forventer KID med ${issue.rule.toUpperCase()})`;
    case "spaces":
      return `KID "${issue.kid}" har mellomrom først eller sist`;
    case "characters":
      return `KID "${issue.kid}" kan bare inneholde sifre (en avsluttende "-" er bare tillatt med MOD11)`;
    case "length":
      return `KID ${issue.kid} har ${issue.kid.length} tegn; en KID har 2–25`;
    case "dash":
      return `KID ${issue.kid} slutter med "-", noe bare en MOD11-KID kan${issue.rule === "none" ? "" : ` (factoringselskapets regel er ${issue.rule.toUpperCase()})`}`;
    case "check-digit":
      return `KID ${issue.kid} har feil kontrollsiffer etter ${issue.rule.toUpperCase()} (skulle vært ${issue.expected})`;
  }
}

/** A character in a sentence: `"€" (U+20AC)`, or `kontrolltegn U+0001`. */
const char = (c: string) => (isControl(c) ? `kontrolltegn ${codePoint(c)}` : `"${c}" (${codePoint(c)})`);

/** A decimal as Norwegian writes it: "2050.00" → "2050,00". */
const comma = (decimal: string) => decimal.replace(".", ",");

const LATIN1 = "som ISO-8859-1-filen ikke kan inneholde";

type Texts<U extends { code: string }> = { [C in U["code"]]: (p: Extract<U, { code: C }>, f: Format) => string };

export const FIELDS_NB: Record<FieldLabel, string> = {
  amount: "beløp",
  "VAT amount": "MVA-beløp",
  currency: "valuta",
  customer: "kunde",
  "document date": "dokumentdato",
  "due date": "forfallsdato",
  KID: "KID",
  "transaction code": "transaksjonskode",
  "client number": "klientnummer",
  "debtor no.": "debitornr.",
  "invoice no.": "fakturanr.",
  "invoice date": "fakturadato",
  "terms or credited invoice": "betalingsbetingelse eller kreditert faktura",
  "credited invoice": "kreditert faktura",
  "not in use": "ikke i bruk",
  "order no.": "ordrenr.",
  comment: "kommentar",
  "sales person no.": "selgernr.",
  "project no.": "prosjektnr.",
  "currency code": "valutakode",
  "currency amount": "valutabeløp",
  "control character": "kontrolltegn",
  "version number": "versjonsnummer",
  "organisation no.": "organisasjonsnr.",
  "company name": "firmanavn",
  "first name": "fornavn",
  address: "adresse",
  "zip code": "postnummer",
  "post place": "poststed",
  "contact person": "kontaktperson",
  telephone: "telefon",
  "country name": "landnavn",
  "country code": "landkode",
  "country number": "landnummer",
  "bank giro number": "bankgironummer",
  district: "distrikt",
  "name 2": "navn 2",
  "not used": "ikke brukt",
  "factor.clientNumber": "factor.clientNumber",
  "customer number": "kundenummer",
  "document number": "dokumentnummer",
  "customer reference": "kundens referanse",
  corporateId: "organisasjonsnummer i Visma.net",
  "customer name": "kundenavn",
  "address lines": "adresselinjer",
  "postal code": "postnummer",
  city: "poststed",
  "address country": "land i adressen",
  "customer name, continued": "kundenavn, fortsatt",
  "customer currency": "kundens valuta",
  "customer organisation number": "kundens organisasjonsnummer",
  "customer address line 1": "kundens adresselinje 1",
  "customer address line 2": "kundens adresselinje 2",
  "customer address line 3": "kundens adresselinje 3",
  "customer postal code": "kundens postnummer",
  "customer city": "kundens poststed",
  "customer country": "kundens land",
  line: "linje",
  description: "beskrivelse",
  VAT: "MVA",
  "VAT rate of tax": "MVA-sats for avgiftskode",
  "VAT code": "MVA-kode",
  "VAT breakdown": "MVA-spesifikasjon",
  lines: "linjer",
  "line amounts": "linjebeløp",
  "taxable amounts": "MVA-grunnlag",
  "VAT amounts": "MVA-beløp",
  "VAT categories": "MVA-kategorier",
};

export const PROBLEMS_NB: Texts<ProblemText> = {
  "amount-not-positive": (p, f) => `beløpet må være positivt, men er ${f.money(p.amountOre, p.currency)}`,
  "amount-not-whole": (p) => `beløpet må være et helt antall øre, men er ${p.amount}`,
  "vat-out-of-range": (p, f) =>
    `MVA må være mellom 0 og beløpet (${f.money(p.amountOre, p.currency)}), men er ${f.money(p.vatOre, p.currency)}`,
  "currency-not-accepted": (p) =>
    `${p.currency} er ikke blant factoringselskapets valutaer (${p.accepted.join(", ")}); legg den til i factor.currencies hvis factoringselskapet tar imot den`,
  "customer-not-loaded": (p) => `kunde ${p.customer} ble ikke hentet fra Visma.net`,
  "customer-mismatch": (p) => `kunde ${p.given} er oppgitt for et dokument til kunde ${p.customer}`,
  "not-a-date": (p) => `forventet en dato (åååå-mm-dd), men fikk ${quoted(p.value)}`,
  "no-due-date": () => "fakturaen har ingen forfallsdato; legg inn betalingsbetingelser i Visma.net",
  "due-before-document": (p, f) => `forfallsdato ${f.date(p.dueDate)} er før dokumentdatoen ${f.date(p.documentDate)}`,
  kid: (p) => `${kid(p.issue)}; sjekk betalingsmetoden på dokumentet i Visma.net`,
  required: () => "må fylles ut, men er tomt",
  "not-digits": (p) => `${quoted(p.value)} er ikke et heltall; feltet tar bare sifre`,
  character: (p) =>
    `${quoted(p.value)} inneholder ${char(p.char)}, ${p.where === "latin1" ? LATIN1 : "og kontrolltegn er ikke tillatt i et felt"}`,
  "too-long": (p) => `${quoted(p.value)} er ${p.value.length} tegn; feltet har plass til ${p.max}`,
  "company-form": (p) =>
    `${quoted(p.name)} begynner med selskapsformen "${p.form}", som SG Finans ikke godtar; skriv den etter navnet (f.eks. "Nordlys ${p.form}") i Visma.net`,
  "org-digits": (p) =>
    `${quoted(p.value)} har ${p.digits} sifre; forventet et organisasjonsnummer på 9 sifre eller et fødselsnummer på 11 sifre`,
  "postal-code": (p) => `${quoted(p.value)} er ikke et norsk postnummer (${p.exactly ? "nøyaktig " : ""}4 sifre)`,
  "country-unknown": (p) =>
    `landet ${quoted(p.country)} finnes ikke i landtabellen (src/format/countries.ts); legg inn den numeriske ISO 3166-1-koden der`,
  "sgf-foreign-currency": (p) =>
    `${p.currency}: SGF-formatet har ikke noe bekreftet felt for NOK-beløpet til et dokument i utenlandsk valuta; dokumentet venter til factoringselskapet har bekreftet formatet (se listen før oppstart i README)`,
  "csv-no-org": (p) => `kunde ${p.customer} har ikke organisasjonsnummer i Visma.net`,
  "file-name": (p) => `${quoted(p.value)} kan ikke være del av et filnavn (bokstaver, sifre, "-", "_")`,
  "ehf-no-org": (p) => `kunde ${p.customer} har ikke organisasjonsnummer; EHF krever det`,
  "org-not-9": (p) => `${quoted(p.value)} er ikke et norsk organisasjonsnummer på 9 sifre`,
  "org-check-digit": (p) =>
    `kunde ${p.customer} ${p.name} har organisasjonsnummer ${quoted(p.value)}, som har feil kontrollsiffer (MOD11): ${
      p.expected === null
        ? `ingen gyldige organisasjonsnummer begynner med ${p.digits.slice(0, -1)}`
        : `siste siffer skulle vært ${p.expected}`
    }; rett det i Visma.net`,
  empty: () => "tomt",
  "address-missing": () => "mangler; factoringselskapet trenger full postadresse",
  "country-not-no": (p) => `${p.country}: bare norske kunder (organisasjonsnummer, skjema 0192) sendes som EHF`,
  "xml-character": (p) => `${quoted(p.value)} inneholder ${p.codePoint}, som XML ikke kan inneholde`,
  "not-a-percentage": (p) => `${quoted(p.value)} er ikke en prosentsats`,
  "zero-rate-charged": (p) =>
    `factor.format.vatCategories knytter den til kategori ${p.category}, men dokumentet beregner ${p.percent} % MVA med den; bare en kode med 0 % kan være ${p.category}`,
  "exemption-reasons": (p) =>
    `en annen MVA-kode på dokumentet er også kategori ${p.category}, med en annen fritaksgrunn; Peppol tillater én ${p.category}-linje i MVA-spesifikasjonen per dokument, så gi begge kodene samme grunn i factor.format.vatCategories`,
  "vat-without-details": (p, f) =>
    `dokumentet har ${f.money(p.vatOre, p.currency)} i MVA, men ingen MVA-spesifikasjon (avgiftsdetaljer)`,
  "no-lines": () => "dokumentet har ingen linjer; EHF krever minst én",
  "lines-sum": (p, f) =>
    `linjene summerer til ${f.money(p.linesOre, p.currency)}, men beløp − MVA er ${f.money(p.netOre, p.currency)}`,
  "taxable-sum": (p, f) =>
    `MVA-grunnlagene i avgiftsdetaljene summerer til ${f.money(p.taxableOre, p.currency)}, men beløp − MVA er ${f.money(p.netOre, p.currency)}`,
  "vat-sum": (p, f) =>
    `MVA i avgiftsdetaljene summerer til ${f.money(p.detailsOre, p.currency)}, men dokumentets MVA er ${f.money(p.vatOre, p.currency)}`,
  "rate-lines-sum": (p, f) =>
    `linjene med ${p.percent} % summerer til ${f.money(p.linesOre, p.currency)}, men MVA-grunnlaget for den satsen er ${f.money(p.taxableOre, p.currency)}`,
  "rate-vat": (p, f) =>
    `MVA ${f.money(p.vatOre, p.currency)} av grunnlaget ${f.money(p.taxableOre, p.currency)} skulle vært ${f.money(p.expectedOre, p.currency)} (reglene tillater et avvik under ${f.money(p.toleranceOre, p.currency)})`,
  "zero-rate-vat": (p, f) => `delsummen for kategori ${p.category} har ${f.money(p.vatOre, p.currency)} i MVA`,
  "category-o-mixed": () =>
    "et dokument med kategori O (utenfor merverdiavgiftsområdet) kan ikke ha andre MVA-kategorier (BR-O-11); sjekk factor.format.vatCategories eller del fakturaen",
  "category-k": () =>
    "kategori K (levering innen EØS) krever en kjøper i et annet EØS-land med MVA-nummer og leveringsopplysninger; EHF-filer herfra går bare til norske kjøpere",
  "no-description": () => "linjen har ingen beskrivelse; varenavn er påkrevd i EHF",
  "quantity-not-decimal": (p) => `antall ${quoted(p.value)} er ikke et desimaltall`,
  "line-vat-code": (p) =>
    `MVA-kode ${quoted(p.vatCode)} passer ikke med noen av dokumentets avgiftsdetaljer, så MVA-satsen er ukjent`,
  "unit-price-not-decimal": (p) => `enhetspris ${quoted(p.value)} er ikke et desimaltall`,
  "quantity-zero": (p) =>
    `antall 0 med linjebeløp ${comma(oreToDecimalString(p.amountOre))}; EHF krever at antall × pris gir beløpet`,
};

const TELL = (creditNote: string) =>
  `feltet er tomt, så si fra til factoringselskapet hvilken faktura kreditnota ${creditNote} krediterer`;

export const NOTES_NB: Texts<NoteText> = {
  cut: (p) =>
    `${quoted(p.value)} ${[
      ...(p.char === null ? [] : [`inneholder ${char(p.char)}, ${LATIN1}`]),
      ...(p.value.length > p.max ? [`er ${p.value.length} tegn; feltet har plass til ${p.max}`] : []),
    ].join(" og ")}, så factoringselskapet får ${quoted(p.written)}`,
  "credits-several": (p) =>
    `kreditnotaen krediterer fakturaene ${p.invoices.join(", ")}, og F8 har plass til én; ${TELL(p.creditNote)}`,
  "credited-not-number": (p) => `faktura ${p.invoice} er ikke et tall, og F8 tar bare tall; ${TELL(p.creditNote)}`,
  "credited-too-long": (p) => `faktura ${p.invoice} får ikke plass i de 5 posisjonene i F8; ${TELL(p.creditNote)}`,
  "name-split": (p) =>
    `${quoted(p.name)} er ${p.name.length} tegn; K6 og K18 har plass til 70 til sammen, så factoringselskapet får ${quoted(p.k6)} + ${quoted(p.k18)}`,
  "unit-unknown": (p) =>
    `enheten ${quoted(p.unit ?? undefined)} er ingen kode fra UN/ECE Recommendation 20 og har ingen tilordning; skrevet som ${p.written} (stykk)`,
  "net-price": (p) =>
    `antall ${comma(p.quantity)} × enhetspris ${comma(p.unitPrice)} er ${comma(p.gross)}, ikke linjebeløpet ${comma(oreToDecimalString(p.amountOre))}; skrevet med nettoprisen ${comma(p.net)}, så linjen går opp`,
};
