/**
 * EHF / Peppol BIS Billing 3.0 (UBL 2.1): one Invoice or CreditNote XML per document, UTF-8,
 * built with xmlbuilder2. The factoring parts follow reference §3: the factor's assignment text
 * is the single document-level Note, the factor is the PayeeParty, and PaymentMeans carries the
 * KID (PaymentID) and the factor's account.
 *
 * ASSUMPTION: only Norwegian buyers with an organisation number (scheme 0192) are sent as EHF;
 * Peppol needs an electronic address (EndpointID) for the buyer and 0192 is the one we have.
 * ASSUMPTION: the supplier is VAT registered ("NO<org>MVA"; categories S and Z both need the seller
 * VAT identifier, BR-S-02/BR-Z-02) and registered in Foretaksregisteret (Norwegian rule NO-R-002);
 * the tenant schema has no flag for either.
 */
import { create } from "xmlbuilder2";
import type { ArDocument, Customer } from "../visma/types.ts";
import { oreToDecimalString } from "../shared/money.ts";
import { documentPostalAddress } from "./address.ts";
import { prepareEhfAmounts, type EhfAmounts } from "./ehf-amounts.ts";
import { commonProblems, organizationDigits, renderProblem, throwIfProblems, type Problem } from "./problems.ts";
import { batchFileStem } from "./stem.ts";
import type { BatchToFormat, FactorSettings, Formatter, OutputFile } from "./types.ts";

/** xmlbuilder2's node builder (the package does not export the interface from its main entry). */
type XMLBuilder = ReturnType<typeof create>;
type EhfSettings = Extract<FactorSettings["format"], { type: "ehf" }>;

const UBL_NS = {
  Invoice: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
  CreditNote: "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
  cac: "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
  cbc: "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
} as const;

const CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
const PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
const NO_ORG_SCHEME = "0192";

function assertEhf(factor: FactorSettings): EhfSettings {
  if (factor.format.type !== "ehf") throw new Error(`the EHF formatter was given format ${factor.format.type}`);
  return factor.format;
}

/** Characters XML 1.0 cannot carry at all (C0 controls except tab/LF/CR, U+FFFE/FFFF, lone surrogates). */
function xmlIllegalChar(text: string): string | null {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const legal =
      code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;
    if (!legal) return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return null;
}

function textProblems(values: Readonly<Record<string, string | null | undefined>>): Problem[] {
  const problems: Problem[] = [];
  for (const [field, value] of Object.entries(values)) {
    const bad = value ? xmlIllegalChar(value) : null;
    if (bad) problems.push({ field, message: `${JSON.stringify(value)} contains ${bad}, which XML cannot carry` });
  }
  return problems;
}

function documentProblems(
  document: ArDocument,
  customer: Customer | undefined,
  factor: FactorSettings,
  amounts: EhfAmounts = prepareEhfAmounts(document),
): Problem[] {
  assertEhf(factor);
  const problems = [...commonProblems(document, customer, factor), ...amounts.problems];
  if (!/^[A-Za-z0-9_-]+$/.test(document.number)) {
    problems.push({ field: "document number", message: `${JSON.stringify(document.number)} cannot be part of a file name (letters, digits, "-", "_")` });
  }
  if (customer && customer.number === document.customer.number) {
    const org = organizationDigits(customer);
    if (org === null) {
      problems.push({ field: "customer organisation number (corporateId)", message: `customer ${customer.number} has no organisation number; EHF needs one` });
    } else if (org.length !== 9) {
      problems.push({
        field: "customer organisation number (corporateId)",
        message: `${JSON.stringify(customer.corporateId)} is not a 9-digit Norwegian organisation number`,
      });
    }
    if (customer.name.trim() === "") problems.push({ field: "customer name", message: "empty" });
    const address = documentPostalAddress(document, customer);
    const required: [string, string | null | undefined][] = [
      ["customer address line 1", address?.line1],
      ["customer postal code", address?.postalCode],
      ["customer city", address?.city],
      ["customer country", address?.countryId],
    ];
    for (const [field, value] of required) {
      if (!value?.trim()) problems.push({ field, message: "missing; the factor needs the full postal address" });
    }
    const country = address?.countryId?.trim().toUpperCase();
    if (country && country !== "NO") {
      problems.push({ field: "customer country", message: `${country}: only Norwegian customers (organisation number scheme 0192) are sent as EHF` });
    }
    if (country === "NO" && address?.postalCode && !/^\d{4}$/.test(address.postalCode.trim())) {
      problems.push({ field: "customer postal code", message: `${JSON.stringify(address.postalCode)} is not a Norwegian postal code (4 digits)` });
    }
    problems.push(
      ...textProblems({
        "customer name": customer.name,
        "customer address line 1": address?.line1,
        "customer address line 2": address?.line2,
        "customer address line 3": address?.line3,
        "customer city": address?.city,
        "customer reference": document.customerRef,
        ...Object.fromEntries(document.lines.map((l) => [`line ${l.lineNumber} description`, l.description])),
      }),
    );
  }
  return problems;
}

function amount(parent: XMLBuilder, name: string, ore: number, currency: string): void {
  parent.ele(name, { currencyID: currency }).txt(oreToDecimalString(ore));
}

function taxCategory(parent: XMLBuilder, name: string, category: string, percent: string): void {
  const node = parent.ele(name);
  node.ele("cbc:ID").txt(category);
  node.ele("cbc:Percent").txt(percent);
  node.ele("cac:TaxScheme").ele("cbc:ID").txt("VAT");
}

function postalAddress(parent: XMLBuilder, street: string, additional: string, city: string, zip: string, country: string): void {
  const node = parent.ele("cac:PostalAddress");
  node.ele("cbc:StreetName").txt(street);
  if (additional) node.ele("cbc:AdditionalStreetName").txt(additional);
  node.ele("cbc:CityName").txt(city);
  node.ele("cbc:PostalZone").txt(zip);
  node.ele("cac:Country").ele("cbc:IdentificationCode").txt(country);
}

function supplierParty(root: XMLBuilder, settings: EhfSettings): void {
  const s = settings.supplier;
  const party = root.ele("cac:AccountingSupplierParty").ele("cac:Party");
  party.ele("cbc:EndpointID", { schemeID: NO_ORG_SCHEME }).txt(s.organizationNumber);
  party.ele("cac:PartyName").ele("cbc:Name").txt(s.name);
  postalAddress(party, s.address, "", s.city, s.postalCode, s.countryCode);
  const vat = party.ele("cac:PartyTaxScheme");
  vat.ele("cbc:CompanyID").txt(`NO${s.organizationNumber}MVA`);
  vat.ele("cac:TaxScheme").ele("cbc:ID").txt("VAT");
  const register = party.ele("cac:PartyTaxScheme");
  register.ele("cbc:CompanyID").txt("Foretaksregisteret");
  register.ele("cac:TaxScheme").ele("cbc:ID").txt("TAX");
  const legal = party.ele("cac:PartyLegalEntity");
  legal.ele("cbc:RegistrationName").txt(s.name);
  legal.ele("cbc:CompanyID", { schemeID: NO_ORG_SCHEME }).txt(s.organizationNumber);
}

function customerParty(root: XMLBuilder, document: ArDocument, customer: Customer): void {
  const org = organizationDigits(customer)!;
  const address = documentPostalAddress(document, customer)!;
  const party = root.ele("cac:AccountingCustomerParty").ele("cac:Party");
  party.ele("cbc:EndpointID", { schemeID: NO_ORG_SCHEME }).txt(org);
  party.ele("cac:PartyIdentification").ele("cbc:ID").txt(customer.number);
  party.ele("cac:PartyName").ele("cbc:Name").txt(customer.name.trim());
  const additional = [address.line2, address.line3].map((l) => l?.trim() ?? "").filter((l) => l !== "").join(", ");
  postalAddress(party, address.line1!.trim(), additional, address.city!.trim(), address.postalCode!.trim(), address.countryId!.trim().toUpperCase());
  const legal = party.ele("cac:PartyLegalEntity");
  legal.ele("cbc:RegistrationName").txt(customer.name.trim());
  legal.ele("cbc:CompanyID", { schemeID: NO_ORG_SCHEME }).txt(org);
}

function payeeParty(root: XMLBuilder, settings: EhfSettings): void {
  const party = root.ele("cac:PayeeParty");
  party.ele("cac:PartyIdentification").ele("cbc:ID", { schemeID: NO_ORG_SCHEME }).txt(settings.payeeOrganizationNumber);
  party.ele("cac:PartyName").ele("cbc:Name").txt(settings.payeeName);
  party.ele("cac:PartyLegalEntity").ele("cbc:CompanyID", { schemeID: NO_ORG_SCHEME }).txt(settings.payeeOrganizationNumber);
}

function paymentMeans(root: XMLBuilder, document: ArDocument, settings: EhfSettings): void {
  const means = root.ele("cac:PaymentMeans");
  means.ele("cbc:PaymentMeansCode").txt("30"); // credit transfer
  // BIS 3 CreditNote has no document-level DueDate; BT-9 sits in PaymentMeans/PaymentDueDate there.
  if (document.type === "CreditNote" && document.dueDate) means.ele("cbc:PaymentDueDate").txt(document.dueDate);
  if (document.kid?.trim()) means.ele("cbc:PaymentID").txt(document.kid.trim());
  means.ele("cac:PayeeFinancialAccount").ele("cbc:ID").txt(settings.payeeAccount);
}

function taxTotal(root: XMLBuilder, document: ArDocument, amounts: EhfAmounts): void {
  const total = root.ele("cac:TaxTotal");
  amount(total, "cbc:TaxAmount", document.vatOre, document.currency);
  for (const group of amounts.groups) {
    const sub = total.ele("cac:TaxSubtotal");
    amount(sub, "cbc:TaxableAmount", group.taxableOre, document.currency);
    amount(sub, "cbc:TaxAmount", group.vatOre, document.currency);
    taxCategory(sub, "cac:TaxCategory", group.category, group.percent);
  }
}

function monetaryTotal(root: XMLBuilder, document: ArDocument, amounts: EhfAmounts): void {
  const total = root.ele("cac:LegalMonetaryTotal");
  amount(total, "cbc:LineExtensionAmount", amounts.lineTotalOre, document.currency);
  amount(total, "cbc:TaxExclusiveAmount", amounts.taxExclusiveOre, document.currency);
  amount(total, "cbc:TaxInclusiveAmount", document.amountOre, document.currency);
  amount(total, "cbc:PayableAmount", document.amountOre, document.currency);
}

function documentLines(root: XMLBuilder, document: ArDocument, amounts: EhfAmounts): void {
  const isCredit = document.type === "CreditNote";
  for (const line of amounts.lines) {
    const node = root.ele(isCredit ? "cac:CreditNoteLine" : "cac:InvoiceLine");
    node.ele("cbc:ID").txt(line.id);
    node.ele(isCredit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity", { unitCode: line.unitCode }).txt(line.quantity);
    amount(node, "cbc:LineExtensionAmount", line.amountOre, document.currency);
    if (line.adjustmentOre !== 0) {
      // Line discount/surcharge so that net amount = quantity × price ± adjustment (PEPPOL-EN16931-R120).
      const charge = node.ele("cac:AllowanceCharge");
      charge.ele("cbc:ChargeIndicator").txt(line.adjustmentOre > 0 ? "true" : "false");
      charge.ele("cbc:AllowanceChargeReason").txt(line.adjustmentOre > 0 ? "Tillegg" : "Rabatt");
      amount(charge, "cbc:Amount", Math.abs(line.adjustmentOre), document.currency);
    }
    const item = node.ele("cac:Item");
    item.ele("cbc:Name").txt(line.name);
    taxCategory(item, "cac:ClassifiedTaxCategory", line.category, line.percent);
    amount(node.ele("cac:Price"), "cbc:PriceAmount", line.priceOre, document.currency);
  }
}

/** The UBL XML text of one document (assumes documentProblems() is empty). */
function documentXml(document: ArDocument, customer: Customer, settings: EhfSettings, amounts: EhfAmounts): string {
  const kind = document.type === "CreditNote" ? "CreditNote" : "Invoice";
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele(UBL_NS[kind], kind, {
    "xmlns:cac": UBL_NS.cac,
    "xmlns:cbc": UBL_NS.cbc,
  });
  root.ele("cbc:CustomizationID").txt(CUSTOMIZATION_ID);
  root.ele("cbc:ProfileID").txt(PROFILE_ID);
  root.ele("cbc:ID").txt(document.number);
  root.ele("cbc:IssueDate").txt(document.documentDate);
  if (kind === "Invoice") {
    root.ele("cbc:DueDate").txt(document.dueDate!);
    root.ele("cbc:InvoiceTypeCode").txt("380");
  } else {
    root.ele("cbc:CreditNoteTypeCode").txt("381");
  }
  root.ele("cbc:Note").txt(settings.assignmentText); // exactly one document-level note (PEPPOL-EN16931-R002)
  root.ele("cbc:DocumentCurrencyCode").txt(document.currency);
  root.ele("cbc:BuyerReference").txt(document.customerRef?.trim() || customer.number);
  supplierParty(root, settings);
  customerParty(root, document, customer);
  payeeParty(root, settings);
  paymentMeans(root, document, settings);
  taxTotal(root, document, amounts);
  monetaryTotal(root, document, amounts);
  documentLines(root, document, amounts);
  return `${root.end({ prettyPrint: true })}\n`;
}

export const ehfFormatter: Formatter = {
  check(document, customer, factor) {
    return documentProblems(document, customer, factor).map((p) => renderProblem(document, p));
  },

  format(batch: BatchToFormat): OutputFile[] {
    const settings = assertEhf(batch.factor);
    const stem = batchFileStem(batch.tenantId, batch.businessDate, batch.sequence);
    const files: OutputFile[] = [];
    for (const document of batch.documents) {
      const customer = batch.customers.get(document.customer.number);
      const amounts = prepareEhfAmounts(document);
      throwIfProblems(document, documentProblems(document, customer, batch.factor, amounts));
      const kind = document.type === "CreditNote" ? "CreditNote" : "Invoice";
      const xml = documentXml(document, customer!, settings, amounts);
      files.push({ name: `${stem}_${kind}_${document.number}.xml`, content: Buffer.from(xml, "utf8") });
    }
    return files;
  },
};
