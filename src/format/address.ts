/** Which address of a document/customer goes into the factor's files. */
import type { Address, ArDocument, Customer } from "../visma/index.ts";

/** The customer's postal address for the customer file: invoice address, else main address. */
export function customerPostalAddress(customer: Customer): Address | null {
  return customer.invoiceAddress ?? customer.mainAddress;
}

/** The buyer address of one document: the document's own invoice address wins over the customer's. */
export function documentPostalAddress(document: ArDocument, customer: Customer): Address | null {
  return document.invoiceAddress ?? customerPostalAddress(customer);
}

/**
 * Street lines as one text. ASSUMPTION(A38): the factor's single address field gets all non-empty
 * lines joined with ", " rather than line 1 alone, so no part of the address is dropped silently;
 * if that does not fit, the field check reports it.
 */
export function streetText(address: Address | null): string {
  if (!address) return "";
  return [address.line1, address.line2, address.line3]
    .map((line) => (line ?? "").trim())
    .filter((line) => line !== "")
    .join(", ");
}
