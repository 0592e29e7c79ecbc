/**
 * The /v1 endpoints the integration uses (reference sections 3–5). Paths are matched
 * case-insensitively (`/v1/CustomerCreditNote` = `/v1/customerCreditNote`); record numbers keep
 * their case. Each handler returns a reply; server.ts adds headers, faults and rate limits.
 */
import { randomUUID } from "node:crypto";
import {
  cashAccountDto,
  customerDto,
  documentDto,
  EXPAND_ALL,
  paymentDto,
  paymentMethodDto,
  type DocumentDtoKind,
  type Dto,
  type Expand,
} from "./dto.ts";
import {
  FilterError,
  booleanParam,
  enumParam,
  matchesCondition,
  page,
  param,
  readDateCondition,
  readPaging,
  type DateCondition,
} from "./filters.ts";
import { HttpError, ippException, parseJsonBody, vismaMessage } from "./http.ts";
import { PaymentError, createPayment, releasePayment } from "./payments.ts";
import type { SandboxStore } from "./store.ts";
import type { SandboxDocument } from "./types.ts";

export interface Reply {
  status: number;
  /** A DTO, an array of DTOs, or undefined for an empty body. */
  body?: Dto | Dto[];
  headers?: Record<string, string>;
}

export interface RouteContext {
  store: SandboxStore;
  apiBaseUrl: string;
  maxPageSize(endpoint: string): number;
}

export interface ApiRequest {
  method: string;
  /** Path segments after /v1, original case. */
  segments: string[];
  params: URLSearchParams;
  body: string;
}

/** The values the contract's enums give the list filters (test/contract/sandbox-params.test.ts holds them equal). */
export const DOCUMENT_STATUSES = [
  "Hold",
  "Balanced",
  "Voided",
  "Scheduled",
  "Open",
  "Closed",
  "PendingPrint",
  "PendingEmail",
  "CreditHold",
  "CcHold",
  "Reserved",
] as const;
export const DOCUMENT_TYPES = [
  "Invoice",
  "DebitNote",
  "CreditNote",
  "Payment",
  "VoidPayment",
  "Prepayment",
  "Refund",
  "FinCharge",
  "SmallBalanceWo",
  "SmallCreditWo",
  "CashSale",
  "CashReturn",
  "Undefined",
  "NoUpdate",
] as const;
export const CUSTOMER_STATUSES = ["Active", "OnHold", "CreditHold", "Inactive", "OneTime"] as const;
export const PAYMENT_TYPES = [
  "Payment",
  "CreditNote",
  "Prepayment",
  "Refund",
  "VoidPayment",
  "SmallBalanceWo",
  "VoidRefund",
  "Undefined",
] as const;
export const PAYMENT_STATUSES = DOCUMENT_STATUSES;

export function route(ctx: RouteContext, req: ApiRequest): Reply {
  try {
    return dispatch(ctx, req);
  } catch (error) {
    if (error instanceof FilterError) {
      // ASSUMPTION(A11): invalid filter values come back as 400 in the IPPException shape; the client
      // reads both error shapes, and checks its own filter values before sending them.
      return { status: 400, body: ippException(error.message, "12000") };
    }
    throw error;
  }
}

function dispatch(ctx: RouteContext, req: ApiRequest): Reply {
  const [resource = "", id, action, actionName, ...rest] = req.segments;
  const endpoint = resource.toLowerCase();
  const get = req.method === "GET";
  const post = req.method === "POST";
  if (rest.length > 0) return notFound(req);

  switch (endpoint) {
    case "customerinvoice":
    case "customercreditnote":
    case "customerdebitnote": {
      const kind = DOCUMENT_ENDPOINTS[endpoint]!;
      if (!get || action !== undefined) return notAllowedOrFound(req, get);
      if (id === undefined) return listDocuments(ctx, kind, endpoint, req.params);
      // The contract has no single GET for debit notes (they are read through the invoice endpoint).
      if (kind === "debitNote") return notFound(req);
      const doc = documentsOf(ctx.store, kind).find((d) => d.referenceNumber === id);
      if (!doc) return missing(`Document '${id}' not found.`);
      return { status: 200, body: documentDto(ctx.store.renderContext, doc, kind, EXPAND_ALL) };
    }
    case "customer": {
      if (!get || action !== undefined) return notAllowedOrFound(req, get);
      if (id === undefined) return listCustomers(ctx, req.params, booleanParam(req.params, "expandPaymentMethods"));
      // The single GET declares no expand flag (contract): ASSUMPTION(A64) it names
      // defaultPaymentMethodId; paymentMethods[] only comes with the list's flag.
      const customer = ctx.store.getCustomer(id);
      if (!customer) return missing(`Customer '${id}' not found.`);
      return { status: 200, body: customerDto(customer, false) };
    }
    // Lists only: the contract has no single GET for either.
    case "paymentmethod": {
      if (!get || id !== undefined) return notAllowedOrFound(req, get);
      return { status: 200, body: ctx.store.listPaymentMethods().map(paymentMethodDto) };
    }
    case "cashaccount": {
      if (!get || id !== undefined) return notAllowedOrFound(req, get);
      return { status: 200, body: ctx.store.listCashAccounts().map(cashAccountDto) };
    }
    case "customerpayment": {
      if (id === undefined) {
        if (get) return listPayments(ctx, req.params);
        if (post) return postPayment(ctx, req.body);
        return methodNotAllowed(req);
      }
      if (action === undefined) {
        if (!get) return methodNotAllowed(req);
        const payment = ctx.store.getPayment(id);
        if (!payment) return missing(`Payment '${id}' not found.`);
        return { status: 200, body: paymentDto(ctx.store.renderContext, payment) };
      }
      if (action.toLowerCase() === "action" && actionName?.toLowerCase() === "release") {
        if (!post) return methodNotAllowed(req);
        return release(ctx, id, req.body);
      }
      if (action.toLowerCase() === "action" && actionName?.toLowerCase() === "void") {
        if (!post) return methodNotAllowed(req);
        return voidAction(ctx, id);
      }
      return notFound(req);
    }
    default:
      return notFound(req);
  }
}

// ---- lists ---------------------------------------------------------------------------------

const DOCUMENT_ENDPOINTS: Record<string, DocumentDtoKind> = {
  customerinvoice: "invoice",
  customercreditnote: "creditNote",
  customerdebitnote: "debitNote",
};

/**
 * The documents an endpoint lists. ASSUMPTION(A13): /v1/customerinvoice lists every AR301000 document
 * but credit notes (invoices, debit notes, overdue charges), each with its own documentType; if it
 * lists invoices only, nothing changes for the product, which checks documentType either way.
 */
function documentsOf(store: SandboxStore, kind: DocumentDtoKind): SandboxDocument[] {
  if (kind === "creditNote") return store.listCreditNotes();
  const documents = store.listInvoices();
  return kind === "debitNote" ? documents.filter((d) => d.documentType === "DebitNote") : documents;
}

function expandOf(params: URLSearchParams): Expand {
  return {
    applications: booleanParam(params, "expandApplications"),
    taxDetails: booleanParam(params, "expandTaxDetails"),
    invoiceAddress: booleanParam(params, "expandInvoiceAddress"),
    attachments: booleanParam(params, "expandAttachments"),
  };
}

function listDocuments(ctx: RouteContext, kind: DocumentDtoKind, endpoint: string, params: URLSearchParams): Reply {
  const status = enumParam(params, "status", DOCUMENT_STATUSES);
  const customer = param(params, "customer");
  const documentDate = readDateCondition(params, "documentDate");
  const dueDate = readDateCondition(params, "documentDueDate");
  const modified = readDateCondition(params, "lastModifiedDateTime");
  const created = readDateCondition(params, "createdDateTime");
  // ASSUMPTION(A12): the reference filters match exactly (partial matching is not documented); the
  // product does not filter by them.
  const paymentReference = param(params, "paymentReference");
  const externalReference = param(params, "externalReference");
  const customerRefNumber = param(params, "customerRefNumber");
  const paging = readPaging(params, ctx.maxPageSize(endpoint));

  const documentType = enumParam(params, "documentType", DOCUMENT_TYPES);
  const all = documentsOf(ctx.store, kind);
  const selected = all.filter(
    (d: SandboxDocument) =>
      (status === undefined || d.status === status) &&
      (documentType === undefined || d.documentType === documentType) &&
      (customer === undefined || d.customerNumber === customer) &&
      dateOk(d.documentDate, documentDate) &&
      dateOk(d.documentDueDate, dueDate) &&
      dateOk(d.lastModifiedDateTime, modified) &&
      dateOk(d.createdDateTime, created) &&
      (paymentReference === undefined || d.paymentReference === paymentReference) &&
      (externalReference === undefined || d.externalReference === externalReference) &&
      (customerRefNumber === undefined || d.customerRefNumber === customerRefNumber),
  );
  const expand = expandOf(params);
  const items = page(selected, paging).map((d) => documentDto(ctx.store.renderContext, d, kind, expand));
  return { status: 200, body: withMetadata(items, selected.length, paging.maxPageSize) };
}

function listCustomers(ctx: RouteContext, params: URLSearchParams, expand: boolean): Reply {
  const modified = readDateCondition(params, "lastModifiedDateTime");
  const created = readDateCondition(params, "createdDateTime");
  const status = enumParam(params, "status", CUSTOMER_STATUSES);
  const corporateId = param(params, "corporateId");
  const paging = readPaging(params, ctx.maxPageSize("customer"));
  const selected = ctx.store
    .listCustomers()
    .filter(
      (c) =>
        dateOk(c.lastModifiedDateTime, modified) &&
        dateOk(c.createdDateTime, created) &&
        (status === undefined || c.status === status) &&
        (corporateId === undefined || c.corporateId === corporateId),
    );
  const items = page(selected, paging).map((c) => customerDto(c, expand));
  return { status: 200, body: withMetadata(items, selected.length, paging.maxPageSize) };
}

function listPayments(ctx: RouteContext, params: URLSearchParams): Reply {
  const customer = param(params, "customer");
  const paymentType = enumParam(params, "paymentType", PAYMENT_TYPES);
  const status = enumParam(params, "status", PAYMENT_STATUSES);
  const invoiceRefNbr = param(params, "invoiceRefNbr");
  const paymentNbr = param(params, "paymentNbr");
  const docDate = readDateCondition(params, "docDate");
  const modified = readDateCondition(params, "lastModifiedDateTime");
  const paging = readPaging(params, ctx.maxPageSize("customerpayment"));
  const selected = ctx.store
    .listPayments()
    .filter(
      (p) =>
        (customer === undefined || p.customerNumber === customer) &&
        (paymentType === undefined || p.type === paymentType) &&
        (status === undefined || p.status === status) &&
        (paymentNbr === undefined || p.refNbr === paymentNbr) &&
        (invoiceRefNbr === undefined || p.lines.some((l) => l.refNbr === invoiceRefNbr)) &&
        dateOk(p.applicationDate, docDate) &&
        dateOk(p.lastModifiedDateTime, modified),
    );
  const items = page(selected, paging).map((p) => paymentDto(ctx.store.renderContext, p));
  return { status: 200, body: withMetadata(items, selected.length, paging.maxPageSize) };
}

function dateOk(value: string | null, filter: DateCondition | undefined): boolean {
  return filter === undefined || matchesCondition(value, filter);
}

/** Paging data sits inside every element of the bare array (MetadataDto). */
function withMetadata(items: Dto[], totalCount: number, maxPageSize: number): Dto[] {
  for (const item of items) item.metadata = { totalCount, maxPageSize };
  return items;
}

// ---- payments ------------------------------------------------------------------------------

function postPayment(ctx: RouteContext, text: string): Reply {
  const body = parseJsonBody(text);
  try {
    const payment = createPayment(ctx.store, body);
    // ASSUMPTION(A15): Location carries the new ref number as its last segment (open question 4);
    // without it the product looks the payment up by its reference (see visma/writes.ts).
    return { status: 201, headers: { Location: `${ctx.apiBaseUrl}/v1/customerPayment/${payment.refNbr}` } };
  } catch (error) {
    if (error instanceof PaymentError) {
      return { status: 400, body: vismaMessage(`Error creating payment. Error: ${error.message}`) };
    }
    throw error;
  }
}

function release(ctx: RouteContext, refNbr: string, text: string): Reply {
  const payment = ctx.store.getPayment(refNbr);
  if (!payment) return missing(`Payment '${refNbr}' not found.`);
  const body = parseJsonBody(text);
  const holder =
    typeof body === "object" && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>).type
      : undefined;
  if (holder !== undefined && (typeof holder !== "object" || holder === null || !("value" in holder))) {
    throw new HttpError(
      400,
      vismaMessage(
        `The request is invalid. The field 'type' must be wrapped as {"value": "Payment"}; got ${JSON.stringify(holder)}.`,
      ),
    );
  }
  const type = holder === undefined ? undefined : (holder as { value: unknown }).value;
  const result = releasePayment(ctx.store, payment, typeof type === "string" ? type : undefined, randomUUID());
  return { status: 200, body: { ...result } };
}

/**
 * POST …/action/void: VoidPaymentActionResultDto. ASSUMPTION(A18): a refused void is HTTP 200 with
 * actionResult Failed, like release (the product never voids; only tests and people do).
 */
function voidAction(ctx: RouteContext, refNbr: string): Reply {
  const payment = ctx.store.getPayment(refNbr);
  if (!payment) return missing(`Payment '${refNbr}' not found.`);
  const actionId = randomUUID();
  try {
    const voidDoc = ctx.store.voidPayment(refNbr);
    return {
      status: 200,
      body: { type: voidDoc.type, refNbr: voidDoc.refNbr, actionId, actionResult: "Done", errorInfo: null },
    };
  } catch (error) {
    if (!(error instanceof PaymentError)) throw error;
    return {
      status: 200,
      body: { type: payment.type, refNbr, actionId, actionResult: "Failed", errorInfo: error.message },
    };
  }
}

// ---- errors --------------------------------------------------------------------------------

function missing(message: string): Reply {
  return { status: 404, body: vismaMessage(message) };
}

function notFound(req: ApiRequest): Reply {
  return { status: 404, body: vismaMessage(`No API endpoint matches ${req.method} /v1/${req.segments.join("/")}.`) };
}

function methodNotAllowed(req: ApiRequest): Reply {
  return { status: 405, body: vismaMessage(`The requested resource does not support http method '${req.method}'.`) };
}

function notAllowedOrFound(req: ApiRequest, isGet: boolean): Reply {
  return isGet ? notFound(req) : methodNotAllowed(req);
}
