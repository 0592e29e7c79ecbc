/**
 * The in-memory company behind the sandbox. Tests and the demo read and change it directly
 * (e.g. "the customer paid half of invoice 000123"); every update through the store bumps
 * lastModifiedDateTime from the sandbox clock, as Visma.net would.
 */
import type { DateTime } from "luxon";
import { businessDate } from "../../shared/time.ts";
import { localTimestamp, type TimestampZone } from "./clock.ts";
import { DEFAULT_CREDIT_TERMS, buildDocument, type DocumentInput } from "./documents.ts";
import type { RenderContext } from "./dto.ts";
import { voidPayment } from "./payments.ts";
import type {
  CreditTerms,
  SandboxAddress,
  SandboxCashAccount,
  SandboxCustomer,
  SandboxData,
  SandboxDocument,
  SandboxDocumentType,
  SandboxPayment,
  SandboxPaymentMethod,
} from "./types.ts";

export interface CustomerInput {
  number?: string; // default: next number from 10000
  name?: string;
  status?: string;
  corporateId?: string | null;
  vatRegistrationId?: string | null;
  currencyId?: string;
  mainAddress?: SandboxAddress;
  invoiceAddress?: SandboxAddress;
  contact?: { name: string; email: string; phone: string };
  defaultPaymentMethodId?: string | null;
  paymentMethodIds?: string[];
  acceptAutoInvoices?: boolean;
  createdDateTime?: string;
  lastModifiedDateTime?: string;
}

export const DEFAULT_ADDRESS: SandboxAddress = {
  addressLine1: "Storgata 1",
  addressLine2: null,
  addressLine3: null,
  postalCode: "0155",
  city: "Oslo",
  countryId: "NO",
  countryName: "Norge",
};

function sixDigits(n: number): string {
  return String(n).padStart(6, "0");
}

function numericValue(text: string): number {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : 0;
}

export class SandboxStore {
  private readonly customerMap = new Map<string, SandboxCustomer>();
  private readonly invoiceMap = new Map<string, SandboxDocument>();
  private readonly creditNoteMap = new Map<string, SandboxDocument>();
  private readonly paymentMethodMap = new Map<string, SandboxPaymentMethod>();
  private readonly cashAccountMap = new Map<string, SandboxCashAccount>();
  private readonly paymentMap = new Map<string, SandboxPayment>();
  private readonly creditTermList: CreditTerms[];
  private lastDocumentNumber = 0;
  private lastPaymentNumber = 0;
  private lastCustomerNumber = 9999;

  /** Lookups used by the DTO renderers. */
  readonly renderContext: RenderContext = {
    customer: (number) => this.customerMap.get(number),
    paymentMethod: (id) => this.paymentMethodMap.get(id),
    creditTerms: (id) => this.creditTermList.find((t) => t.id === id),
  };

  /** Zone the zone-less timestamps are written in: the company's (local) or UTC. */
  private readonly stampZone: string;

  constructor(
    data: SandboxData | undefined,
    private clock: () => DateTime,
    readonly timeZone: string,
    timestamps: TimestampZone = "local",
  ) {
    this.stampZone = timestamps === "utc" ? "UTC" : timeZone;
    // A copy, so one generated company can seed many sandboxes (benchmark, tests).
    const copy = data ? structuredClone(data) : undefined;
    this.creditTermList = copy?.creditTerms ?? structuredClone(DEFAULT_CREDIT_TERMS);
    for (const m of copy?.paymentMethods ?? []) this.addPaymentMethod(m);
    for (const a of copy?.cashAccounts ?? []) this.addCashAccount(a);
    for (const c of copy?.customers ?? []) this.addCustomer(c);
    for (const d of copy?.invoices ?? []) this.addInvoice(d);
    for (const d of copy?.creditNotes ?? []) this.addCreditNote(d);
    for (const p of copy?.payments ?? []) this.addPayment(p);
  }

  setClock(clock: () => DateTime): void {
    this.clock = clock;
  }

  /** Current time as Visma.net writes it: "yyyy-MM-ddTHH:mm:ss.SSS", zone-less (local or UTC, see TimestampZone). */
  now(): string {
    return localTimestamp(this.clock(), this.stampZone);
  }

  today(): string {
    return businessDate(this.clock(), this.timeZone);
  }

  // ---- customers -------------------------------------------------------------------------

  listCustomers(): SandboxCustomer[] {
    return sortBy([...this.customerMap.values()], (c) => c.number);
  }

  getCustomer(number: string): SandboxCustomer | undefined {
    return this.customerMap.get(number);
  }

  /** Inserts a complete customer record as is (replacing one with the same number). */
  addCustomer(customer: SandboxCustomer): SandboxCustomer {
    this.customerMap.set(customer.number, customer);
    this.lastCustomerNumber = Math.max(this.lastCustomerNumber, numericValue(customer.number));
    return customer;
  }

  /** A new customer with realistic defaults for everything not given. */
  createCustomer(input: CustomerInput = {}): SandboxCustomer {
    const number = input.number ?? String(this.lastCustomerNumber + 1);
    if (this.customerMap.has(number)) throw new Error(`sandbox: customer ${number} already exists`);
    const now = this.now();
    const defaultMethod =
      input.defaultPaymentMethodId !== undefined
        ? input.defaultPaymentMethodId
        : this.paymentMethodMap.has("FACTORING")
          ? "FACTORING"
          : ([...this.paymentMethodMap.keys()][0] ?? null);
    return this.addCustomer({
      number,
      name: input.name ?? `Kunde ${number} AS`,
      status: input.status ?? "Active",
      corporateId: input.corporateId ?? null,
      vatRegistrationId: input.vatRegistrationId ?? (input.corporateId ? `NO${input.corporateId}MVA` : null),
      currencyId: input.currencyId ?? "NOK",
      mainAddress: input.mainAddress ?? { ...DEFAULT_ADDRESS },
      invoiceAddress: input.invoiceAddress ?? input.mainAddress ?? { ...DEFAULT_ADDRESS },
      contact: input.contact ?? { name: "Regnskap", email: `faktura@kunde${number}.no`, phone: "+47 22 00 00 00" },
      defaultPaymentMethodId: defaultMethod,
      paymentMethodIds: input.paymentMethodIds ?? (defaultMethod ? [defaultMethod] : []),
      acceptAutoInvoices: input.acceptAutoInvoices ?? false,
      createdDateTime: input.createdDateTime ?? now,
      lastModifiedDateTime: input.lastModifiedDateTime ?? input.createdDateTime ?? now,
    });
  }

  updateCustomer(number: string, patch: Partial<SandboxCustomer>): SandboxCustomer {
    const customer = this.customerMap.get(number);
    if (!customer) throw new Error(`sandbox: no customer ${number}`);
    Object.assign(customer, patch, { number, lastModifiedDateTime: patch.lastModifiedDateTime ?? this.now() });
    return customer;
  }

  // ---- invoices and credit notes -----------------------------------------------------------

  listInvoices(): SandboxDocument[] {
    return sortBy([...this.invoiceMap.values()], (d) => d.referenceNumber);
  }

  listCreditNotes(): SandboxDocument[] {
    return sortBy([...this.creditNoteMap.values()], (d) => d.referenceNumber);
  }

  getInvoice(number: string): SandboxDocument | undefined {
    return this.invoiceMap.get(number);
  }

  getCreditNote(number: string): SandboxDocument | undefined {
    return this.creditNoteMap.get(number);
  }

  /** A document by its type (any document type of a payment line) and number. */
  getDocument(type: string, number: string): SandboxDocument | undefined {
    const doc = type === "CreditNote" ? this.creditNoteMap.get(number) : this.invoiceMap.get(number);
    return doc?.documentType === type ? doc : undefined;
  }

  /** Inserts a complete invoice (or debit note, overdue charge: the invoice endpoint's documents) record as is. */
  addInvoice(doc: SandboxDocument): SandboxDocument {
    if (doc.documentType === "CreditNote")
      throw new Error(`sandbox: ${doc.referenceNumber} is a CreditNote; use addCreditNote`);
    this.invoiceMap.set(doc.referenceNumber, doc);
    this.lastDocumentNumber = Math.max(this.lastDocumentNumber, numericValue(doc.referenceNumber));
    return doc;
  }

  /** Inserts a complete credit note record as is. */
  addCreditNote(doc: SandboxDocument): SandboxDocument {
    if (doc.documentType !== "CreditNote")
      throw new Error(`sandbox: ${doc.referenceNumber} is a ${doc.documentType}, not a CreditNote`);
    this.creditNoteMap.set(doc.referenceNumber, doc);
    this.lastDocumentNumber = Math.max(this.lastDocumentNumber, numericValue(doc.referenceNumber));
    return doc;
  }

  /** A new invoice with realistic defaults (one 25 % line of 1 250,00 incl. VAT, KID, 14 days). */
  createInvoice(input: DocumentInput = {}): SandboxDocument {
    return this.addInvoice(this.build("Invoice", input));
  }

  /** A new credit note; amounts are positive, as Visma.net shows them. */
  createCreditNote(input: DocumentInput = {}): SandboxDocument {
    return this.addCreditNote(this.build("CreditNote", input));
  }

  /** A debit note or an overdue charge: listed by the invoice endpoint with its own documentType. */
  createOtherDocument(type: "DebitNote" | "FinCharge", input: DocumentInput = {}): SandboxDocument {
    return this.addInvoice(this.build(type, input));
  }

  updateInvoice(number: string, patch: Partial<SandboxDocument>): SandboxDocument {
    return this.patchDocument(this.invoiceMap.get(number), `invoice ${number}`, patch);
  }

  updateCreditNote(number: string, patch: Partial<SandboxDocument>): SandboxDocument {
    return this.patchDocument(this.creditNoteMap.get(number), `credit note ${number}`, patch);
  }

  /** Marks a document changed now (lastModifiedDateTime from the clock). */
  touchDocument(doc: SandboxDocument): void {
    doc.lastModifiedDateTime = this.now();
  }

  private patchDocument(
    doc: SandboxDocument | undefined,
    what: string,
    patch: Partial<SandboxDocument>,
  ): SandboxDocument {
    if (!doc) throw new Error(`sandbox: no ${what}`);
    const { referenceNumber: _ignored, documentType: _type, ...rest } = patch;
    Object.assign(doc, rest, { lastModifiedDateTime: patch.lastModifiedDateTime ?? this.now() });
    return doc;
  }

  private build(type: SandboxDocumentType, input: DocumentInput): SandboxDocument {
    const customer =
      input.customerNumber !== undefined ? this.customerMap.get(input.customerNumber) : this.listCustomers()[0];
    if (!customer) {
      throw new Error(
        input.customerNumber !== undefined
          ? `sandbox: no customer ${input.customerNumber}; create it first (store.createCustomer)`
          : "sandbox: the company has no customers; create one first (store.createCustomer)",
      );
    }
    const referenceNumber = input.referenceNumber ?? sixDigits(this.lastDocumentNumber + 1);
    if (this.invoiceMap.has(referenceNumber) || this.creditNoteMap.has(referenceNumber)) {
      throw new Error(`sandbox: document number ${referenceNumber} is taken`);
    }
    return buildDocument(type, input, {
      customer,
      referenceNumber,
      today: this.today(),
      now: this.now(),
      creditTerms: this.creditTermList,
    });
  }

  // ---- payment methods, cash accounts, credit terms ---------------------------------------

  listPaymentMethods(): SandboxPaymentMethod[] {
    return [...this.paymentMethodMap.values()];
  }

  getPaymentMethod(id: string): SandboxPaymentMethod | undefined {
    return this.paymentMethodMap.get(id);
  }

  addPaymentMethod(method: SandboxPaymentMethod): SandboxPaymentMethod {
    this.paymentMethodMap.set(method.id, method);
    return method;
  }

  /** Changes a payment method as a person would in CA204000 (e.g. `{ active: false }`). */
  updatePaymentMethod(id: string, patch: Partial<Omit<SandboxPaymentMethod, "id">>): SandboxPaymentMethod {
    const method = this.paymentMethodMap.get(id);
    if (!method) throw new Error(`sandbox: no payment method ${id}`);
    return Object.assign(method, patch);
  }

  listCashAccounts(): SandboxCashAccount[] {
    return [...this.cashAccountMap.values()];
  }

  getCashAccount(number: string): SandboxCashAccount | undefined {
    return this.cashAccountMap.get(number);
  }

  addCashAccount(account: SandboxCashAccount): SandboxCashAccount {
    this.cashAccountMap.set(account.number, account);
    return account;
  }

  /** Deletes a cash account (a company that never set one up, or closed it); true when there was one. */
  removeCashAccount(number: string): boolean {
    return this.cashAccountMap.delete(number);
  }

  listCreditTerms(): CreditTerms[] {
    return this.creditTermList;
  }

  // ---- customer payments and refunds ------------------------------------------------------

  listPayments(): SandboxPayment[] {
    return sortBy([...this.paymentMap.values()], (p) => p.refNbr);
  }

  getPayment(refNbr: string): SandboxPayment | undefined {
    return this.paymentMap.get(refNbr);
  }

  /** The first payment (in insertion order) that passes `test`; no sorted copy, it runs per payment line. */
  findPayment(test: (payment: SandboxPayment) => boolean): SandboxPayment | undefined {
    for (const payment of this.paymentMap.values()) if (test(payment)) return payment;
    return undefined;
  }

  /** Inserts a complete payment record as is (no validation, no effect on documents). */
  addPayment(payment: SandboxPayment): SandboxPayment {
    this.paymentMap.set(payment.refNbr, payment);
    this.lastPaymentNumber = Math.max(this.lastPaymentNumber, numericValue(payment.refNbr));
    return payment;
  }

  /** Voids a released payment or refund as a person would; returns the void document (payments.ts). */
  voidPayment(refNbr: string): SandboxPayment {
    const payment = this.paymentMap.get(refNbr);
    if (!payment) throw new Error(`sandbox: no payment ${refNbr}`);
    return voidPayment(this, payment);
  }

  updatePayment(refNbr: string, patch: Partial<SandboxPayment>): SandboxPayment {
    const payment = this.paymentMap.get(refNbr);
    if (!payment) throw new Error(`sandbox: no payment ${refNbr}`);
    Object.assign(payment, patch, { refNbr, lastModifiedDateTime: patch.lastModifiedDateTime ?? this.now() });
    return payment;
  }

  /**
   * Next number of the payment sequence, six digits. One sequence serves payments and refunds.
   * ASSUMPTION(A21): Visma.net numbers both from one series (open question 12 in the reference). The
   * product tells payments apart by type and number, so separate series would change nothing.
   */
  nextPaymentNumber(): string {
    this.lastPaymentNumber += 1;
    return sixDigits(this.lastPaymentNumber);
  }

  /** A deep copy of everything, in the SandboxData shape (e.g. to save as a data file). */
  snapshot(): SandboxData {
    return structuredClone({
      customers: this.listCustomers(),
      invoices: this.listInvoices(),
      creditNotes: this.listCreditNotes(),
      paymentMethods: this.listPaymentMethods(),
      cashAccounts: this.listCashAccounts(),
      payments: this.listPayments(),
      creditTerms: this.creditTermList,
    });
  }
}

function sortBy<T>(items: T[], key: (item: T) => string): T[] {
  return items.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
