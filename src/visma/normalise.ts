/**
 * DTO → domain: the product's view of Visma.net data (types.ts). Amounts become integer øre
 * through their decimal text (toOre), dates become "yyyy-MM-dd" and date-times the tenant's
 * local "yyyy-MM-ddTHH:mm:ss.SSS". Anything that cannot be converted throws an Error naming the
 * field; the caller turns that into a MalformedElement.
 *
 * Amounts are the document's own figures, in `currencyId` (`amount`, `balance`, `vatTotal`, the
 * lines' `amount` and `unitPrice`). Every `…InCurrency` field is Visma.net's background figure in
 * the company's default currency (NOK): a EUR invoice has `amount` in EUR and `amountInCurrency`
 * in NOK (contract descriptions). Those are not read.
 */
import { decimalText, toOre, toOreRounded, type Ore } from "../shared/money.ts";
import { vismaLocalDateTime } from "../shared/local-time.ts";
import { parseVismaDateTime } from "../shared/time.ts";
import type {
  Address,
  Application,
  ArDocument,
  CashAccount,
  Customer,
  DocumentLine,
  DocumentType,
  Payment,
  PaymentMethod,
  TaxDetail,
} from "./types.ts";
import type { CashAccountDto, CustomerDto, DocumentDto, PaymentDto, PaymentMethodDto } from "./schemas.ts";

type AddressIn =
  | {
      addressLine1?: string | null;
      addressLine2?: string | null;
      addressLine3?: string | null;
      postalCode?: string | null;
      city?: string | null;
      country?: { id?: string | null; name?: string | null } | null;
    }
  | null
  | undefined;

type LineIn = NonNullable<DocumentDto["invoiceLines"]>[number];

const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/;

/** "2023-12-31T00:00:00" → "2023-12-31". A value with a zone is read as an instant and dated in `zone`. */
function toDate(text: string, zone: string, field: string): string {
  if (!HAS_ZONE.test(text)) return text.slice(0, 10);
  try {
    return parseVismaDateTime(text, zone).setZone(zone).toISODate()!;
  } catch {
    throw new Error(`${field}: not a date: ${JSON.stringify(text)}`);
  }
}

/** Any of the three response formats → the tenant's local "yyyy-MM-ddTHH:mm:ss.SSS" (shared/local-time.ts: no parse per value). */
function toLocalDateTime(text: string, zone: string, field: string): string {
  try {
    return vismaLocalDateTime(text, zone);
  } catch {
    throw new Error(`${field}: not a date-time: ${JSON.stringify(text)}`);
  }
}

function optDate(text: string | null | undefined, zone: string, field: string): string | null {
  return text ? toDate(text, zone, field) : null;
}

function optDateTime(text: string | null | undefined, zone: string, field: string): string | null {
  return text ? toLocalDateTime(text, zone, field) : null;
}

function ore(value: number | string | null | undefined, field: string): Ore {
  if (value === null || value === undefined) throw new Error(`${field}: missing`);
  try {
    return toOre(value);
  } catch (e) {
    throw new Error(`${field}: ${(e as Error).message}`);
  }
}

function address(a: AddressIn): Address | null {
  if (!a) return null;
  return {
    line1: a.addressLine1 ?? null,
    line2: a.addressLine2 ?? null,
    line3: a.addressLine3 ?? null,
    postalCode: a.postalCode ?? null,
    city: a.city ?? null,
    countryId: a.country?.id ?? null,
    countryName: a.country?.name ?? null,
  };
}

function line(l: LineIn, index: number): DocumentLine {
  const amountOre = ore(l.amount, "amount");
  const quantity = l.quantity === null || l.quantity === undefined ? "1" : decimalText(l.quantity);
  const unit = l.unitPrice;
  let unitPriceOre: Ore;
  if (unit !== null && unit !== undefined) {
    unitPriceOre = toOreRounded(unit);
  } else {
    // ASSUMPTION(A7): a line without unit price (the reference example has none) is priced at
    // amount / quantity; informational only (the line amount is what counts), so if Visma.net
    // meant something else only a shown unit price would differ, by at most an øre.
    const q = Number(quantity);
    unitPriceOre = q === 1 || q === 0 ? amountOre : Math.round(amountOre / q);
  }
  return {
    lineNumber: l.lineNumber ?? index + 1,
    description: l.description ?? null,
    quantity,
    unitPriceOre,
    unitPrice: unit === null || unit === undefined ? null : decimalText(unit),
    amountOre,
    vatCodeId: l.vatCode?.id ?? null,
    uom: l.uom ?? null,
  };
}

/** Each element of `list` through `convert`; a failure names the element's path ("lines.2.amount: …"). */
function eachWithPath<I, O>(list: readonly I[], path: string, convert: (item: I, index: number) => O): O[] {
  const out: O[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      out[i] = convert(list[i]!, i);
    } catch (e) {
      throw new Error(`${path}.${i}.${(e as Error).message}`);
    }
  }
  return out;
}

function taxDetail(t: NonNullable<DocumentDto["taxDetails"]>[number]): TaxDetail {
  return {
    taxId: t.taxId ?? (typeof t.vatId === "string" ? t.vatId : t.vatId?.number) ?? "",
    vatRate: t.vatRate === null || t.vatRate === undefined ? "0" : decimalText(t.vatRate),
    taxableOre: t.taxableAmount === null || t.taxableAmount === undefined ? 0 : ore(t.taxableAmount, "taxableAmount"),
    vatOre: t.vatAmount === null || t.vatAmount === undefined ? 0 : ore(t.vatAmount, "vatAmount"),
  };
}

function application(a: NonNullable<DocumentDto["applications"]>[number]): Application {
  return {
    docType: a.docType ?? "",
    refNbr: a.refNbr,
    amountPaidOre: a.amountPaid === null || a.amountPaid === undefined ? 0 : ore(a.amountPaid, "amountPaid"),
    paymentRef: a.paymentRef ?? null,
    status: a.status ?? null,
    released: a.released ?? false,
  };
}

// ASSUMPTION(A8): Visma.net sends credit-note totals positive; should a negative one appear the
// domain still gets the magnitude (types.ts: "positive for invoices and credit notes alike").
function positive(type: DocumentType, v: Ore): Ore {
  return type === "CreditNote" ? Math.abs(v) : v;
}

const NO_ITEMS: readonly never[] = [];

export function normaliseDocument(dto: DocumentDto, type: DocumentType, zone: string): ArDocument {
  // Credit notes carry their lines in lines[], invoices in invoiceLines[] (reference §3.4).
  const linesField = type === "CreditNote" ? "lines" : "invoiceLines";
  const lines = (type === "CreditNote" ? dto.lines : dto.invoiceLines) ?? NO_ITEMS;
  return {
    type,
    documentType: dto.documentType ?? type,
    number: dto.referenceNumber,
    status: dto.status,
    hold: dto.hold ?? false,
    customer: { number: dto.customer.number, name: dto.customer.name ?? "" },
    documentDate: toDate(dto.documentDate, zone, "documentDate"),
    dueDate: optDate(dto.documentDueDate, zone, "documentDueDate"),
    createdAt: optDateTime(dto.createdDateTime, zone, "createdDateTime"),
    modifiedAt: optDateTime(dto.lastModifiedDateTime, zone, "lastModifiedDateTime"),
    currency: dto.currencyId,
    amountOre: positive(type, ore(dto.amount, "amount")),
    balanceOre: positive(type, ore(dto.balance, "balance")),
    vatOre: dto.vatTotal === null || dto.vatTotal === undefined ? 0 : positive(type, ore(dto.vatTotal, "vatTotal")),
    paymentMethodId: dto.paymentMethod?.id ?? null,
    kid: dto.paymentReference ?? null, // ASSUMPTION(A9): the KID Visma.net computes
    customerRef: dto.customerRefNumber ?? null,
    externalRef: dto.externalReference ?? null,
    text: dto.invoiceText ?? null,
    sendToAutoInvoice: dto.sendToAutoInvoice ?? false,
    creditTermsId: dto.creditTerms?.id ?? null,
    invoiceAddress: address(dto.invoiceAddress),
    lines: eachWithPath(lines, linesField, line),
    taxDetails: eachWithPath(dto.taxDetails ?? NO_ITEMS, "taxDetails", taxDetail),
    applications: eachWithPath(dto.applications ?? NO_ITEMS, "applications", application),
  };
}

export function normaliseCustomer(dto: CustomerDto, zone: string): Customer {
  const methods = (dto.paymentMethods ?? []).map((m) => m.paymentMethodId).filter((id): id is string => !!id);
  const flaggedDefault = (dto.paymentMethods ?? []).find((m) => m.isDefault && m.paymentMethodId)?.paymentMethodId;
  const c = dto.invoiceContact ?? dto.mainContact;
  return {
    number: dto.number,
    name: dto.name,
    status: dto.status ?? "",
    corporateId: dto.corporateId ?? null,
    vatRegistrationId: dto.vatRegistrationId ?? null,
    currency: dto.currencyId ?? null,
    mainAddress: address(dto.mainAddress),
    invoiceAddress: address(dto.invoiceAddress ?? dto.mainAddress),
    contact: c ? { name: c.name ?? c.attention ?? null, email: c.email ?? null, phone: c.phone1 ?? null } : null,
    defaultPaymentMethodId: dto.defaultPaymentMethodId ?? flaggedDefault ?? null,
    paymentMethodIds: [...new Set(methods)],
    acceptAutoInvoices: dto.acceptAutoInvoices ?? false,
    createdAt: optDateTime(dto.createdDateTime, zone, "createdDateTime"),
    modifiedAt: optDateTime(dto.lastModifiedDateTime, zone, "lastModifiedDateTime"),
    ...(dto.defaultPaymentMethodId === undefined && dto.paymentMethods === undefined
      ? { paymentMethodsKnown: false as const }
      : {}),
  };
}

export function normalisePaymentMethod(dto: PaymentMethodDto): PaymentMethod {
  const id = dto.paymentMethodID;
  if (!id) throw new Error("paymentMethodID: missing");
  return {
    id,
    description: dto.description ?? null,
    active: dto.active ?? true,
    meansOfPayment: dto.meansOfPayment ?? null,
  };
}

export function normaliseCashAccount(dto: CashAccountDto): CashAccount {
  return { number: dto.number, description: dto.description ?? null, currency: dto.currency ?? null };
}

export function normalisePayment(dto: PaymentDto, zone: string): Payment {
  return {
    type: dto.type,
    number: dto.refNbr,
    status: dto.status,
    hold: dto.hold ?? false,
    customerNumber: dto.customer.number,
    paymentRef: dto.paymentRef ?? null,
    applicationDate: optDate(dto.applicationDate, zone, "applicationDate"),
    amountOre: ore(dto.paymentAmount, "paymentAmount"),
    currency: dto.currency,
    cashAccount: dto.cashAccount ?? null,
    paymentMethodId: dto.paymentMethod?.id ?? null,
    lines: eachWithPath(dto.paymentLines ?? NO_ITEMS, "paymentLines", paymentLine),
  };
}

function paymentLine(l: NonNullable<PaymentDto["paymentLines"]>[number]): Payment["lines"][number] {
  return { documentType: l.documentType, refNbr: l.refNbr, amountPaidOre: ore(l.amountPaid, "amountPaid") };
}
