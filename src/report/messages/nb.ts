/**
 * De norske tekstene (bokmål), skrevet slik en regnskapsfører sier det: overført, lukket,
 * kreditnota, fordringer factoring, forfallsdato, KID, kundebetaling, kunderefusjon, bokført.
 * Same shape as en.ts (types.ts).
 */
import { notesLine, problemLine } from "./file-format.ts";
import type { Format } from "./format.ts";
import { FIELDS_NB, kid, NOTES_NB, PROBLEMS_NB } from "./nb-format.ts";
import type { Messages } from "./types.ts";

const none = (value: string | null) => value ?? "(ingen)";
const documents = (f: Format, n: number) => f.count(n, "dokument", "dokumenter");
const payments = (f: Format, n: number) => f.count(n, "kundebetaling/kunderefusjon", "kundebetalinger/kunderefusjoner");
const definite = { transfer: "overføringen", close: "lukkingen" } as const;
const capital = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}`;

/** A notice code in a sentence: its Norwegian label where it has one. */
const label = (code: string) => (nb.notices as Record<string, { label: string } | undefined>)[code]?.label ?? code;

const THEN = "ingenting bokføres for den før den kan leses; neste kjøring ser på den igjen";

export const nb: Messages = {
  words: {
    status: {
      ok: "ok",
      "nothing-to-do": "ingenting å gjøre",
      skipped: "hoppet over",
      "dry-run": "prøvekjøring",
      failed: "feilet",
    },
    command: { transfer: "overføring", close: "lukking" },
    batchStatus: { pending: "påbegynt", transferred: "overført", abandoned: "forkastet" },
    document: (p, f) =>
      `${capital(f.type(p.type))} ${p.number} ${p.customer}${
        p.currency && p.amountOre !== undefined ? `, ${f.money(p.amountOre, p.currency)}` : ""
      }`,
    kid: (p) => kid(p),
    unreadable: (p) => `(${p.code}: den lagrede teksten kunne ikke leses)`,
  },

  fileFormat: { fields: FIELDS_NB, column: (p) => `kolonnen ${p.column}`, problems: PROBLEMS_NB, notes: NOTES_NB },

  notices: {
    "already-transferred": { label: "allerede overført", text: () => "står allerede i loggen" },
    "not-new": { label: "ikke ny", text: () => "ikke endret siden forrige overføring" },
    "not-open-yet": {
      label: "ikke åpen ennå",
      text: (p, f) => `status ${f.status(p.status)}; overføres når den er Åpen`,
    },
    "closed-before-transfer": {
      label: "lukket før overføring",
      text: () => "lukket i Visma.net før den ble overført",
    },
    "voided-before-transfer": { label: "annullert før overføring", text: () => "annullert i Visma.net" },
    "created-before-start": {
      label: "opprettet før oppstart",
      text: (p, f) => `opprettet ${f.dateTime(p.createdAt)}, før integrasjonen ble tatt i bruk`,
    },
    "payment-method": {
      label: "annen betalingsmetode",
      text: (p) => `betalingsmetode ${none(p.method)} er ikke en factoringmetode (${p.methods.join(", ")})`,
    },
    "document-type": {
      label: "dokumenttypen overføres ikke",
      text: (p, f) => `${f.type(p.type, 2)} overføres ikke (selection.documentTypes)`,
    },
    "unsupported-type": {
      label: "dokumenttype støttes ikke",
      text: (p, f) =>
        `Visma.net viser den som ${p.listedAs}; bare fakturaer og kreditnotaer overføres til factoring (en ${f.type(p.listedAs)} sendes ikke som ${p.type === "Invoice" ? "faktura" : "kreditnota"}) — avtal med factoringselskapet hvordan den skal behandles`,
    },
    "too-old": {
      label: "for gammel",
      text: (p, f) =>
        `dokumentdato ${f.date(p.documentDate)} er ${p.ageDays} dager tilbake (grensen er ${p.limitDays}); behandles manuelt mot factoringselskapet`,
    },
    currency: {
      label: "valuta",
      text: (p) => `valuta ${p.currency} tas ikke imot av factoringselskapet (${p.accepted.join(", ")})`,
    },
    "zero-balance": { label: "saldo null", text: () => "åpen saldo er null" },
    "partly-paid-before-transfer": {
      label: "delbetalt før overføring",
      text: (p, f) =>
        `åpen saldo ${f.money(p.balanceOre, p.currency)} er lavere enn beløpet ${f.money(p.amountOre, p.currency)}: delbetalt eller motregnet før overføring; gjøres opp manuelt mot factoringselskapet`,
    },
    kid: {
      label: "KID",
      text: (p) =>
        `${kid(p)}; rett oppsettet av betalingsmetode/KID i Visma.net, og krediter og fakturer dokumentet på nytt`,
    },
    format: {
      label: "filformat",
      text: (p, f) =>
        `factoringfilen kan ikke ta med dokumentet: ${p.problems.map((x) => problemLine(x, nb.fileFormat, f)).join("; ")}`,
    },
    "missing-customer": {
      label: "kunde mangler",
      text: (p) => `kunde ${p.customer} ble ikke returnert fra Visma.net`,
    },
    malformed: {
      label: "kunne ikke leses",
      text: (p) =>
        `${p.endpoint} returnerte et element som ikke kunne leses (${p.problem}); det er ikke overført, og neste kjøring ser på det igjen`,
    },
    "credit-applied": {
      label: "kreditnota utlignet",
      text: () =>
        "allerede utlignet/motregnet før overføring; en kreditnota må stå Åpen og ikke utlignes, slik at integrasjonen kan overføre og lukke den — behandles manuelt mot factoringselskapet",
    },
    "format-note": {
      label: "avvik i filen",
      text: (p, f) => `overført, men filen avviker fra Visma.net: ${notesLine(p, nb.fileFormat, f)}`,
    },
    "pending-batch": {
      label: "bunt ikke bekreftet",
      text: (p, f) =>
        `Bunt ${p.batchId} (${documents(f, p.documents)}) er registrert som påbegynt, men ikke bekreftet: ${p.files
          .map((x) => `${x.name} ${x.found === null ? "mangler" : `finnes (${x.found} byte, forventet ${x.bytes})`}`)
          .join("; ")} på ${p.target}. ` +
        "Spør factoringselskapet om de har mottatt den, og kjør på nytt med --resolve-pending sent (de har den) eller --resolve-pending not-sent (dokumentene sendes på nytt). Ingenting sendes før dette er avklart.",
    },
    "malformed-customer": {
      label: "kunde kunne ikke leses",
      text: (p) =>
        `${p.endpoint} returnerte kunde ${p.customer} i en form som ikke kunne leses (${p.problem}); kundens dokumenter venter til den kan leses`,
    },
    "autoinvoice-confirm": {
      label: "bekreft AutoInvoice",
      text: (p, f) =>
        `bekreft at disse er sendt via AutoInvoice før factoringselskapet varsler kunden: faktura ${f.listed(p.invoices)} ` +
        `(bunt ${p.batchId}, kunder som mottar fakturaene sine via AutoInvoice; Visma.net-API-et kan ikke vise om et dokument faktisk er levert der)`,
    },
    "due-date-changed": {
      label: "forfallsdato endret",
      text: (p, f) =>
        `forfallsdato endret etter overføring: ${p.current ? f.date(p.current) : "(ingen)"} i Visma.net, ${p.sent ? f.date(p.sent) : "(ingen)"} sendt til factoringselskapet i bunt ${p.batchId}; endre den også i factoringselskapets nettportal`,
    },
    "closed-elsewhere": {
      label: "lukket på annen måte",
      text: () =>
        "lukket i Visma.net på annen måte (kunden har betalt, manuelt utlignet) etter overføringen; gjøres opp med factoringselskapet",
    },
    "partly-paid": {
      label: "delbetalt",
      text: (p, f) =>
        `åpen saldo ${f.money(p.balanceOre, p.currency)} av ${f.money(p.amountOre, p.currency)}: delbetalt eller motregnet etter overføringen; gjør opp resten med factoringselskapet`,
    },
    voided: { label: "annullert", text: () => "annullert etter overføringen; gi beskjed til factoringselskapet" },
    "amount-changed": {
      label: "beløp endret",
      text: (p, f) =>
        `beløpet er ${f.money(p.nowOre, p.currency)} nå, ${f.money(p.sentOre, p.currency)} ved overføring; rett det hos factoringselskapet`,
    },
    "not-open": { label: "ikke åpen", text: (p, f) => `status ${f.status(p.status)} i Visma.net` },
    "not-found": { label: "ikke funnet", text: () => "ble ikke returnert fra Visma.net; sjekk om den er slettet" },
    "payment-voided": {
      label: "vår betaling annullert",
      text: (p, f) =>
        `vår ${f.type(p.paymentType)} ${p.paymentRef} er annullert i Visma.net (${f.type(p.voidType)} ${p.voidNumber}); avgjør manuelt hvordan dokumentet skal lukkes`,
    },
    "payment-mismatch": {
      label: "vår betaling avviker",
      text: (p, f) =>
        `vår ${f.type(p.paymentType)} ${p.paymentNumber} (${p.paymentRef}) gjelder ikke dette dokumentet; lukk det manuelt`,
    },
    "payment-refused": {
      label: "avvist av Visma.net",
      text: (p, f) =>
        p.step === "create"
          ? `Visma.net avviste å opprette ${f.type(p.paymentType)} ${p.paymentRef}: ${p.reason}. Ingenting ble opprettet; rett dette i Visma.net, neste kjøring prøver igjen`
          : `Visma.net avviste å frigi ${f.type(p.paymentType)} ${p.paymentNumber ?? ""} (${p.paymentRef}): ${p.reason}. Den står ufrigitt; rett dette i Visma.net, neste kjøring frigir den`,
    },
    "payment-held": {
      label: "venter: kunne ikke leses",
      text: (p, f) =>
        p.unreadable === "payment"
          ? `vår ${f.type(p.paymentType ?? "Payment")} ${p.paymentNumber ?? ""} (${p.paymentRef}) kunne ikke leses (${p.problem}); ${THEN}`
          : `dokumentet kunne ikke leses (${p.problem}); ${THEN} (${p.paymentRef})`,
    },
    "closing-deferred": {
      label: "utsatt til neste kjøring",
      text: (p, f) =>
        `${documents(f, p.documents)} i ${payments(f, p.payments)} venter til neste kjøring: kallgrensen gir ${f.count(p.calls, "kall", "kall")} til før jobbens frist, og de trenger ${p.needed}; ingenting er registrert for dem, neste kjøring bokfører dem`,
    },
    "not-confirmed-closed": {
      label: "ikke bekreftet lukket",
      text: (p, f) =>
        `${capital(f.type(p.paymentType))} ${p.paymentNumber} er frigitt, men dokumentet leses tilbake som ${
          p.status === null ? "manglende" : `${f.status(p.status)}, saldo ${f.money(p.balanceOre ?? 0, p.currency)}`
        }; kontroller det i Visma.net`,
    },
    "payment-uncertain": {
      label: "usikker betaling",
      text: (p, f) =>
        p.step === "create"
          ? `opprettelsen av ${f.type(p.paymentType)} ${p.paymentRef} fikk ikke noe klart svar (${p.reason}), og ingen betaling med den referansen er synlig ennå; neste kjøring ser etter den før noe opprettes`
          : p.step === "release"
            ? `frigivelsen av ${f.type(p.paymentType)} ${p.paymentNumber ?? ""} (${p.paymentRef}) fikk ikke noe klart svar (${p.reason}); neste kjøring finner den på referansen og frigir den`
            : `bokføringen av ${f.type(p.paymentType)} ${p.paymentRef} feilet (${p.reason}); neste kjøring ser etter den på referansen før noe opprettes`,
    },
  },

  run: {
    "outside-window": (p, f) =>
      `utenfor overføringsvinduet ${p.start}–${p.end} ${p.zone} (klokken er ${f.time(p.now)} der); --force kjører likevel`,
    "already-ran": (p, f) => `dagens overføring er allerede kjørt kl. ${f.time(p.at)}`,
    "pending-dry-run": (p, f) => `påbegynt bunt ${f.list(p.batches)} må avklares først (kjør uten --dry-run)`,
    "pending-unsettled": (p, f) =>
      `bunt ${f.list(p.batches)} er påbegynt og ikke bekreftet hos factoringselskapet; ingenting sendes før noen har avklart den`,
    "nothing-to-send": () => "ingen nye dokumenter å overføre",
    "would-send": (p, f) =>
      `ville sendt bunt ${p.batchId} (${f.count(p.files, "fil", "filer")}); ingenting er registrert`,
    "files-exist": (p) =>
      `filene ${p.files.join(", ")} finnes allerede på ${p.target}, men loggen har ingen bunt for dem; sammenlign state/${p.tenant}/ med serveren før du kjører igjen`,
    sent: (p, f) =>
      `bunt ${p.batchId} overført: ${f.count(p.invoices, "faktura", "fakturaer")} og ${f.count(p.creditNotes, "kreditnota", "kreditnotaer")} til ${p.target}`,
    "incomplete-read": (p, f) =>
      `${f.count(p.count, "element", "elementer")} fra Visma.net kunne ikke leses; de er ikke overført, og neste kjøring går gjennom samme periode igjen`,
    throttled: (p, f) =>
      p.until === null
        ? "Visma.net begrenser antall kall (uten Retry-After); neste kjøring tar resten"
        : `Visma.net begrenser antall kall til kl. ${f.time(p.until)}; neste kjøring tar resten`,
    "closing-disabled": () => "lukking er slått av for denne klienten (closing.enabled: false)",
    "nothing-to-close": () => "ingen overførte dokumenter venter på lukking",
    "waiting-for-delay": (p, f) => `${documents(f, p.count)} venter på forsinkelsen på ${p.delayHours} timer`,
    "unreadable-elements": (p, f) =>
      `${f.count(p.count, "element", "elementer")} fra Visma.net kunne ikke leses og kan være våre (${p.elements.join("; ")}); ingenting lukkes før de kan leses`,
    "would-post": (p, f) =>
      `ville bokført ${payments(f, p.payments)}${p.deferred ? `, latt ${p.deferred} vente til neste kjøring (kallgrensen)` : ""} og hoppet over ${p.skips}; ingenting er registrert`,
    "closing-done": (p, f) => {
      const parts = [
        `${p.closed} lukket`,
        p.refused > 0 ? `${p.refused} avvist` : "",
        p.skipped > 0 ? `${p.skipped} ikke lukket` : "",
        p.uncertain > 0
          ? `${f.count(p.uncertain, "usikker betaling", "usikre betalinger")} (tas av neste kjøring)`
          : "",
        p.held > 0 ? `${p.held} venter (kunne ikke leses)` : "",
        p.unconfirmed > 0 ? `${p.unconfirmed} ikke bekreftet lukket` : "",
        p.notReadBack > 0 ? `${p.notReadBack} frigitt, men ikke lest tilbake ennå` : "",
        p.deferred ? `${p.deferred} venter til neste kjøring (kallgrensen)` : "",
      ].filter(Boolean);
      const throttled = p.throttled
        ? `; ${p.throttled.until === null ? "Visma.net begrenser antall kall" : `Visma.net begrenser antall kall til kl. ${f.time(p.throttled.until)}`}, neste kjøring tar resten (${documents(f, p.throttled.documents)})`
        : "";
      return `${parts.join(", ")} — ${payments(f, p.released)} bokført og frigitt${throttled}`;
    },
    "reconciliation-mismatch": (p) => `avstemming: ${p.count} avvik`,
    "tenant-file-errors": () => "klientfilen har feil (kjør npm run validate)",
    error: (p) => p.text,
  },

  cleared: {
    "retired-code": (p) => `denne versjonen melder ikke lenger ${p.noticeCode}`,
    "batch-settled": (p) => `alle dokumentene i bunt ${p.batchId} er lukket eller ikke lukket med grunn`,
    "completed-without": (p, f) => `${definite[p.command]} ${f.date(p.date)} ble fullført uten den`,
    voided: () => "annullert i Visma.net",
    "transferred-after-all": () => "likevel overført til factoringselskapet",
    "closed-in-visma": () => "lukket i Visma.net",
    "due-date-restored": (p, f) =>
      `forfallsdatoen som ble sendt til factoringselskapet, er tilbake (${p.date ? f.date(p.date) : "(ingen)"})`,
    "recorded-closed": (p, f) => `registrert lukket med ${f.type(p.paymentType)} ${p.paymentNumber}`,
    "recorded-skipped": (p) => `registrert ikke lukket (${label(p.reason)})`,
    retention: (p) =>
      `ikke meldt på ${p.days} dager (listen beholder saker i ${p.keepDays} dager etter siste melding); fjernet — git-historikken til attention.json har den`,
  },

  mismatch: {
    "never-transferred": (p, f) =>
      `${capital(f.type(p.payment.type))} ${p.payment.number} (${p.payment.ref}, ${f.status(p.payment.status)}) gjelder ${f.money(p.appliedOre, p.currency)} av dokumentet, men loggen har aldri overført det; finn ut hvem som bokførte betalingen, og annuller den hvis den er feil`,
    "not-recorded": (p, f) =>
      `${capital(f.type(p.payment.type))} ${p.payment.number} (${p.payment.ref}, ${f.status(p.payment.status)}) gjelder ${f.money(p.appliedOre, p.currency)} av dokumentet, men loggen ${
        p.recorded === null
          ? "har det ikke som lukket"
          : p.recorded.status === "closed"
            ? `har det lukket med ${f.type(p.recorded.paymentType)} ${p.recorded.paymentNumber}`
            : `har det som ikke lukket (${label(p.recorded.reason)})`
      }; ble en lukking avbrutt, registrerer neste kjøring det, ellers rett loggen eller annuller betalingen`,
    "closed-amount": (p, f) =>
      `loggen har det lukket med ${f.money(p.closedOre, p.currency)}, men ${f.money(p.transferredOre, p.currency)} ble overført`,
    "payment-missing": (p, f) =>
      `loggen har det lukket med ${f.type(p.recorded.type)} ${p.recorded.number} (${p.recorded.ref}) ${f.date(p.applicationDate)}, men Visma.net har ingen slik betaling; kontroller loggen og betalingen`,
    "payment-type": (p, f) =>
      `${capital(f.type(p.recorded.type))} ${p.recorded.number} (${p.recorded.ref}) er en ${f.type(p.actualType)} i Visma.net`,
    "payment-ref": (p, f) =>
      `${capital(f.type(p.recorded.type))} ${p.recorded.number} (${p.recorded.ref}) har referansen ${none(p.actualRef)} i Visma.net`,
    "payment-status": (p, f) =>
      `${capital(f.type(p.recorded.type))} ${p.recorded.number} (${p.recorded.ref}) har status ${f.status(p.status)} i Visma.net og er ikke frigitt`,
    "not-applied": (p, f) =>
      `${capital(f.type(p.recorded.type))} ${p.recorded.number} (${p.recorded.ref}) gjelder ikke dette dokumentet i Visma.net`,
    "applied-amount": (p, f) =>
      `${capital(f.type(p.recorded.type))} ${p.recorded.number} (${p.recorded.ref}) gjelder ${f.money(p.appliedOre, p.appliedCurrency)} av dokumentet i Visma.net, loggen har ${f.money(p.recordedOre, p.currency)}`,
    "document-missing": () => "loggen har det lukket, men Visma.net returnerte ikke dokumentet",
    "document-open": (p, f) =>
      `loggen har det lukket med ${f.type(p.recorded.type)} ${p.recorded.number} (${p.recorded.ref}), men Visma.net viser det som ${f.status(p.status)} med saldo ${f.money(p.balanceOre, p.currency)}`,
    "document-amount": (p, f) =>
      `beløpet er ${f.money(p.nowOre, p.nowCurrency)} i Visma.net, ${f.money(p.transferredOre, p.currency)} ble overført`,
  },

  summary: {
    run: (p, f) => `${nb.words.command[p.command]} ${f.date(p.date)}`,
    rows: (p, f) => capital(f.type(p.type, 2)),
    tableType: "Type",
    tableCount: "Antall",
    tableAmount: "Beløp",
    file: (p) => `fil ${p.name} (${p.bytes} byte, sha256 ${p.sha256.slice(0, 12)}…)`,
    files: "Filer",
    bytes: (p) => `${p.bytes} byte`,
    closed: (p, f) =>
      `lukket ${f.type(p.type)} ${p.number} (kunde ${p.customer}) med ${f.type(p.paymentType)} ${p.paymentNumber}: ${f.money(p.amountOre, p.currency)}`,
    skipped: "ikke lukket",
    closingDocument: "Dokument",
    closingCustomer: "Kunde",
    closingBy: "Lukket med",
    waiting: (p, f) => `venter på forsinkelsen: ${documents(f, p.count)}`,
    routine: (p) => `ikke sendt (rutine): ${p.counts}`,
    routineCount: (p) => `${p.label} ${p.count}`,
    attentionHeading: (p) => `må følges opp (${p.count})`,
    summaryHeading: (p) => `til orientering (${p.count})`,
    attention: (p) => `Oppfølgingsliste: ${p.open} åpne (${p.added} nye, ${p.cleared} løst av denne kjøringen)`,
    attentionError: (p) => `Oppfølgingslisten ble ikke oppdatert: ${p.error}`,
    resolved: (p) => `løst: ${p.line} — ${p.why}`,
    listedSince: (p, f) => `${p.line} (på listen siden ${f.date(p.since)})`,
  },

  reconciliation: {
    line: (p, f) =>
      `Avstemming ${p.from === p.to ? f.date(p.from) : `${f.date(p.from)}–${f.date(p.to)}`}: overført ${p.transferred}; lukket ${p.closed}; ikke lukket ${p.skipped}; fortsatt åpne ${p.open} — ${p.verdict}`,
    row: (p, f) => `${f.count(p.count, f.type(p.type), f.type(p.type, 2))} ${f.money(p.amountOre, p.currency)}`,
    document: (p, f) =>
      `${capital(f.type(p.type))} ${p.number} (kunde ${p.customer}, ${f.money(p.amountOre, p.currency)})`,
    none: "ingen",
    balanced: (p, f) =>
      `stemmer mot Visma.net (${f.count(p.documents, "lukket dokument", "lukkede dokumenter")} og ${p.payments} av våre kundebetalinger/kunderefusjoner kontrollert)`,
    mismatches: (p) => `${p.count} AVVIK mot Visma.net`,
    ledgerOnly:
      "denne kjøringen bokførte ingenting, så det er ikke noe nytt å kontrollere mot Visma.net (npm run report kontrollerer hele perioden)",
    failed: (p, f) =>
      `Avstemming ${p.from === p.to ? f.date(p.from) : `${f.date(p.from)}–${f.date(p.to)}`}: avstemmingen kunne ikke gjøres: ${p.error}`,
  },

  issues: {
    failureTitle: (p) => `[factoring] ${p.tenant}: ${definite[p.command]} feiler`,
    failureBody: (p) => `${capital(definite[p.command])} for ${p.name} (${p.tenant}) feilet.`,
    failureLink: (p) => `${nb.words.command[p.command]} feilet`,
    resolvedComment: (p, f) =>
      `Løst: ${definite[p.command]} for ${f.date(p.date)} gikk bra${p.runUrl ? ` (${p.runUrl})` : ""}.`,
    resolvedLink: "løst",
    attentionTitle: (p, f) => `[factoring] ${p.tenant}: ${f.count(p.count, "sak", "saker")} må følges opp`,
    attentionIntro: (p) => `Åpne saker for ${p.name} (${p.tenant}) som integrasjonen ikke kunne håndtere selv.`,
    attentionKept: (p) =>
      `Listen holdes oppdatert av hver overføring og lukking (state/${p.tenant}/attention.json); en sak forsvinner når den er løst.`,
    attentionLink: "må følges opp",
    attentionResolved: (p, f) =>
      `Løst: ingenting må følges opp lenger (${nb.words.command[p.command]} ${f.date(p.date)}).`,
    attentionResolvedLink: "oppfølging løst",
    reported: (p) => `Meldt av kjøring ${p.runUrl}`,
    stillHappening: (p) => `Skjer fortsatt i kjøring ${p.runUrl}.`,
    reopened: (p) =>
      p.runUrl ? `Skjedde igjen i kjøring ${p.runUrl}; åpnes på nytt.` : "Skjedde igjen; åpnes på nytt.",
    duplicate: (p) => `Duplikat av #${p.number}; oppdateringene fortsetter der.`,
    truncated: (p) => `… forkortet (${p.omitted} tegn utelatt); se kjøreloggen det lenkes til i kommentarene`,
    cancelled: (p) =>
      [
        `Jobben for ${definite[p.command]} av \`${p.tenant}\` ble **avbrutt eller fikk tidsavbrudd** før den kunne rapportere.`,
        "",
        p.command === "transfer"
          ? "Stoppet den mellom registreringen av en påbegynt bunt og bekreftelsen av opplastingen, sjekker neste overføring factoringselskapets server: ligger filene der, registreres bunten som overført; ellers stopper den og spør deg (`resolve_pending`). Ingenting sendes to ganger."
          : "Kundebetalingene har en fast referanse; neste lukking finner en betaling denne kjøringen opprettet, og fullfører den i stedet for å bokføre på nytt.",
        "",
        "Saken lukkes av seg selv etter neste vellykkede kjøring.",
      ].join("\n"),
    stepFailed: (p, f) => `${nb.words.command[p.command]} feilet for ${f.list(p.tenants)}`,
  },

  report: {
    couldNotReconcile: "Kunne ikke avstemmes",
    tenantFileErrors: "klientfilen har feil (kjør npm run validate)",
    period: (p, f) => `Avstemming ${f.date(p.from)} – ${f.date(p.to)} (loggen mot Visma.net)`,
    day: "Dag",
    total: "Sum",
    transferred: "Overført",
    closed: "Lukket",
    skipped: "Ikke lukket",
    open: "Fortsatt åpne",
    balanced: (p, f) =>
      `I balanse: ${f.count(p.documents, "lukket dokument", "lukkede dokumenter")} og ${p.payments} av våre kundebetalinger/kunderefusjoner stemmer med Visma.net.`,
    mismatches: (p) => `${p.count} avvik mellom loggen og Visma.net:`,
    attention: (p, f) => `Oppfølgingsliste: ${p.count === 0 ? "tom" : f.count(p.count, "åpen sak", "åpne saker")}`,
  },

  demo: {
    start: "1. Starter testmiljøene",
    vismaSandbox: (p) =>
      `Visma.net (test)   ${p.url}  (${p.customers} kunder, ${p.invoices} fakturaer, ${p.creditNotes} kreditnotaer)`,
    sftpServer: (p) => `Factoring-SFTP     ${p.url}  vertsnøkkel ${p.fingerprint}`,
    workFolder: (p) => `Arbeidsmappe       ${p.folder}  (repositoriets state/ berøres ikke)`,
    doctor: "   Før oppstart: npm run doctor -- --tenant demo (leser bare, endrer ingenting)",
    transfer: (p, f) => `2. Daglig overføring, ${f.date(p.date)} kl. ${p.time} (${f.zone})`,
    delivered: "   Levert til factoringselskapet",
    file: (p, f) => `${p.name}: ${p.bytes} byte, ${f.count(p.records, "post", "poster")}, ISO-8859-1, CRLF`,
    moreRecords: (p) => `  | … ${p.count} til`,
    ledger: "   Registrert i loggen (state/demo/…)",
    batch: (p, f) => `${p.path}: bunt ${p.id}, status ${p.status}, ${documents(f, p.documents)}`,
    batchFiles: (p) => `  filer: ${p.files}`,
    closing: (p, f) => `3. Lukking, ${f.date(p.date)} kl. ${p.time} (${p.hours} timer etter overføringen)`,
    payments: (p) => `   Kundebetalinger og kunderefusjoner i Visma.net (kassekonto ${p.account})`,
    payment: (p) => `  ${p.type.padEnd(13)} ${p.number} ${p.ref} ${p.amount.padStart(14)} ${p.status}: ${p.documents}`,
    paymentDocument: (p, f) =>
      `${f.type(p.type)} ${p.number} → ${p.status}, saldo ${f.money(p.balanceOre, p.currency)}`,
    morePayments: (p) => `  … ${p.count} til`,
    reconciliation: "4. Avstemming: loggen mot Visma.net",
    mismatch: (p) => `  avvik: ${p.text}`,
    happened: "5. Hva skjedde",
    sent: (p, f) =>
      `- ${documents(f, p.documents)} ble overført til ${p.factor} i ${f.count(p.files, "fil", "filer")}: fakturaer ${f.money(p.invoicesOre, p.currency)}, kreditnotaer ${f.money(p.creditNotesOre, p.currency)}.`,
    routine: (p, f) =>
      `- ${documents(f, p.count)} skulle ikke til factoring i dag (annen betalingsmetode, ikke Åpen, opprettet før oppstart, …).`,
    attention: (p) => `- ${p.count} må følges opp før de kan overføres: ${p.labels.join(", ") || "ingen"}.`,
    closed: (p, f) =>
      `- Lukkingen bokførte ${payments(f, p.payments)} mot kassekonto ${p.account} og lukket ${documents(f, p.closed)} (${p.skipped} ikke lukket): fordringene er flyttet fra kundefordringer til fordringer factoring.`,
    rerun: (p) =>
      `- Ingenting ble sendt to ganger: kjør \`npm run demo\` så ofte du vil; den begynner på nytt i en ny ${p.kept ? "mappe" : "midlertidig mappe"}.`,
    balances:
      "- Avstemmingen stemmer: hver krone som ble overført til factoringselskapet, er lukket med den registrerte kundebetalingen eller kunderefusjonen.",
    mismatches: (p) => `- Avstemmingen fant ${p.count} avvik.`,
    finished: "Demoen er ferdig.",
    failed: "Demoen ble ferdig med en feil (se over).",
    kept: (p) =>
      `Arbeidsmappen er beholdt i ${p.folder}: f.eks. npm run site -- --state-dir ${p.state} --tenants-dir tenants --out site`,
  },

  doctor: {
    heading: (p, f) => `doctor ${p.tenant} (${p.file}) ${f.dateTime(p.now)}`,
    title: (p) => `Klarsjekk: ${p.tenant}`,
    at: (p, f) => `${p.file} ${f.dateTime(p.now)}`,
    ready: (p) => `klar: ${p.tally}${p.unknown > 0 ? " (se over ?-linjene før oppstart)" : ""}`,
    notReady: (p) => `ikke klar: ${p.tally}; rett ✖-linjene og kjør doctor på nytt`,
    name: {
      token: "token",
      scopes: "tilganger",
      visma: "Visma.net",
      firstRun: "første kjøring",
      nextRun: "neste kjøring",
      tenantFile: "klientfil",
      rateLimit: "kallgrense",
      paymentMethod: (p) => `betalingsmetode ${p.id}`,
      cashAccounts: "kassekontoer",
      cashAccount: (p) => `kassekonto ${p.currency}`,
      cashAccountWith: (p) => `kassekonto ${p.account} med ${p.method}`,
      documents: "dokumenter",
      unreadableDocument: (p, f) => `uleselig ${f.type(p.type)} ${p.id}`,
      selection: "utvalg",
      unreadableCustomer: "uleselig kunde",
      heldBack: (p) => `holdt tilbake (${p.label})`,
      kid: "KID",
      customers: "kunder",
      currencies: "valutaer",
      payments: "kundebetalinger",
      unreadablePayment: (p) => `uleselig betaling ${p.id}`,
      expandFlags: "expand-flagg",
      vatId: "vatId",
      timestamps: "tidsstempler",
      sftpHostKey: "SFTP-vertsnøkkel",
      sftpLogin: "SFTP-innlogging",
      sftpFolder: "SFTP-mappe",
      sftpWriteAccess: "SFTP-skrivetilgang",
      sftpConnection: "SFTP-tilkobling",
      deliveryFolder: "leveringsmappe",
      ledger: "logg",
      pendingBatch: (p) => `påbegynt bunt ${p.id}`,
    },
    notReadWithoutToken: "selskapets oppsett, dokumenter og betalinger ble ikke lest uten token",
    notCountedWithoutToken: "ikke talt uten token",
    fileHasErrors: (p) => `${p.file} har feil (kjør npm run validate)`,
    scopeWhy: {
      read: "hver kjøring leser dokumenter, kunder og betalinger",
      create: "lukkingen oppretter kundebetalinger og kunderefusjoner",
      update: "lukkingen frigir dem",
    },
    tokenObtained: (p) =>
      `hentet fra ${p.url} for klient ${p.tenantId}, expires_in ${p.seconds} s${p.seconds >= 3600 ? ` (${String(+(p.seconds / 3600).toFixed(1)).replace(".", ",")} t)` : ""}`,
    scopesWithoutToken: "ukjent uten token",
    scopesNotNamed:
      "svaret med token nevner ingen tilgang (det gjør heller ikke tokenet som JWT); lukkingens første betaling viser om create og update er gitt",
    scopesProbed: "spurt om én om gangen gir Visma Connect",
    scopesGranted: "gitt",
    scopesOk: (p) =>
      `${p.verb} ${p.granted.join(", ") || "ingen"}; ${p.readOnly ? "overføringen leser bare (closing.enabled er false)" : "overføringen leser, lukkingen oppretter og frigir betalinger"}`,
    scopesMissing: (p) =>
      `${p.verb} ${p.granted.join(", ") || "ingen"}; mangler ${p.missing.map((m) => `${m.scope} (${m.why})`).join(", ")}: gi applikasjonen ${p.grant} i Visma Developer Portal, og la klientens administrator godkjenne den på nytt`,
    notRead: (p) => `ikke lest: ${p.error}`,
    methodMissing: (p, f) =>
      `oppgitt i ${f.list(p.from)}, men finnes ikke i Visma.net (der finnes ${f.listed(p.has, 8)}); rett ${f.list(p.from)}`,
    methodInactive: (p, f) =>
      `inaktiv i Visma.net${p.what ? ` (${p.what})` : ""}: ${f.list(p.from)} er avhengig av den; aktiver den under Betalingsmetoder (CA204000) eller oppgi en annen`,
    methodActive: (p, f) => `aktiv${p.what ? ` (${p.what})` : ""}; brukes av ${f.list(p.from)}`,
    closingDisabled: "lukkingen er slått av (closing.enabled: false): ingen kassekonto brukes",
    accountNotChecked: (p) => `${p.number} (${p.option}) ikke kontrollert: ${p.error}`,
    accountMissing: (p, f) =>
      `${p.number} (${p.option}) finnes ikke i Visma.net (der finnes ${f.listed(p.has, 8)}): hver lukking av et dokument i ${p.currency} ville blitt avvist`,
    accountNoCurrency: (p) =>
      `${p.number} (${p.option}) finnes, men Visma.net oppgir ikke valutaen; en betaling får valutaen til kassekontoen sin`,
    accountWrongCurrency: (p) =>
      `${p.number} (${p.option}) er i ${p.accountCurrency}: lukking av et dokument i ${p.currency} ville blitt avvist ("valutaen avviker fra kassekontoens"); ${p.shared ? `legg til closing.cashAccounts: { ${p.currency}: "<en konto i ${p.currency}>" }` : `oppgi en konto i ${p.currency} i ${p.option}`}`,
    accountOk: (p) => `${p.number}${p.description ? ` ${p.description}` : ""} (${p.option}) finnes, i ${p.currency}`,
    accountsUnused: (p, f) =>
      `closing.cashAccounts nevner ${f.list(p.currencies)}, som factor.currencies ikke har med: brukes aldri`,
    linkAsk: (p) =>
      `API-et sier ikke hvilke kassekontoer en betalingsmetode tillater: sjekk "Tillatte kassekontoer" for ${p.method} under Betalingsmetoder (CA204000)`,
    linkNotRead: (p) => `${p.ask} (betalingene kunne ikke leses: ${p.error})`,
    linkUsed: (p, f) => `brukt sammen av ${f.type(p.type)} ${p.number}${p.date ? ` ${f.date(p.date)}` : ""}`,
    linkOthers: (p, f) => `betalinger med ${p.method} brukte ${f.listed(p.accounts, 8)}, ikke ${p.account}; ${p.ask}`,
    linkNone: (p) => `ingen betaling i perioden som leses brukte ${p.method}; ${p.ask}`,
    paymentsNotRead: (p, f) => `kundebetalingene datert fra ${f.date(p.from)} kunne ikke leses: ${p.error}`,
    paymentsSeen: (p, f) =>
      `${f.count(p.total, "kundebetaling", "kundebetalinger")} datert fra ${f.date(p.from)} (perioden lukkingen leser)${p.kinds ? `: ${p.kinds}` : ""}; ${p.ours} bokført av denne integrasjonen`,
    paymentNotOurs: "ikke en av våre etter det som kan leses, så lukkingen går forbi den",
    paymentOursNoRef:
      "den kan være en av våre, og referansen kan ikke leses: lukkingen ville stoppet til den kan leses",
    paymentOursRef: (p) => `den har vår referanse ${p.ref}: lukkingen holder igjen dokumentet til den kan leses`,
    paymentUnreadable: (p) => `${p.endpoint}: ${p.problem}; ${p.effect}`,
    paymentsUnreadable: (p) => `${p.seen}: ${p.count} kunne ikke leses (hver for seg under)`,
    paymentsNone: (p) => `${p.seen}: ingen å lese, så innlesingen er ikke bevist ennå`,
    paymentsOk: (p) => `${p.seen}: alle kan leses`,
    rateNeed: (p, f) =>
      `en vanlig dag trenger omtrent ${p.normal} kall (${payments(f, p.perDay)} om dagen); ` +
      `den travleste datoen i utvalget${p.busiest ? ` (${f.date(p.busiest.date)}, ${p.busiest.payments})` : ""} omtrent ${p.busy}, lukkingen den dagen omtrent ${p.busiestRun}`,
    rateNeedUnknown: "dagens kall kunne ikke anslås (dokumentene kunne ikke leses)",
    rateUnpublished: (p) => `Visma.net sendte ingen X-RateLimit-Limit (standardgrensen er ikke publisert); ${p.need}`,
    rateFigures: (p) =>
      `${p.policy ?? "ingen policy oppgitt"}: grense ${p.limit}, ${p.remaining ?? "?"} igjen${p.reset !== null ? `, vinduet nullstilles om ${p.reset} s` : ""}`,
    rateExceeded: (p) =>
      `${p.figures}; ${p.need}: det går over mer enn ett vindu, så lukkingen ville blitt begrenset og bare blitt ferdig i senere kjøringer; be Visma om en høyere grense eller sett closing.grouping: perCustomer`,
    rateClose: (p) => `${p.figures}; ${p.need}: nær grensen`,
    rateOk: (p) => `${p.figures}; ${p.need}`,
    sampleNotRead: (p) => `utvalget kunne ikke leses: ${p.error}`,
    selectionNotJudged: (p) => `ikke vurdert: kundene kunne ikke leses (${p.error})`,
    sampleRead: (p, f) =>
      `${f.count(p.invoices, "faktura", "fakturaer")} og ${f.count(p.creditNotes, "kreditnota", "kreditnotaer")} Åpen, datert fra ${f.date(p.from)}${p.cap !== null ? ` (utvalget stopper ved omtrent ${p.cap} per liste)` : ""}`,
    sampleUnreadable: (p) =>
      `${p.read}: ${p.count} kunne ikke leses (hver for seg under); overføringen holder dem tilbake og feiler til de kan leses`,
    sampleEmpty: (p) => `${p.read}: ingenting nytt å vurdere selskapets data ut fra`,
    sampleOk: (p) => `${p.read}: alle kan leses`,
    selectionSeen: (p) =>
      `${p.selected} av ${p.total} ville blitt valgt etter dagens regler; holdes tilbake for oppfølging: ${p.held}; ikke for factoring: ${p.routine}`,
    tally: (p) => `${p.label} ${p.count}`,
    noneTallied: "ingen",
    selectionEmpty: "ingen nye åpne dokumenter å velge fra",
    selectionNoMethod: (p) =>
      `${p.seen}: ingen dokumenter har en factoring-betalingsmetode (${p.methods.join(", ")}); sammenlign selection.paymentMethods med kundenes standard i Visma.net`,
    selectionNoneSent: (p) => `${p.seen}: ingen ville blitt sendt`,
    heldBack: (p, f) => `${documents(f, p.count)}; ${p.texts.join("; ")}${p.more > 0 ? `; og ${p.more} til` : ""}`,
    heldBackText: (p) => `${p.documents}: ${p.text}`,
    documentName: (p, f) => `${f.type(p.type)} ${p.number}`,
    kidNoInvoice: "ingen faktura i utvalget går til factoring",
    kidNotChecked: (p) =>
      `factor.kid er none: ikke kontrollert (${p.carrying} av ${p.total} fakturaer til factoring har KID)`,
    kidSeen: (p, f) =>
      `${p.valid} av ${f.count(p.total, "faktura", "fakturaer")} til factoring har gyldig KID etter ${p.rule}`,
    kidBad: (p) => `${p.number} (${p.problem})`,
    kidMostFail: (p) =>
      `${p.seen}: de fleste feiler, så regelen eller KID-oppsettet er feil; sjekk factor.kid og betalingsmetodens KID-innstillinger i Visma.net: ${p.named}`,
    kidHeld: (p) => `${p.seen}; holdes tilbake til de er rettet: ${p.named}`,
    customersNone: "ingen dokumenter i utvalget går til factoring",
    customersOk: (p) => `alle ${p.count} kundene til dokumentene har organisasjonsnummer og adresse`,
    customersSome: (p, f) => {
      const parts = [
        p.noOrg.length > 0 ? `${p.noOrg.length} uten organisasjonsnummer (${f.listed(p.noOrg, 5)})` : "",
        p.noAddress.length > 0 ? `${p.noAddress.length} uten full adresse (${f.listed(p.noAddress, 5)})` : "",
        p.missing.length > 0 ? `${p.missing.length} ble ikke returnert fra Visma.net (${f.listed(p.missing, 5)})` : "",
      ].filter(Boolean);
      return `av ${p.count} kunder til dokumentene: ${parts.join("; ")}; om det holder et dokument tilbake, avhenger av filformatet (se holdt tilbake)`;
    },
    currenciesNone: "ingen dokumenter i utvalget går til factoring",
    currenciesRefused: (p, f) =>
      `${p.shown}; factoringselskapet tar ${f.list(p.takes)} (factor.currencies), så dokumentene i ${f.list(p.refused)} holdes tilbake for oppfølging`,
    currenciesOk: (p, f) =>
      p.foreign
        ? `${p.shown}; factoringselskapet tar ${f.list(p.takes)}`
        : `${p.shown}: ingen dokumenter i utenlandsk valuta`,
    ledgerPending: (p, f) =>
      `registrert ${f.dateTime(p.created)}, men opplastingen er ikke bekreftet: neste overføring ser først etter ${p.files.join(", ")} på ${p.target}, og stopper for oppfølging hvis ikke alle er der`,
    ledgerEmpty: (p) => `ingenting registrert i ${p.where} ennå: neste overføring er den første`,
    ledgerSeen: (p, f) =>
      `${p.where}: ${[
        p.last
          ? `siste overføring ${f.date(p.last.date)} (${p.last.batches.length ? p.last.batches.join(", ") : "ingenting å sende"})`
          : "ingen fullført overføring ennå",
        p.start ? `integrasjonen startet ${f.dateTime(p.start)}` : "ingen markør ennå",
        `${f.count(p.batches, "bunt", "bunter")} i månedene en kjøring leser: ${documents(f, p.documents)} overført, ${p.closed} lukket, ${p.skipped} utelatt, ${p.documents - p.closed - p.skipped} venter på lukking`,
      ].join("; ")}`,
    nextFromFirst: (p, f) =>
      `leser dokumenter endret siden ${f.dateTime(p.since)} (starten av dagen før, ${p.hours} timer tidligere for Visma.net sin upubliserte tidssone i tidsstemplene); dokumenter opprettet før ${f.dateTime(p.start)} blir hos deg`,
    nextFromLast: (p, f) =>
      `leser dokumenter endret siden ${f.dateTime(p.since)} (starten av forrige overføring, ${p.hours} timer tidligere)`,
    nextAlready: "dagens overføring er allerede kjørt, så neste er i morgen",
    nextLedgerUnread: (p) => `${p.from}; ikke talt: loggen kunne ikke leses`,
    nextNotRead: (p) => `${p.from}; kunne ikke leses: ${p.error}`,
    nextNothing: "ville ikke sendt noe nå",
    nextWould: (p, f) =>
      `ville sendt ${f.count(p.invoices, "faktura", "fakturaer")}${p.invoiceSums ? ` (${p.invoiceSums})` : ""} og ${f.count(p.creditNotes, "kreditnota", "kreditnotaer")}${p.creditSums ? ` (${p.creditSums})` : ""} nå`,
    nextHeld: (p, f) => `holdes tilbake for oppfølging: ${f.listed(p.held, 5)}`,
    nextSeen: (p, f) =>
      `overføringen (${p.start}–${p.end} ${f.zone}) ${p.would}${p.held ? `; ${p.held}` : ""}${p.already ? `; ${p.already}` : ""}; den ${p.from}`,
    nextUnreadable: (p, f) =>
      `${p.seen}; ${f.count(p.count, "element", "elementer")} kunne ikke leses, så den kjøringen ville feilet og sett etter igjen neste gang`,
    expandWith: (p) => `med dem: ${p.counts} av ${p.documents}`,
    expandNotRead: (p) => `siden uten flagg kunne ikke leses: ${p.error}${p.with ? `; ${p.with}` : ""}`,
    expandNoInvoice: (p) => `ingen åpen faktura å lese uten flaggene${p.with ? `; ${p.with}` : ""}`,
    expandAsked: "Visma.net utelater underlistene hvis de ikke blir bedt om, og produktet ber om dem",
    expandUnasked: "Visma.net sender dem uten å bli bedt om det (produktets flagg endrer ingenting)",
    expandSome: (p) => `sendt uten å bli bedt om: ${p.present.join(", ") || "ingen helt"}; produktet ber om alle tre`,
    expandSeen: (p) =>
      `uten flaggene: ${p.counts} av ${p.documents} fakturaer${p.with ? `; ${p.with}` : ""}: ${p.verdict}`,
    expandMissingTax: (p, f) =>
      `${p.seen}; men ${documents(f, p.count)} kom uten taxDetails selv når de ble bedt om: MVA-oppstillingen i EHF og filens MVA kommer derfra`,
    vatIdUnseen: "ingen MVA-detaljer sett, så formen er ukjent her",
    vatIdObject: (p, f) =>
      `et objekt {number, description} i ${f.count(p.count, "MVA-detalj", "MVA-detaljer")}, som i den publiserte kontrakten`,
    vatIdString: (p, f) =>
      `en ren tekst i ${f.count(p.count, "MVA-detalj", "MVA-detaljer")}: en eldre form enn den publiserte kontrakten (produktet leser begge)`,
    vatIdMixed: (p, f) =>
      `blandet: et objekt i ${p.objects}, en ren tekst i ${f.count(p.strings, "MVA-detalj", "MVA-detaljer")} (produktet leser begge)`,
    stampsNoDate: "ikke avgjort: Visma.net sendte ingen brukbar Date-header å sammenligne med",
    stampsNone: "ikke avgjort: ingen lastModifiedDateTime eller createdDateTime ble lest",
    ago: (p) =>
      p.minutes < 0
        ? `${-p.minutes} min fram i tid`
        : p.minutes < 120
          ? `${p.minutes} min siden`
          : p.minutes < 48 * 60
            ? `${Math.round(p.minutes / 60)} timer siden`
            : `${Math.round(p.minutes / (24 * 60))} dager siden`,
    stampsSeen: (p, f) =>
      `den nyeste endringen ${f.wallClock(p.newest)} er ${p.local} lest som ${f.zone}-tid og ${p.utc} lest som UTC, etter serverens klokke ${f.dateTime(p.server)}`,
    stampsUtcZero: (p, f) => `ikke avgjort: ${f.zone} er på UTC+0 nå, så begge lesingene stemmer (${p.seen})`,
    stampsLocal: (p, f) => `lokal tid (${f.zone}): ${p.seen}; lest som UTC ville den ligget fram i tid`,
    stampsUtc: (p, f) => `UTC: ${p.seen}; lest som ${f.zone}-tid ville den ligget fram i tid`,
    stampsBothFuture: (p) => `ikke avgjort: ${p.seen}; begge lesingene ligger fram i tid, så klokkene er uenige`,
    stampsCloser: (p, f) => `nærmest ${p.local ? `lokal tid (${f.zone})` : "UTC"}: ${p.seen}`,
    stampsUndetermined: (p) =>
      `ikke avgjort: ingenting er endret de siste ${p.minutes} minuttene (${p.seen}); kjør doctor igjen rett etter at et dokument er endret`,
    hostKeyMismatch: (p) =>
      `${p.where} viste ${p.presented}, ${p.file} krever ${p.expected}: lukket før innlogging, ingenting er sendt; bekreft nøkkelen med factoringselskapet via en annen kanal`,
    loginNotTried: "ikke forsøkt: vertsnøkkelen stemte ikke",
    notReached: "ikke nådd",
    hostKeyNoCredential: "ikke kontrollert: ingen påloggingsopplysninger",
    hostKeyMatched: (p) => `${p.where} viste den faste nøkkelen ${p.fingerprint}, kontrollert før innlogging`,
    loggedIn: (p) =>
      `bruker ${p.user} med ${p.key !== null ? `nøkkelen i ${p.key}` : `passordet i ${p.password ?? ""}`} logget inn`,
    folderNotListable: "denne leveringen kan ikke liste mappen sin",
    folderSeen: (p, f) =>
      `${p.dir} finnes: ${[
        `${f.count(p.files, "fil", "filer")} venter`,
        p.temp.length > 0
          ? `${f.count(p.temp.length, "midlertidig fil", "midlertidige filer")} fra en avbrutt opplasting (${p.temp.join(", ")}; neste opplasting erstatter den)`
          : "",
      ]
        .filter(Boolean)
        .join(", ")}`,
    writeNoModes: (p) =>
      `serveren viser ingen rettigheter for ${p.dir}; spør factoringselskapet om kontoen kan skrive og gi nytt navn der`,
    writeNobody: (p) =>
      `${p.dir} er ${p.bits}: ingen kan skrive der; be factoringselskapet gi kontoen rett til å skrive og gi nytt navn der`,
    writeEveryone: (p) => `${p.dir} er ${p.bits}: alle kontoer kan skrive der`,
    writeOwner: (p) =>
      `${p.dir} er ${p.bits}, eid av uid ${p.uid} som innloggingsmappen: kontoen eier den og kan skrive der`,
    writeOwnerNot: (p) => `${p.dir} er ${p.bits}, eid av kontoen (uid ${p.uid}), men eieren kan ikke skrive der`,
    writeGroup: (p) => `${p.dir} er ${p.bits}, gruppe ${p.gid} som innloggingsmappen: kontoens gruppe kan skrive der`,
    writeGroupNot: (p) => `${p.dir} er ${p.bits}: gruppen ${p.gid} (kontoens, etter innloggingsmappen) kan ikke skrive`,
    writeUnknown: (p) =>
      `${p.dir} er ${p.bits}, eid av uid ${p.uid ?? "?"}, gid ${p.gid ?? "?"}; ${
        p.login
          ? `innloggingsmappen ${p.login.path} eies av uid ${p.login.uid ?? "?"}, gid ${p.login.gid ?? "?"}`
          : "innloggingsmappen kunne ikke leses"
      }: om kontoen kan skrive, kan ikke leses ut av rettighetene; spør factoringselskapet (ingen testfil skrives)`,
    localMissing: (p) => `${p.dir} finnes ikke ennå; den første overføringen oppretter den`,
    localNotFolder: (p) => `${p.dir} er ikke en mappe`,
    localSeen: (p, f) =>
      `${p.dir} finnes: ${f.count(p.files, "fil", "filer")} venter; denne brukeren kan ${p.writable ? "" : "ikke "}skrive der`,
  },
};
