/**
 * The benchmark's company: the seed generator's realistic customers and documents (lines,
 * VAT, KIDs, credit notes against earlier invoices, a mix of payment methods), re-dated so
 * that every document is new and eligible for one transfer: created since the start of the
 * previous business day, Open, unpaid, with a valid KID. The figures per document then
 * measure the work per transferred (and later closed) document, not the cost of skipping.
 */
import { defaultKid, DEFAULT_CREDIT_TERMS, shiftDate } from "../visma/documents.ts";
import { createRandom, generateCompany } from "../visma/seed.ts";
import type { SandboxAddress, SandboxCustomer, SandboxData, SandboxDocument } from "../visma/types.ts";

export interface BenchCompanyOptions {
  seed: number;
  customers: number;
  documents: number;
  /** Business date of the transfer (yyyy-MM-dd); documents are dated this day and the day before. */
  today: string;
  /** Local hour (exclusive) before which today's documents were created (the transfer runs later). */
  createdBeforeHour: number;
}

export function benchCompany(options: BenchCompanyOptions): SandboxData {
  // No extras: every document is to be eligible (the extras are for the demo and the contract tests).
  const data = generateCompany({
    seed: options.seed,
    customers: options.customers,
    documents: options.documents,
    today: options.today,
    extras: false,
  });
  const random = createRandom(options.seed ^ 0x5eed);
  const yesterday = shiftDate(options.today, -1);
  const pad = (n: number) => String(n).padStart(2, "0");
  const stamp = (date: string, fromHour: number, toHour: number) =>
    `${date}T${pad(fromHour + Math.floor(random() * (toHour - fromHour)))}:${pad(Math.floor(random() * 60))}:${pad(Math.floor(random() * 60))}.000`;

  // Generated numbers follow dates; keep that order: the first ~half yesterday, the rest today.
  const all = [...data.invoices, ...data.creditNotes].sort((a, b) =>
    a.referenceNumber.localeCompare(b.referenceNumber),
  );
  const split = Math.floor(all.length / 2);
  all.forEach((doc, i) => {
    const date = i < split ? yesterday : options.today;
    const created = i < split ? stamp(date, 7, 18) : stamp(date, 7, options.createdBeforeHour);
    makeEligible(doc, date, created);
  });
  for (const c of data.customers) fitForSgf(c);
  data.payments = []; // the generator's historic payments belong to the old documents it made
  return data;
}

function makeEligible(doc: SandboxDocument, documentDate: string, created: string): void {
  const terms = DEFAULT_CREDIT_TERMS.find((t) => t.id === doc.creditTermsId);
  doc.documentDate = documentDate;
  doc.documentDueDate = shiftDate(documentDate, terms?.days ?? 14);
  doc.status = "Open";
  doc.hold = false;
  doc.balanceOre = doc.amountOre;
  doc.applications = [];
  doc.paymentReference = defaultKid(doc.customerNumber, doc.referenceNumber); // the generator breaks a few on purpose
  // The generator uses contact names as order numbers now and then; SGF's field holds 15 characters.
  if (doc.customerRefNumber) doc.customerRefNumber = doc.customerRefNumber.slice(0, 15);
  doc.createdDateTime = created;
  doc.lastModifiedDateTime = created;
}

/** The customer's name and addresses made to fit SGF's fields, as the company would have them. */
export function fitForSgf(customer: SandboxCustomer): void {
  customer.name = fitName(customer.name);
  customer.mainAddress = fitAddress(customer.mainAddress);
  customer.invoiceAddress = fitAddress(customer.invoiceAddress);
}

/**
 * SGF's address field holds 30 characters and gets the street lines joined; the generator's
 * "Postboks 1234" second lines overflow it now and then (a format finding, rightly held back).
 * Abbreviated as Norwegian mail does, so every customer can be sent.
 */
export function fitAddress(address: SandboxAddress): SandboxAddress {
  const fits = (a: SandboxAddress) =>
    [a.addressLine1, a.addressLine2, a.addressLine3].filter(Boolean).join(", ").length <= 30;
  if (fits(address)) return address;
  const short = { ...address, addressLine2: address.addressLine2?.replace("Postboks", "Pb.") ?? null };
  return fits(short) ? short : { ...address, addressLine2: null, addressLine3: null };
}

/** SGF's name field holds 35 characters: drop words before the legal form ("… Lillehammer ANS"). */
export function fitName(name: string): string {
  const words = name.split(" ");
  while (words.join(" ").length > 35 && words.length > 2) words.splice(words.length - 2, 1);
  return words.join(" ");
}
