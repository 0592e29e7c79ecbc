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

/**
 * CustomerInvoiceDto / CustomerCreditNoteDto. Lines are `invoiceLines` on invoices and
 * `lines` on credit notes, as in the Spec.
 * ASSUMPTION: applications and taxDetails are always included (the defaults of the expand*
 * flags are not confirmed; the client sends expandApplications=true anyway).
 */
export function documentDto(ctx: RenderContext, doc: SandboxDocument): Dto {
  const customer = ctx.customer(doc.customerNumber);
  const terms = doc.creditTermsId === null ? undefined : ctx.creditTerms(doc.creditTermsId);
  const lines = doc.lines.map((line) => ({
    lineNumber: line.lineNumber,
    description: line.description,
    quantity: line.quantity,
    unitPrice: amount(line.unitPriceOre),
    unitPriceInCurrency: amount(line.unitPriceOre),
    amount: amount(line.amountOre),
    amountInCurrency: amount(line.amountOre),
    vatCode: { id: line.vatCodeId, description: `Utgående mva ${line.vatRate} %` },
    uom: line.uom,
  }));
  const taxableOre = doc.taxDetails.reduce((sum, t) => sum + t.taxableOre, 0);
  return {
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
    exchangeRate: 1,
    amount: amount(doc.amountOre),
    amountInCurrency: amount(doc.amountOre),
    balance: amount(doc.balanceOre),
    balanceInCurrency: amount(doc.balanceOre),
    cashDiscount: amount(0),
    vatTotal: amount(doc.vatTotalOre),
    vatTotalInCurrency: amount(doc.vatTotalOre),
    vatTaxableTotal: amount(taxableOre),
    detailTotal: amount(doc.amountOre - doc.vatTotalOre),
    paymentMethod: paymentMethodRef(ctx, doc.paymentMethodId),
    creditTerms: terms ? { id: terms.id, description: terms.description } : null,
    paymentReference: doc.paymentReference,
    customerRefNumber: doc.customerRefNumber,
    externalReference: doc.externalReference,
    invoiceText: doc.invoiceText,
    sendToAutoInvoice: doc.sendToAutoInvoice,
    // ASSUMPTION: field name of the "Sendt til Autoinvoice" column, only when exposed (see types.ts).
    ...(doc.sentToAutoInvoice !== undefined ? { sentToAutoInvoice: doc.sentToAutoInvoice } : {}),
    dontPrint: doc.sendToAutoInvoice,
    dontEmail: doc.sendToAutoInvoice,
    invoiceAddress: addressDto(doc.invoiceAddress ?? customer?.invoiceAddress ?? null),
    invoiceContact: customer
      ? { businessName: customer.name, attention: customer.contact.name, email: customer.contact.email, phone1: customer.contact.phone }
      : null,
    [doc.documentType === "Invoice" ? "invoiceLines" : "lines"]: lines,
    taxDetails: doc.taxDetails.map((t) => ({
      taxId: t.taxId,
      vatId: t.taxId,
      vatRate: t.vatRate,
      taxableAmount: amount(t.taxableOre),
      vatAmount: amount(t.vatOre),
    })),
    applications: doc.applications.map((a) => ({
      docType: a.docType,
      customerCD: doc.customerNumber,
      refNbr: a.refNbr,
      amountPaid: amount(a.amountPaidOre),
      cashDiscountTaken: amount(0),
      balance: amount(0),
      released: a.released,
      hold: false,
      voided: false,
      paymentRef: a.paymentRef,
      status: a.status,
      applicationDate: dateToApi(a.applicationDate),
      applicationPeriod: financialPeriod(a.applicationDate),
    })),
    errorInfo: null,
  };
}

/** CustomerDto; `paymentMethods[]` only with expandPaymentMethods=true, as in the Spec. */
export function customerDto(ctx: RenderContext, customer: SandboxCustomer, expandPaymentMethods: boolean): Dto {
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
    createdDateTime: customer.createdDateTime,
    lastModifiedDateTime: customer.lastModifiedDateTime,
  };
  if (expandPaymentMethods) {
    dto.paymentMethods = customer.paymentMethodIds.map((id) => ({
      paymentMethodId: id,
      description: ctx.paymentMethod(id)?.description ?? null,
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
    createdDateTime: payment.createdDateTime,
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
