/**
 * Documents that each formatter refuses or writes differently from Visma.net, so that between
 * them they produce (nearly) every problem and note code: the pin of the English texts and the
 * completeness of the catalogues (problem-texts.test.ts) run over them.
 */
import type { Application, ArDocument, Customer } from "../../src/visma/types.ts";
import {
  CUSTOMERS,
  DOCUMENTS,
  address,
  copy,
  csvFactor,
  customer,
  ehfFactor,
  type Factor,
  line,
  sgfFactor,
  tax,
} from "./fixtures.ts";

export interface ProblemCase {
  name: string;
  factor: Factor;
  document: ArDocument;
  customer: Customer | undefined;
}

const invoice = () => copy(DOCUMENTS[0]!);
const credit = () => copy(DOCUMENTS[2]!);
const buyer = () => copy(CUSTOMERS[0]!);

function with_<T>(value: T, change: (v: T) => void): T {
  change(value);
  return value;
}

/** Every format sees these: the checks all formats share. */
function common(factor: Factor, format: string): ProblemCase[] {
  const c = (name: string, document: ArDocument, customer: Customer | null = buyer()): ProblemCase => ({
    name: `${format}: ${name}`,
    factor,
    document,
    customer: customer ?? undefined,
  });
  return [
    c(
      "negative amount",
      with_(invoice(), (d) => (d.amountOre = -100)),
    ),
    // EHF sums its lines against the amount first, and a fractional amount is no money to sum.
    ...(format === "EHF"
      ? []
      : [
          c(
            "fractional amount, VAT above it",
            with_(invoice(), (d) => ((d.amountOre = 100.5), (d.vatOre = 200))),
          ),
        ]),
    c(
      "foreign currency",
      with_(invoice(), (d) => (d.currency = "SEK")),
    ),
    c("customer not loaded", invoice(), null),
    c("another customer", invoice(), copy(CUSTOMERS[1]!)),
    c(
      "bad dates",
      with_(invoice(), (d) => ((d.documentDate = "25.11.2026"), (d.dueDate = "9/12"))),
    ),
    c(
      "no due date",
      with_(invoice(), (d) => (d.dueDate = null)),
    ),
    c(
      "due before document",
      with_(invoice(), (d) => (d.dueDate = "2026-11-01")),
    ),
    c(
      "bad KID",
      with_(invoice(), (d) => (d.kid = "12345")),
    ),
    c(
      "missing KID",
      with_(invoice(), (d) => (d.kid = null)),
    ),
  ];
}

const sgf = sgfFactor();
const ehf = ehfFactor();
const csv = csvFactor();
const csvLatin1 = csvFactor({ encoding: "latin1" });

export const PROBLEM_CASES: ProblemCase[] = [
  ...common(sgf, "SGF"),
  ...common(ehf, "EHF"),
  ...common(csv, "CSV"),
  {
    name: "SGF: company form first, 10-digit org. no., bad postal code, unknown country",
    factor: sgf,
    document: invoice(),
    customer: customer("10001", "AS Ærlig Rørlegger", "12345678901x0", address("Storgata 1", "015", "Oslo")),
  },
  {
    name: "SGF: a name the file cannot carry, a country not in the table",
    factor: sgf,
    document: invoice(),
    customer: customer("10001", "Ærlig Rørlegger ☃ AS", "912345661", address("Storgata 1", "0155", "Oslo", "XX")),
  },
  {
    name: "SGF: too long, not digits, required field empty",
    factor: sgf,
    document: with_(invoice(), (d) => (d.number = "100234567")),
    customer: with_(buyer(), (c) => (c.number = "10001")),
  },
  {
    name: "SGF: customer number with letters, empty city",
    factor: sgf,
    document: with_(invoice(), (d) => (d.customer.number = "K10001")),
    customer: customer("K10001", "Ærlig Rørlegger AS", "912345661", address("Storgata 1", "0155", "")),
  },
  {
    name: "EHF: file name, no org. no., postal address, foreign country",
    factor: ehf,
    document: with_(invoice(), (d) => (d.number = "1002/34")),
    customer: customer("10001", " ", null, address("", "", "", "SE")),
  },
  {
    name: "EHF: org. no. of 8 digits, bad postal code, XML-illegal characters",
    factor: ehf,
    document: with_(invoice(), (d) => ((d.customerRef = "Kari\u0001"), (d.lines[0]!.description = "Rør\u0002"))),
    customer: customer("10001", "Ærlig\u0003 Rørlegger AS", "91234566", address("Storgata 1", "01X5", "Oslo")),
  },
  {
    name: "EHF: org. no. failing MOD11",
    factor: ehf,
    document: invoice(),
    customer: customer("10001", "Ærlig Rørlegger AS", "912345662", address("Storgata 1", "0155", "Oslo")),
  },
  {
    name: "EHF: org. no. with no valid check digit",
    factor: ehf,
    document: invoice(),
    customer: customer("10001", "Ærlig Rørlegger AS", "912345670", address("Storgata 1", "0155", "Oslo")),
  },
  {
    name: "EHF: VAT details that do not add up",
    factor: ehf,
    document: with_(invoice(), (d) => {
      d.taxDetails = [tax("3", "25%", 245000, 61250), tax("9", "12", 100, 5)];
      d.lines[0]!.quantity = "2,0";
      d.lines[1]!.vatCodeId = "77";
      d.lines[1]!.description = "";
    }),
    customer: buyer(),
  },
  {
    name: "EHF: a line whose VAT code matches no tax detail",
    factor: ehf,
    document: with_(invoice(), (d) => {
      d.taxDetails = [tax("3", "25", 200000, 50000), tax("31", "15", 45000, 6750)];
      d.vatOre = 56750;
      d.amountOre = 301750;
      d.lines[1]!.vatCodeId = "77";
    }),
    customer: buyer(),
  },
  {
    name: "EHF: no lines, VAT but no tax details",
    factor: ehf,
    document: with_(invoice(), (d) => ((d.lines = []), (d.taxDetails = []))),
    customer: buyer(),
  },
  {
    name: "EHF: a rate's VAT is off, lines of a rate do not add up",
    factor: ehf,
    document: with_(invoice(), (d) => {
      d.taxDetails = [tax("3", "25", 245000, 60000), tax("0", "0", 0, 1250)];
      d.lines[1]!.vatCodeId = "0";
    }),
    customer: buyer(),
  },
  {
    name: "EHF: a 0 % category charged at 25 %, two reasons for E, O mixed, K",
    factor: FactorWith(ehf, {
      "3": { category: "E", exemptionReason: "A" },
      "4": { category: "E", exemptionReason: "A" },
      "5": { category: "E", exemptionReason: "B" },
      "6": { category: "O" },
      "7": { category: "K" },
    }),
    document: with_(invoice(), (d) => {
      d.taxDetails = [3, 4, 5, 6, 7].map((id) =>
        tax(String(id), id === 3 ? "25" : "0", id === 3 ? 245000 : 0, id === 3 ? 61250 : 0),
      );
      d.lines.push(...[4, 5, 6, 7].map((id) => line(id, `Linje ${id}`, "1", 0, 0, String(id))));
    }),
    customer: buyer(),
  },
  {
    name: "EHF: quantity 0 with an amount, unit price no number",
    factor: ehf,
    document: with_(invoice(), (d) => {
      d.lines[0]!.quantity = "0";
      d.lines[0]!.unitPrice = null;
      d.lines[1]!.unitPrice = "4,50";
    }),
    customer: buyer(),
  },
  {
    name: "CSV: no org. no., control character",
    factor: csv,
    document: with_(invoice(), (d) => (d.customerRef = "Kari\u0007")),
    customer: customer("10001", "Ærlig Rørlegger AS", null, address("Storgata 1", "0155", "Oslo")),
  },
  {
    name: "CSV latin1: a character the file cannot carry",
    factor: csvLatin1,
    document: with_(invoice(), (d) => (d.customerRef = "Kari ☃")),
    customer: buyer(),
  },
];

function FactorWith(factor: Factor, vatCategories: Record<string, unknown>): Factor {
  const f = copy(factor);
  (f.format as { vatCategories: unknown }).vatCategories = vatCategories;
  return f;
}

/** Batches whose files say something differently from Visma.net (notes). */
export const NOTE_CASES: { name: string; factor: Factor; documents: ArDocument[]; customers: Customer[] }[] = [
  {
    name: "SGF: a long reference with a character Latin-1 lacks, a long name",
    factor: sgf,
    documents: [with_(invoice(), (d) => (d.customerRef = "Ordre 4711 for prosjekt ☃ Storgata"))],
    customers: [with_(buyer(), (c) => (c.name = `Ærlig Rørlegger ${"og Sønner ".repeat(8)}AS`))],
  },
  {
    name: "SGF: credit notes crediting several, a letter, a long number",
    factor: sgf,
    documents: [
      with_(credit(), (d) => (d.applications = [app("100234"), app("100235")])),
      with_(credit(), (d) => ((d.number = "100238"), (d.applications = [app("A-17")]))),
      with_(credit(), (d) => ((d.number = "100239"), (d.applications = [app("1234567")]))),
    ],
    customers: [buyer()],
  },
  {
    name: "EHF: an unknown unit, a price above the amount",
    factor: ehf,
    documents: [
      with_(invoice(), (d) => {
        d.lines[0]!.uom = "KASSE";
        d.lines[0]!.amountOre = 205000;
        d.lines[1]!.amountOre = 40000;
      }),
    ],
    customers: [buyer()],
  },
];

function app(refNbr: string): Application {
  return { docType: "Invoice", refNbr, amountPaidOre: 100, paymentRef: null, status: "Closed", released: true };
}
