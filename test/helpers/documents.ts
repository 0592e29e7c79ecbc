// Builders for domain objects in pure tests (the sandbox builds API-shaped data for HTTP tests).
import type { Batch, LedgerDocument } from "../../src/ledger/types.ts";
import type { ArDocument, Customer } from "../../src/visma/types.ts";

export function invoice(number: string, patch: Partial<ArDocument> = {}): ArDocument {
  return {
    type: "Invoice",
    number,
    status: "Open",
    hold: false,
    customer: { number: "10001", name: "Ærlig Rørlegger AS" },
    documentDate: "2026-11-27",
    dueDate: "2026-12-11",
    createdAt: "2026-11-27T10:00:00.000",
    modifiedAt: "2026-11-27T10:00:00.000",
    currency: "NOK",
    amountOre: 125_000,
    balanceOre: 125_000,
    vatOre: 25_000,
    paymentMethodId: "FACTORING",
    kid: "12344", // valid MOD10
    customerRef: null,
    externalRef: null,
    text: null,
    sendToAutoInvoice: false,
    creditTermsId: "14",
    invoiceAddress: null,
    lines: [],
    taxDetails: [],
    applications: [],
    ...patch,
  };
}

export function creditNote(number: string, patch: Partial<ArDocument> = {}): ArDocument {
  return invoice(number, { type: "CreditNote", amountOre: 25_000, balanceOre: 25_000, vatOre: 5_000, ...patch });
}

export function customer(number: string, patch: Partial<Customer> = {}): Customer {
  return {
    number,
    name: "Ærlig Rørlegger AS",
    status: "Active",
    corporateId: "987654321",
    vatRegistrationId: null,
    currency: "NOK",
    mainAddress: {
      line1: "Storgata 1",
      line2: null,
      line3: null,
      postalCode: "9008",
      city: "Tromsø",
      countryId: "NO",
      countryName: "Norge",
    },
    invoiceAddress: null,
    contact: null,
    defaultPaymentMethodId: "FACTORING",
    paymentMethodIds: ["FACTORING", "BANK"],
    acceptAutoInvoices: false,
    createdAt: null,
    modifiedAt: null,
    ...patch,
  };
}

/** A document as the ledger records it (transferred 26 Nov 2026, not closed). */
export function ledgerDocument(number: string, patch: Partial<LedgerDocument> = {}): LedgerDocument {
  return {
    type: "Invoice",
    number,
    customer: "10001",
    customerName: "Ærlig Rørlegger AS",
    currency: "NOK",
    amountOre: 100_000,
    documentDate: "2026-11-26",
    dueDate: "2026-12-10",
    kid: "12344",
    ...patch,
  };
}

/** A transferred batch of 26 Nov 2026 holding `documents`. */
export function transferredBatch(documents: LedgerDocument[], transferredAt = "2026-11-26T15:45:00.000+01:00"): Batch {
  return {
    id: "acme-20261126-01",
    businessDate: "2026-11-26",
    sequence: 1,
    status: "transferred",
    target: "file:///x",
    createdAt: transferredAt,
    transferredAt,
    files: [],
    documents,
    newCustomers: [],
  };
}
