/**
 * Seed data: a realistic Norwegian company generated from a number (same seed → same company),
 * or loaded from a JSON data file. Customers have valid organisation numbers and addresses with
 * æøå; documents spread over the last ~40 days across statuses, with KIDs (a few broken on
 * purpose), factoring vs bank payment methods and some documents whose payment method differs
 * from the customer's default — the cases the transfer and the watch list have to handle.
 */
import { readFile } from "node:fs/promises";
import { DateTime } from "luxon";
import { z } from "zod";
import type { Ore } from "../../shared/money.ts";
import { DEFAULT_TIME_ZONE } from "../../shared/time.ts";
import { localTimestamp, type TimestampZone } from "./clock.ts";
import { DEFAULT_CREDIT_TERMS, buildDocument, shiftDate, type LineInput } from "./documents.ts";
import { addPaymentHistory } from "./history.ts";
import { SandboxStore } from "./store.ts";
import { breakKid, orgNumber } from "./kid.ts";
import type {
  SandboxAddress,
  SandboxCashAccount,
  SandboxCustomer,
  SandboxData,
  SandboxDocument,
  SandboxPayment,
  SandboxPaymentMethod,
} from "./types.ts";

export type { SandboxData } from "./types.ts";

export interface GenerateOptions {
  seed: number;
  customers: number;
  documents: number;
  /** The company's "today" (yyyy-MM-dd): documents are dated within the 40 days before it. */
  today: string;
  /** Zone of the zone-less timestamps written (default Europe/Oslo); they are local wall-clock times. */
  timeZone?: string;
  /**
   * What a real company holds besides the generated Norwegian invoicing (default true when there
   * are documents): customers invoiced in EUR and SEK (exchange rate ≠ 1) with a foreign cash
   * account, debit notes and overdue charges, and a payment history with other document types and
   * void payments (history.ts). Added after the generated documents; they do not change them.
   */
  extras?: boolean;
  /** Write the zone-less timestamps in the company's local time (default) or in UTC (clock.ts). */
  timestamps?: TimestampZone;
}

export const PAYMENT_METHODS: SandboxPaymentMethod[] = [
  { id: "FACTORING", description: "Factoring", active: true, meansOfPayment: "DirectDeposit" },
  { id: "BANK", description: "Bankoverføring", active: true, meansOfPayment: "DirectDeposit" },
  { id: "KORT", description: "Betalingskort", active: true, meansOfPayment: "CreditCard" },
];

export const CASH_ACCOUNTS: SandboxCashAccount[] = [
  { number: "1500", description: "Kundefordringer", currency: "NOK" },
  { number: "1510", description: "Factoringfordring", currency: "NOK" },
  { number: "1920", description: "Bankinnskudd", currency: "NOK" },
];

/** The first customers always get these names, so every seeded company shows æøå. */
const FIXED_NAMES = [
  "Ærlig Rørlegger AS",
  "Østfold Bølgeblikk AS",
  "Tromsø Kjøl og Frys AS",
  "Bodø Båtservice AS",
  "Trøndelag Sveis og Smie AS",
  "Ålesund Fiskeutstyr AS",
];
const NAME_PREFIXES = [
  "Nordlys",
  "Fjellheim",
  "Sjøbris",
  "Bjørkely",
  "Granløkka",
  "Solvær",
  "Havørn",
  "Blåbær",
  "Midtbyen",
  "Vestkyst",
  "Furuholmen",
  "Øvre",
  "Lille",
  "Skjærgård",
  "Fjæra",
  "Mørkved",
  "Kløver",
  "Sørlandet",
];
const TRADES = [
  "Rørlegger",
  "Elektro",
  "Bygg",
  "Maling",
  "Regnskap",
  "Transport",
  "Snekkeri",
  "Tak og Fasade",
  "Bakeri",
  "Kjøkken",
  "Eiendom",
  "Bilverksted",
  "Hagesenter",
  "Trykkeri",
  "Ventilasjon",
  "Grøntanlegg",
];
const LEGAL_FORMS = ["AS", "AS", "AS", "AS", "AS", "ANS", "DA"];
const CITIES: Array<{ city: string; postalCode: string }> = [
  { city: "Oslo", postalCode: "0150" },
  { city: "Bergen", postalCode: "5003" },
  { city: "Trondheim", postalCode: "7010" },
  { city: "Tromsø", postalCode: "9008" },
  { city: "Bodø", postalCode: "8006" },
  { city: "Stavanger", postalCode: "4006" },
  { city: "Kristiansand", postalCode: "4611" },
  { city: "Ålesund", postalCode: "6002" },
  { city: "Fredrikstad", postalCode: "1606" },
  { city: "Drammen", postalCode: "3015" },
  { city: "Lillehammer", postalCode: "2609" },
  { city: "Hønefoss", postalCode: "3510" },
  { city: "Sarpsborg", postalCode: "1706" },
  { city: "Førde", postalCode: "6800" },
  { city: "Mo i Rana", postalCode: "8622" },
  { city: "Gjøvik", postalCode: "2815" },
];
const STREETS = [
  "Storgata",
  "Kongens gate",
  "Fjordveien",
  "Bjørkeveien",
  "Sjøgata",
  "Øvre Slottsgate",
  "Nedre Storgate",
  "Skolegata",
  "Industriveien",
  "Havnegata",
  "Løkkeveien",
  "Åsveien",
  "Bryggen",
  "Tærudgata",
];
const FIRST_NAMES = [
  "Kari",
  "Ola",
  "Åse",
  "Bjørn",
  "Siri",
  "Håkon",
  "Ingrid",
  "Øystein",
  "Marte",
  "Jørgen",
  "Solveig",
  "Pål",
];
const LAST_NAMES = ["Nordmann", "Hansen", "Bø", "Ødegård", "Lævold", "Sæther", "Berg", "Løvås", "Strøm", "Aas", "Dahl"];
const CATALOGUE: Array<{
  description: string;
  uom: string;
  min: number;
  max: number;
  hours?: boolean;
  vatRate?: number;
}> = [
  { description: "Konsulenttimer", uom: "TIME", min: 950, max: 1450, hours: true },
  { description: "Montering", uom: "TIME", min: 750, max: 1100, hours: true },
  { description: "Rørdeler", uom: "STK", min: 45, max: 900 },
  { description: "Bølgeblikk 0,5 mm", uom: "M2", min: 120, max: 260 },
  { description: "Elektrisk materiell", uom: "STK", min: 20, max: 1500 },
  { description: "Serviceavtale", uom: "MND", min: 990, max: 4900 },
  { description: "Frakt", uom: "STK", min: 150, max: 890 },
  { description: "Servering møte", uom: "STK", min: 89, max: 250, vatRate: 15 },
];

/** Deterministic PRNG (mulberry32): the same seed gives the same company on every machine. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Picker {
  constructor(readonly random: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  digits(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
  /** "HH:mm:ss.SSS" between fromHour and toHour (exclusive), local wall time. */
  time(fromHour: number, toHour: number): string {
    const pad = (v: number, n = 2) => String(v).padStart(n, "0");
    return `${pad(this.int(fromHour, toHour - 1))}:${pad(this.int(0, 59))}:${pad(this.int(0, 59))}.${pad(this.int(0, 999), 3)}`;
  }
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .replace(/å/g, "a")
    .replace(/\b(as|ans|da)\b/g, "")
    .replace(/[^a-z0-9]+/g, "")
    .slice(0, 30);
}

function address(p: Picker): SandboxAddress {
  const place = p.pick(CITIES);
  return {
    addressLine1: `${p.pick(STREETS)} ${p.int(1, 120)}`,
    addressLine2: p.chance(0.1) ? `Postboks ${p.int(100, 9999)}` : null,
    addressLine3: null,
    postalCode: place.postalCode,
    city: place.city,
    countryId: "NO",
    countryName: "Norge",
  };
}

/** "Nordlys Elektro", "Sæther Bygg", "Rørlegger Tromsø", "Havørn Maling Bodø". */
function companyName(p: Picker): string {
  switch (p.int(0, 3)) {
    case 0:
      return `${p.pick(NAME_PREFIXES)} ${p.pick(TRADES)}`;
    case 1:
      return `${p.pick(LAST_NAMES)} ${p.pick(TRADES)}`;
    case 2:
      return `${p.pick(TRADES)} ${p.pick(CITIES).city}`;
    default:
      return `${p.pick(NAME_PREFIXES)} ${p.pick(TRADES)} ${p.pick(CITIES).city}`;
  }
}

function generateCustomers(p: Picker, count: number, today: string): SandboxCustomer[] {
  const names = new Set<string>();
  const customers: SandboxCustomer[] = [];
  for (let i = 0; i < count; i++) {
    let name = FIXED_NAMES[i];
    for (let attempt = 0; name === undefined || names.has(name); attempt++) {
      name = `${companyName(p)}${attempt > 50 ? ` ${p.int(2, 99)}` : ""} ${p.pick(LEGAL_FORMS)}`;
    }
    names.add(name);
    let corporateId: string | null = null;
    while (corporateId === null) corporateId = orgNumber(`${p.pick(["8", "9", "9"])}${p.digits(7)}`);
    const mainAddress = address(p);
    const invoiceAddress = p.chance(0.15) ? address(p) : { ...mainAddress };
    const contactName = `${p.pick(FIRST_NAMES)} ${p.pick(LAST_NAMES)}`;
    const defaultPaymentMethodId = p.chance(0.8) ? "FACTORING" : "BANK";
    const created = `${shiftDate(today, -p.int(60, 900))}T${p.time(8, 16)}`;
    const recentlyChanged = p.chance(0.1);
    const modified = recentlyChanged ? `${shiftDate(today, -p.int(0, 40))}T${p.time(8, 15)}` : created;
    customers.push({
      number: String(10000 + i),
      name,
      status: p.chance(0.95) ? "Active" : p.pick(["OnHold", "Inactive", "CreditHold"]),
      corporateId,
      vatRegistrationId: p.chance(0.9) ? `NO${corporateId}MVA` : null,
      currencyId: "NOK",
      mainAddress,
      invoiceAddress,
      contact: {
        name: contactName,
        email: `faktura@${slug(name) || "kunde"}.no`,
        phone: `+47 ${p.int(400, 999)} ${p.digits(2)} ${p.digits(3)}`,
      },
      defaultPaymentMethodId,
      paymentMethodIds: defaultPaymentMethodId === "FACTORING" ? ["FACTORING", "BANK"] : ["BANK"],
      acceptAutoInvoices: i % 5 === 3, // a fixed share, so the generator's random stream stays as it was
      createdDateTime: created,
      lastModifiedDateTime: modified > created ? modified : created,
    });
  }
  return customers;
}

function invoiceLines(p: Picker): LineInput[] {
  const count = p.pick([1, 1, 2, 2, 3, 4]);
  return Array.from({ length: count }, () => {
    const item = p.pick(CATALOGUE);
    const quantity = item.hours ? p.int(1, 60) / 2 : item.uom === "M2" ? p.int(5, 400) : p.int(1, 12);
    return {
      description: item.description,
      quantity,
      unitPriceOre: p.int(item.min, item.max) * 100 + p.pick([0, 0, 0, 50, 90]),
      uom: item.uom,
      vatRate: item.vatRate ?? 25,
    };
  });
}

/**
 * A deterministic company. Document numbers follow document dates; every Closed or partly
 * paid document has the released payment or refund that settled it, so the payment number
 * series continues sensibly when the integration posts new ones.
 */
export function generateCompany(options: GenerateOptions): SandboxData {
  const zone = options.timeZone ?? DEFAULT_TIME_ZONE;
  if (!DateTime.fromISO(options.today, { zone }).isValid || !/^\d{4}-\d{2}-\d{2}$/.test(options.today)) {
    throw new Error(`generateCompany: today must be yyyy-MM-dd (got ${JSON.stringify(options.today)})`);
  }
  if (options.customers < 1 && options.documents > 0)
    throw new Error("generateCompany: documents need at least one customer");
  const p = new Picker(createRandom(options.seed));
  const today = options.today;
  const customers = generateCustomers(p, options.customers, today);

  // Dates first, sorted, so numbers grow with dates as in a real ledger.
  const offsets = Array.from({ length: options.documents }, () => p.int(0, 40)).sort((a, b) => b - a);
  const invoices: SandboxDocument[] = [];
  const creditNotes: SandboxDocument[] = [];
  const payments: SandboxPayment[] = [];
  const invoicesByCustomer = new Map<string, SandboxDocument[]>();
  let paymentNumber = 0;

  offsets.forEach((offset, i) => {
    const referenceNumber = String(i + 1).padStart(6, "0");
    const documentDate = shiftDate(today, -offset);
    const customer = p.chance(0.3) ? customers[p.int(0, Math.min(customers.length, 20) - 1)]! : p.pick(customers);
    const isCreditNote = p.chance(0.12) && (invoicesByCustomer.get(customer.number)?.length ?? 0) > 0;
    const roll = p.random();
    const status =
      roll < 0.05
        ? "Hold"
        : roll < 0.09
          ? "Balanced"
          : roll < 0.12
            ? "Voided"
            : roll < 0.12 + Math.min(0.5, offset / 60)
              ? "Closed"
              : "Open";
    const created = `${documentDate}T${p.time(7, offset === 0 ? 13 : 17)}`;
    const otherMethod = customer.defaultPaymentMethodId === "FACTORING" ? "BANK" : "FACTORING";
    const original = isCreditNote ? p.pick(invoicesByCustomer.get(customer.number)!) : undefined;

    const doc = buildDocument(
      isCreditNote ? "CreditNote" : "Invoice",
      {
        referenceNumber,
        status,
        documentDate,
        creditTermsId: p.pick(["14", "14", "14", "30", "10"]),
        lines: original
          ? [
              {
                description: `Kreditering av faktura ${original.referenceNumber}`,
                quantity: 1,
                unitPriceOre: Math.max(100, Math.round(original.lines[0]!.amountOre * p.pick([0.1, 0.25, 0.5, 1]))),
                uom: "STK",
              },
            ]
          : invoiceLines(p),
        paymentMethodId: p.chance(0.08) ? otherMethod : customer.defaultPaymentMethodId,
        customerRefNumber: p.chance(0.4)
          ? p.pick([`PO-${p.digits(5)}`, `Bestilling ${p.digits(4)}`, customer.contact.name])
          : null,
        externalReference: original ? original.referenceNumber : p.chance(0.2) ? `ORD-${p.digits(6)}` : null,
        invoiceText: original
          ? `Kreditnota til faktura ${original.referenceNumber}`
          : p.pick(["Arbeid utført", "Leveranse etter avtale", "Materiell og montering", "Månedlig service", null]),
        sendToAutoInvoice: p.chance(0.6),
        createdDateTime: created,
        lastModifiedDateTime: created,
      },
      { customer, referenceNumber, today, now: created, creditTerms: DEFAULT_CREDIT_TERMS },
    );
    const kidRoll = p.random();
    if (kidRoll < 0.03 && doc.paymentReference) doc.paymentReference = breakKid(doc.paymentReference);
    else if (kidRoll < 0.04) doc.paymentReference = null;

    const settle = (amountOre: Ore): void => {
      paymentNumber += 1;
      const refNbr = String(paymentNumber).padStart(6, "0");
      const paidDate = shiftDate(documentDate, p.int(1, Math.max(1, offset)));
      const paidOn = paidDate > today ? today : paidDate;
      const stamp = `${paidOn}T${p.time(7, 12)}`;
      const type = doc.documentType === "Invoice" ? "Payment" : "Refund";
      const paymentRef =
        type === "Payment"
          ? (doc.paymentReference ?? `Innbetaling ${doc.referenceNumber}`)
          : `Tilbakebetaling ${doc.referenceNumber}`;
      payments.push({
        type,
        refNbr,
        status: "Closed",
        hold: false,
        released: true,
        customerNumber: customer.number,
        paymentRef,
        applicationDate: paidOn,
        amountOre,
        currency: doc.currencyId,
        cashAccount: doc.paymentMethodId === "FACTORING" ? "1510" : "1920",
        paymentMethodId: doc.paymentMethodId,
        invoiceText: null,
        lines: [{ documentType: doc.documentType, refNbr: doc.referenceNumber, amountPaidOre: amountOre }],
        createdDateTime: stamp,
        lastModifiedDateTime: stamp,
      });
      doc.applications.push({
        docType: type,
        refNbr,
        amountPaidOre: amountOre,
        paymentRef,
        status: "Closed",
        released: true,
        applicationDate: paidOn,
      });
      doc.balanceOre -= amountOre;
      if (stamp > doc.lastModifiedDateTime) doc.lastModifiedDateTime = stamp;
    };

    if (status === "Closed") {
      doc.balanceOre = doc.amountOre;
      settle(doc.amountOre);
    } else if (status === "Open" && offset > 5 && p.chance(0.04)) {
      settle(Math.floor(doc.amountOre / 2)); // partly paid: the watch list should notice
    } else if (status === "Voided") {
      doc.lastModifiedDateTime = `${documentDate}T${p.time(17, 19)}`;
    }

    if (isCreditNote) creditNotes.push(doc);
    else {
      invoices.push(doc);
      const list = invoicesByCustomer.get(customer.number) ?? [];
      list.push(doc);
      invoicesByCustomer.set(customer.number, list);
    }
  });

  const data: SandboxData = {
    customers,
    invoices,
    creditNotes,
    paymentMethods: structuredClone(PAYMENT_METHODS),
    cashAccounts: structuredClone(CASH_ACCOUNTS),
    payments,
    creditTerms: structuredClone(DEFAULT_CREDIT_TERMS),
  };
  const full = options.extras === false || options.documents === 0 ? data : withExtras(data, p, today, zone);
  return options.timestamps === "utc" ? inUtc(full, zone) : full;
}

/** The same company with its zone-less local timestamps rewritten as zone-less UTC. */
function inUtc(data: SandboxData, zone: string): SandboxData {
  const utc = (stamp: string) => localTimestamp(DateTime.fromISO(stamp, { zone }), "UTC");
  for (const r of [...data.customers, ...data.invoices, ...data.creditNotes, ...(data.payments ?? [])]) {
    r.createdDateTime = utc(r.createdDateTime);
    r.lastModifiedDateTime = utc(r.lastModifiedDateTime);
  }
  return data;
}

const FOREIGN_CUSTOMERS: Array<{ name: string; currencyId: string; cashAccount: string; address: SandboxAddress }> = [
  {
    name: "Hamburger Hafenbedarf GmbH",
    currencyId: "EUR",
    cashAccount: "1925",
    address: {
      addressLine1: "Große Elbstraße 145",
      addressLine2: null,
      addressLine3: null,
      postalCode: "22767",
      city: "Hamburg",
      countryId: "DE",
      countryName: "Tyskland",
    },
  },
  {
    name: "Göteborgs Marinservice AB",
    currencyId: "SEK",
    cashAccount: "1926",
    address: {
      addressLine1: "Södra Hamngatan 2",
      addressLine2: null,
      addressLine3: null,
      postalCode: "41106",
      city: "Göteborg",
      countryId: "SE",
      countryName: "Sverige",
    },
  },
];

/** See GenerateOptions.extras. Uses the same random stream after the generated documents. */
function withExtras(data: SandboxData, p: Picker, today: string, zone: string): SandboxData {
  let lastNumber = Math.max(0, ...[...data.invoices, ...data.creditNotes].map((d) => Number(d.referenceNumber)));
  const nextNumber = () => String(++lastNumber).padStart(6, "0");
  const stamp = (date: string) => `${date}T${p.time(8, 15)}`;
  const last = Number(data.customers.at(-1)?.number ?? 9999);
  FOREIGN_CUSTOMERS.forEach((f, i) => {
    const created = stamp(shiftDate(today, -p.int(100, 400)));
    const customer: SandboxCustomer = {
      number: String(last + 1 + i),
      name: f.name,
      status: "Active",
      corporateId: null,
      vatRegistrationId: null,
      currencyId: f.currencyId,
      mainAddress: f.address,
      invoiceAddress: { ...f.address },
      contact: {
        name: "Accounts payable",
        email: `invoice@${slug(f.name) || "customer"}.example`,
        phone: "+49 40 000000",
      },
      defaultPaymentMethodId: "FACTORING",
      paymentMethodIds: ["FACTORING", "BANK"],
      acceptAutoInvoices: false,
      createdDateTime: created,
      lastModifiedDateTime: created,
    };
    data.customers.push(customer);
    data.cashAccounts.push({
      number: f.cashAccount,
      description: `Valutakonto ${f.currencyId}`,
      currency: f.currencyId,
    });
    for (let k = 0; k < 3; k++) {
      const documentDate = shiftDate(today, -p.int(0, 12));
      const referenceNumber = nextNumber();
      const at = stamp(documentDate);
      const closed = k === 0;
      const doc = buildDocument(
        "Invoice",
        {
          referenceNumber,
          status: "Open",
          documentDate,
          lines: invoiceLines(p),
          createdDateTime: at,
          lastModifiedDateTime: at,
          invoiceText: "Leveranse etter avtale",
        },
        { customer, referenceNumber, today, now: at, creditTerms: DEFAULT_CREDIT_TERMS },
      );
      data.invoices.push(doc);
      if (!closed) continue;
      // Paid in its own currency on the foreign cash account.
      const refNbr = String(Math.max(0, ...data.payments!.map((x) => Number(x.refNbr))) + 1).padStart(6, "0");
      data.payments!.push({
        type: "Payment",
        refNbr,
        status: "Closed",
        hold: false,
        released: true,
        customerNumber: customer.number,
        paymentRef: `Betaling ${referenceNumber}`,
        applicationDate: today,
        amountOre: doc.amountOre,
        currency: f.currencyId,
        cashAccount: f.cashAccount,
        paymentMethodId: "BANK",
        invoiceText: null,
        lines: [{ documentType: "Invoice", refNbr: referenceNumber, amountPaidOre: doc.amountOre }],
        createdDateTime: stamp(today),
        lastModifiedDateTime: stamp(today),
      });
      doc.applications.push({
        docType: "Payment",
        refNbr,
        amountPaidOre: doc.amountOre,
        paymentRef: `Betaling ${referenceNumber}`,
        status: "Closed",
        released: true,
        applicationDate: today,
      });
      doc.balanceOre = 0;
      doc.status = "Closed";
    }
  });
  // Debit notes and overdue charges of Norwegian customers, listed by the invoice endpoint too.
  for (const type of ["DebitNote", "FinCharge"] as const) {
    for (let k = 0; k < 2; k++) {
      const customer = p.pick(data.customers.filter((c) => c.currencyId === "NOK"));
      const documentDate = shiftDate(today, -p.int(0, 10));
      const referenceNumber = nextNumber();
      const at = stamp(documentDate);
      const doc = buildDocument(
        type,
        {
          referenceNumber,
          documentDate,
          amountOre: type === "DebitNote" ? p.int(50, 900) * 100 : p.int(70, 300) * 100,
          invoiceText: type === "DebitNote" ? "Tilleggsfaktura frakt" : "Purregebyr og forsinkelsesrente",
          createdDateTime: at,
          lastModifiedDateTime: at,
        },
        { customer, referenceNumber, today, now: at, creditTerms: DEFAULT_CREDIT_TERMS },
      );
      data.invoices.push(doc);
    }
  }
  // The company's payment history of yesterday: other line types, a prepayment, void payments.
  const store = new SandboxStore(data, () => DateTime.fromISO(`${today}T08:00:00`, { zone }), zone);
  addPaymentHistory(store, {
    date: shiftDate(today, -1),
    customerNumber: data.customers.find((c) => c.currencyId === "NOK")!.number,
  });
  return store.snapshot();
}

// ---- data files ----------------------------------------------------------------------------

const ore = z.int({ error: "expected an integer amount in øre (1250.00 NOK = 125000)" });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "expected yyyy-MM-dd" });
const stamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?$/, {
  message: "expected a zone-less timestamp yyyy-MM-ddTHH:mm:ss.SSS",
});

const DocumentFileSchema = z.looseObject({
  documentType: z.enum(["Invoice", "CreditNote"]),
  referenceNumber: z.string().min(1),
  status: z.string(),
  customerNumber: z.string().min(1),
  documentDate: date,
  amountOre: ore,
  balanceOre: ore,
  vatTotalOre: ore,
  lines: z.array(z.looseObject({ amountOre: ore, unitPriceOre: ore })),
  taxDetails: z.array(z.looseObject({ taxableOre: ore, vatOre: ore })),
  applications: z.array(z.looseObject({ amountPaidOre: ore })),
  createdDateTime: stamp,
  lastModifiedDateTime: stamp,
});

const DataFileSchema = z.looseObject({
  customers: z.array(
    z.looseObject({ number: z.string().min(1), name: z.string(), createdDateTime: stamp, lastModifiedDateTime: stamp }),
  ),
  invoices: z.array(DocumentFileSchema),
  creditNotes: z.array(DocumentFileSchema),
  paymentMethods: z.array(z.looseObject({ id: z.string().min(1), description: z.string() })),
  cashAccounts: z.array(z.looseObject({ number: z.string().min(1), currency: z.string() })),
  payments: z.array(z.looseObject({ refNbr: z.string().min(1), amountOre: ore })).optional(),
});

/**
 * Reads a SandboxData JSON file (the shape generateCompany returns and store.snapshot() writes).
 * Amounts are integer øre. Errors name the file and the path of the offending field.
 */
export async function loadSandboxData(file: string): Promise<SandboxData> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new Error(`sandbox data file ${file}: cannot read it (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`sandbox data file ${file}: not valid JSON (${(error as Error).message})`);
  }
  const result = DataFileSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join(".") || "(top level)"}: ${issue.message}`)
      .join("; ");
    throw new Error(
      `sandbox data file ${file}: ${problems}. Expected the SandboxData shape (see src/sandbox/visma/types.ts).`,
    );
  }
  return json as SandboxData;
}
