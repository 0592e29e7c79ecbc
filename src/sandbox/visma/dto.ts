/**
 * Wire shapes: sandbox records → Visma.net DTO JSON (CustomerInvoiceDto, CustomerCreditNoteDto,
 * CustomerDto, PaymentDto, payment method and cash account), as described in
 * shared/reference/visma-net-api.md sections 3.4, 4 and 5.3.
 *
 * Amounts leave the sandbox as JSON numbers with exactly two decimals ("1250.00"), the way a
 * .NET decimal is written. JSON.stringify cannot keep trailing zeros, so amounts are rendered
 * as a marker string first and `toJsonText` swaps the markers for the literal number text.
 */
import { oreToDecimalString, type Ore } from "../../shared/money.ts";
import { EXCHANGE_RATES } from "./documents.ts";
import type {
  CreditTerms,
  SandboxAddress,
  SandboxCashAccount,
  SandboxCustomer,
  SandboxDocument,
  SandboxPayment,
  SandboxPaymentMethod,
} from "./types.ts";

const AMOUNT_MARKER = "\u0001amount:";
const AMOUNT_PATTERN = /"\\u0001amount:(-?\d+\.\d\d)"/g;

/** An amount in øre, rendered on the wire as a two-decimal JSON number. */
function amount(ore: Ore): string {
  return AMOUNT_MARKER + oreToDecimalString(ore);
}

/** JSON text of a DTO (or array of DTOs) with amounts written as two-decimal numbers. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value).replace(AMOUNT_PATTERN, "$1");
}

/** "2025-01-27" → "2025-01-27T00:00:00": how Visma.net writes pure dates. */
function dateToApi(date: string | null): string | null {
  return date === null ? null : `${date}T00:00:00`;
}

export type Dto = Record<string, unknown>;

/** Lookups a renderer needs from the store (customer names, descriptions). */
export interface RenderContext {
  customer(number: string): SandboxCustomer | undefined;
  paymentMethod(id: string): SandboxPaymentMethod | undefined;
  creditTerms(id: string): CreditTerms | undefined;
}

function addressDto(address: SandboxAddress | null): Dto | null {
  if (!address) return null;
  return {
    addressLine1: address.addressLine1,
    addressLine2: address.addressLine2,
    addressLine3: address.addressLine3,
    postalCode: address.postalCode,
    city: address.city,
    country: { id: address.countryId, name: address.countryName },
    county: null,
  };
}

function paymentMethodRef(ctx: RenderContext, id: string | null): Dto | null {
  if (id === null) return null;
  return { id, description: ctx.paymentMethod(id)?.description ?? null };
}

function customerRef(ctx: RenderContext, number: string): Dto {
  return { number, name: ctx.customer(number)?.name ?? null };
}

function financialPeriod(date: string): string {
  return date.slice(0, 4) + date.slice(5, 7);
}

/** Which response type an endpoint renders a document as: the lines field differs. */
export type DocumentDtoKind = "invoice" | "creditNote" | "debitNote";

/** The expand flags of a list request (query parameters expandApplications, …). */
export interface Expand {
  applications: boolean;
  taxDetails: boolean;
  invoiceAddress: boolean;
  attachments: boolean;
}

/** A single GET takes no expand flags (contract). ASSUMPTION(A4): it returns every child collection. */
export const EXPAND_ALL: Expand = { applications: true, taxDetails: true, invoiceAddress: true, attachments: true };

/** A document-currency amount in the company's currency (NOK): what every …InCurrency field holds. */
function inCompanyCurrency(ore: Ore, rate: number): string {
  return amount(Math.round(ore * rate));
}

/**
 * CustomerInvoiceDto / CustomerCreditNoteDto / CustomerDebitNoteDto. Lines are `invoiceLines` on
 * the invoice DTO and `lines` on the others, as in the contract. Amounts are the document's own
 * figures in `currencyId`; every `…InCurrency` field is the company-currency (NOK) figure at
 * `exchangeRate`. Child collections (applications, taxDetails, invoiceAddress, attachments) are
 * rendered only when their expand flag asks for them.
 * ASSUMPTION(A3): a collection not asked for is absent from the element (Visma.net's defaults are
 * not published; the product asks for every one it uses, so absent or present makes no difference).
 */
export function documentDto(ctx: RenderContext, doc: SandboxDocument, kind: DocumentDtoKind, expand: Expand): Dto {
  const customer = ctx.customer(doc.customerNumber);
  const terms = doc.creditTermsId === null ? undefined : ctx.creditTerms(doc.creditTermsId);
  const rate = doc.exchangeRate ?? 1;
  const lines = doc.lines.map((line) => ({
    lineNumber: line.lineNumber,
    description: line.description,
    quantity: line.quantity,
    unitPrice: amount(line.unitPriceOre),
    unitPriceInCurrency: inCompanyCurrency(line.unitPriceOre, rate),
    amount: amount(line.amountOre),
    amountInCurrency: inCompanyCurrency(line.amountOre, rate),
    vatCode: { id: line.vatCodeId, description: `Utgående mva ${line.vatRate} %` },
    uom: line.uom,
  }));
  const taxableOre = doc.taxDetails.reduce((sum, t) => sum + t.taxableOre, 0);
  const dto: Dto = {
    documentType: doc.documentType,
    referenceNumber: doc.referenceNumber,
    status: doc.status,
    hold: doc.hold,
    revoked: false,
    documentDate: dateToApi(doc.documentDate),
    origInvoiceDate: dateToApi(doc.documentDate),
    documentDueDate: dateToApi(doc.documentDueDate),
    postPeriod: financialPeriod(doc.documentDate),
    financialPeriod: financialPeriod(doc.documentDate),
    createdDateTime: doc.createdDateTime,
    lastModifiedDateTime: doc.lastModifiedDateTime,
    customer: customerRef(ctx, doc.customerNumber),
    currencyId: doc.currencyId,
    exchangeRate: rate,
    amount: amount(doc.amountOre),
    amountInCurrency: inCompanyCurrency(doc.amountOre, rate),
    balance: amount(doc.balanceOre),
    balanceInCurrency: inCompanyCurrency(doc.balanceOre, rate),
    cashDiscount: amount(0),
    cashDiscountInCurrency: amount(0),
    vatTotal: amount(doc.vatTotalOre),
    vatTotalInCurrency: inCompanyCurrency(doc.vatTotalOre, rate),
    vatTaxableTotal: amount(taxableOre),
    vatTaxableTotalInCurrency: inCompanyCurrency(taxableOre, rate),
    detailTotal: amount(doc.amountOre - doc.vatTotalOre),
    detailTotalInCurrency: inCompanyCurrency(doc.amountOre - doc.vatTotalOre, rate),
    paymentMethod: paymentMethodRef(ctx, doc.paymentMethodId),
    creditTerms: terms ? { id: terms.id, description: terms.description } : null,
    paymentReference: doc.paymentReference,
    customerRefNumber: doc.customerRefNumber,
    externalReference: doc.externalReference,
    invoiceText: doc.invoiceText,
    // The debit-note DTO has no AutoInvoice flag (contract).
    ...(kind === "debitNote" ? {} : { sendToAutoInvoice: doc.sendToAutoInvoice }),
    dontPrint: doc.sendToAutoInvoice,
    dontEmail: doc.sendToAutoInvoice,
    invoiceContact: customer
      ? {
          businessName: customer.name,
          attention: customer.contact.name,
          email: customer.contact.email,
          phone1: customer.contact.phone,
        }
      : null,
    [kind === "invoice" ? "invoiceLines" : "lines"]: lines,
    errorInfo: null,
  };
  if (expand.invoiceAddress) dto.invoiceAddress = addressDto(doc.invoiceAddress ?? customer?.invoiceAddress ?? null);
  if (expand.attachments) dto.attachments = [];
  if (expand.taxDetails) {
    dto.taxDetails = doc.taxDetails.map((t, i) => ({
      taxId: t.taxId,
      recordId: i + 1,
      vatId: { number: t.taxId, description: `Utgående mva ${t.vatRate} %` },
      vatRate: t.vatRate,
      taxableAmount: amount(t.taxableOre),
      vatAmount: amount(t.vatOre),
    }));
  }
  if (expand.applications) {
    dto.applications = doc.applications.map((a) => ({
      docType: a.docType,
      customerCD: doc.customerNumber,
      refNbr: a.refNbr,
      amountPaid: amount(a.amountPaidOre),
      cashDiscountTaken: amount(0),
      balance: amount(0),
      released: a.released,
      hold: false,
      voided: a.docType === "VoidPayment" || a.docType === "VoidRefund",
      paymentRef: a.paymentRef,
      status: a.status,
      applicationDate: dateToApi(a.applicationDate),
      applicationPeriod: financialPeriod(a.applicationDate),
    }));
  }
  return dto;
}

/** CustomerDto; `paymentMethods[]` only with expandPaymentMethods=true, as in the Spec. */
export function customerDto(customer: SandboxCustomer, expandPaymentMethods: boolean): Dto {
  const dto: Dto = {
    internalId: Number(customer.number.replace(/\D/g, "")) || null,
    number: customer.number,
    name: customer.name,
    status: customer.status,
    mainAddress: addressDto(customer.mainAddress),
    mainContact: {
      name: customer.contact.name,
      attention: customer.contact.name,
      email: customer.contact.email,
      web: null,
      phone1: customer.contact.phone,
      phone2: null,
      fax: null,
    },
    invoiceAddress: addressDto(customer.invoiceAddress),
    invoiceContact: { name: customer.contact.name, email: customer.contact.email, phone1: customer.contact.phone },
    corporateId: customer.corporateId,
    vatRegistrationId: customer.vatRegistrationId,
    currencyId: customer.currencyId,
    defaultPaymentMethodId: customer.defaultPaymentMethodId,
    acceptAutoInvoices: customer.acceptAutoInvoices ?? false,
    createdDateTime: customer.createdDateTime,
    lastModifiedDateTime: customer.lastModifiedDateTime,
  };
  if (expandPaymentMethods) {
    dto.paymentMethods = customer.paymentMethodIds.map((id) => ({
      paymentMethodId: id,
      isDefault: id === customer.defaultPaymentMethodId,
    }));
  }
  return dto;
}

/** PaymentDto (read side of customerPayment). */
export function paymentDto(ctx: RenderContext, payment: SandboxPayment): Dto {
  return {
    type: payment.type,
    refNbr: payment.refNbr,
    status: payment.status,
    hold: payment.hold,
    applicationDate: dateToApi(payment.applicationDate),
    applicationPeriod: financialPeriod(payment.applicationDate),
    paymentRef: payment.paymentRef,
    customer: customerRef(ctx, payment.customerNumber),
    paymentMethod: paymentMethodRef(ctx, payment.paymentMethodId),
    cashAccount: payment.cashAccount,
    currency: payment.currency,
    paymentAmount: amount(payment.amountOre),
    paymentAmountInCurrency: inCompanyCurrency(payment.amountOre, EXCHANGE_RATES[payment.currency] ?? 1),
    invoiceText: payment.invoiceText,
    appliedToDocuments: amount(payment.released ? payment.amountOre : 0),
    availableBalance: amount(0),
    financialDetails: { paymentDate: dateToApi(payment.applicationDate) },
    paymentLines: payment.lines.map((line) => ({
      documentType: line.documentType,
      refNbr: line.refNbr,
      amountPaid: amount(line.amountPaidOre),
      date: dateToApi(payment.applicationDate),
    })),
    lastModifiedDateTime: payment.lastModifiedDateTime,
    errorInfo: null,
  };
}

export function paymentMethodDto(method: SandboxPaymentMethod): Dto {
  return {
    paymentMethodID: method.id,
    active: method.active,
    meansOfPayment: method.meansOfPayment,
    description: method.description,
    useInAP: false,
    details: [],
  };
}

export function cashAccountDto(account: SandboxCashAccount): Dto {
  return { number: account.number, description: account.description, currency: account.currency, entryTypes: [] };
}
