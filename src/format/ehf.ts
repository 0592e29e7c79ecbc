/**
 * EHF / Peppol BIS Billing 3.0 (UBL 2.1): one Invoice or CreditNote XML per document, UTF-8,
 * built with xmlbuilder2. The factoring parts follow reference §3: the factor's assignment text
 * is the single document-level Note, the factor is the PayeeParty, and PaymentMeans carries the
 * KID (PaymentID) and the factor's account.
 *
 * ASSUMPTION(A41): only Norwegian buyers with an organisation number (scheme 0192) are sent as EHF;
 * Peppol needs an electronic address (EndpointID) for the buyer and 0192 is the one we have.
 * ASSUMPTION(A42): the supplier is VAT registered ("NO<org>MVA"; categories S, Z, E, G and AE need the
 * seller VAT identifier, BR-x-02; only O must not have it) and registered in Foretaksregisteret
 * (Norwegian rule NO-R-002); the tenant schema has no flag for either.
 *
 * Credit notes name the credited invoice (BillingReference) when Visma.net links it
 * (credited.ts) and carry no KID: there is nothing to pay with it.
 */
import { create } from "xmlbuilder2";
import type { ArDocument, Customer } from "../visma/index.ts";
import { oreToDecimalString } from "../shared/money.ts";
import { documentPostalAddress } from "./address.ts";
import { creditedInvoices } from "./credited.ts";
import { prepareEhfAmounts, type EhfAmounts } from "./ehf-amounts.ts";
import { orgNumberCheckDigit } from "../shared/norwegian-numbers.ts";
import { type FieldLabel, type FieldName, fieldProblem } from "../shared/format-problems.ts";
import {
  commonProblems,
  noteOf,
  notesInEnglish,
  organizationDigits,
  renderProblem,
  throwIfProblems,
  type Problem,
} from "./problems.ts";
import { batchFileStem } from "./stem.ts";
import { xmlIllegalChar } from "../shared/xml-text.ts";
import type { BatchToFormat, DocumentNotes, FactorSettings, Formatter, OutputFile } from "./types.ts";

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

function textProblems(values: readonly [FieldName, string | null | undefined][]): Problem[] {
  const problems: Problem[] = [];
  for (const [field, value] of values) {
    const bad = value ? xmlIllegalChar(value) : null;
    if (value && bad) problems.push(fieldProblem(field, { code: "xml-character", value, codePoint: bad }));
  }
  return problems;
}

function amountsOf(document: ArDocument, settings: EhfSettings): EhfAmounts {
  return prepareEhfAmounts(document, settings.vatCategories);
}

function documentProblems(
  document: ArDocument,
  customer: Customer | undefined,
  factor: FactorSettings,
  amounts: EhfAmounts = amountsOf(document, assertEhf(factor)),
): Problem[] {
  assertEhf(factor);
  const problems = [...commonProblems(document, customer, factor), ...amounts.problems];
  if (!/^[A-Za-z0-9_-]+$/.test(document.number)) {
    problems.push(fieldProblem({ label: "document number" }, { code: "file-name", value: document.number }));
  }
  if (customer && customer.number === document.customer.number) {
    const org = organizationDigits(customer);
    const orgField = { label: "customer organisation number", source: "corporateId" } as const;
    if (org === null) {
      problems.push(fieldProblem(orgField, { code: "ehf-no-org", customer: customer.number }));
    } else if (org.length !== 9) {
      problems.push(fieldProblem(orgField, { code: "org-not-9", value: customer.corporateId }));
    } else {
      // PEPPOL-COMMON-R041: every 0192 identifier passes MOD11, or the whole file is rejected.
      const expected = orgNumberCheckDigit(org);
      if (expected === null || String(expected) !== org.at(-1)) {
        problems.push(
          fieldProblem(orgField, {
            code: "org-check-digit",
            customer: customer.number,
            name: customer.name.trim(),
            value: customer.corporateId,
            digits: org,
            expected,
          }),
        );
      }
    }
    if (customer.name.trim() === "") problems.push(fieldProblem({ label: "customer name" }, { code: "empty" }));
    const address = documentPostalAddress(document, customer);
    const required: [FieldLabel, string | null | undefined][] = [
      ["customer address line 1", address?.line1],
      ["customer postal code", address?.postalCode],
      ["customer city", address?.city],
      ["customer country", address?.countryId],
    ];
    for (const [label, value] of required) {
      if (!value?.trim()) problems.push(fieldProblem({ label }, { code: "address-missing" }));
    }
    const country = address?.countryId?.trim().toUpperCase();
    if (country && country !== "NO") {
      problems.push(fieldProblem({ label: "customer country" }, { code: "country-not-no", country }));
    }
    if (country === "NO" && address?.postalCode && !/^\d{4}$/.test(address.postalCode.trim())) {
      problems.push(
        fieldProblem(
          { label: "customer postal code" },
          { code: "postal-code", value: address.postalCode, exactly: false },
        ),
      );
    }
    problems.push(
      ...textProblems([
        [{ label: "customer number" }, customer.number],
        [{ label: "customer name" }, customer.name],
        [{ label: "customer address line 1" }, address?.line1],
        [{ label: "customer address line 2" }, address?.line2],
        [{ label: "customer address line 3" }, address?.line3],
        [{ label: "customer city" }, address?.city],
        [{ label: "customer reference" }, document.customerRef],
        ...document.lines.map((l): [FieldName, string | null] => [
          { label: "line", arg: String(l.lineNumber), then: "description" },
          l.description,
        ]),
        [{ label: "credited invoice" }, creditedInvoices(document).join(", ")],
      ]),
    );
  }
  return problems;
}

function documentNotes(batch: BatchToFormat): DocumentNotes[] {
  const settings = assertEhf(batch.factor);
  return batch.documents.flatMap((document) => noteOf(document, amountsOf(document, settings).notes));
}

function amount(parent: XMLBuilder, name: string, ore: number, currency: string): void {
  parent.ele(name, { currencyID: currency }).txt(oreToDecimalString(ore));
}

function taxCategory(
  parent: XMLBuilder,
  name: string,
  group: {
    category: string;
    percent: string;
    exemptionReason?: string | undefined;
    exemptionReasonCode?: string | undefined;
  },
): void {
  const node = parent.ele(name);
  node.ele("cbc:ID").txt(group.category);
  // BR-O-05 and BR-48: category O (outside the scope of VAT) has no rate.
  if (group.category !== "O") node.ele("cbc:Percent").txt(group.percent);
  if (group.exemptionReasonCode) node.ele("cbc:TaxExemptionReasonCode").txt(group.exemptionReasonCode);
  if (group.exemptionReason) node.ele("cbc:TaxExemptionReason").txt(group.exemptionReason);
  node.ele("cac:TaxScheme").ele("cbc:ID").txt("VAT");
}

function postalAddress(
  parent: XMLBuilder,
  street: string,
  additional: string,
  city: string,
  zip: string,
  country: string,
): void {
  const node = parent.ele("cac:PostalAddress");
  node.ele("cbc:StreetName").txt(street);
  if (additional) node.ele("cbc:AdditionalStreetName").txt(additional);
  node.ele("cbc:CityName").txt(city);
  node.ele("cbc:PostalZone").txt(zip);
  node.ele("cac:Country").ele("cbc:IdentificationCode").txt(country);
}

function supplierParty(root: XMLBuilder, settings: EhfSettings, amounts: EhfAmounts): void {
  const s = settings.supplier;
  const party = root.ele("cac:AccountingSupplierParty").ele("cac:Party");
  party.ele("cbc:EndpointID", { schemeID: NO_ORG_SCHEME }).txt(s.organizationNumber);
  party.ele("cac:PartyName").ele("cbc:Name").txt(s.name);
  postalAddress(party, s.address, "", s.city, s.postalCode, s.countryCode);
  // BR-O-02: a document outside the scope of VAT names no seller VAT identifier.
  if (!amounts.groups.some((g) => g.category === "O")) {
    const vat = party.ele("cac:PartyTaxScheme");
    vat.ele("cbc:CompanyID").txt(`NO${s.organizationNumber}MVA`);
    vat.ele("cac:TaxScheme").ele("cbc:ID").txt("VAT");
  }
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
  const additional = [address.line2, address.line3]
    .map((l) => l?.trim() ?? "")
    .filter((l) => l !== "")
    .join(", ");
  postalAddress(
    party,
    address.line1!.trim(),
    additional,
    address.city!.trim(),
    address.postalCode!.trim(),
    address.countryId!.trim().toUpperCase(),
  );
  const legal = party.ele("cac:PartyLegalEntity");
  legal.ele("cbc:RegistrationName").txt(customer.name.trim());
  legal.ele("cbc:CompanyID", { schemeID: NO_ORG_SCHEME }).txt(org);
}

function payeeParty(root: XMLBuilder, settings: EhfSettings): void {
  const party = root.ele("cac:PayeeParty");
  party.ele("cac:PartyIdentification").ele("cbc:ID", { schemeID: NO_ORG_SCHEME }).txt(settings.payeeOrganizationNumber);
  party.ele("cac:PartyName").ele("cbc:Name").txt(settings.payeeName);
  party
    .ele("cac:PartyLegalEntity")
    .ele("cbc:CompanyID", { schemeID: NO_ORG_SCHEME })
    .txt(settings.payeeOrganizationNumber);
}

function paymentMeans(root: XMLBuilder, document: ArDocument, settings: EhfSettings): void {
  const credit = document.type === "CreditNote";
  const means = root.ele("cac:PaymentMeans");
  means.ele("cbc:PaymentMeansCode").txt("30"); // credit transfer to the factor (ASSUMPTION(A45))
  // BIS 3 CreditNote has no document-level DueDate; BT-9 sits in PaymentMeans/PaymentDueDate there.
  // ASSUMPTION(A31): a credit note without a due date is due on its document date (as in the SGF file),
  // because BR-CO-25 wants a due date or payment terms whenever the amount is positive.
  if (credit) means.ele("cbc:PaymentDueDate").txt(document.dueDate ?? document.documentDate);
  // A KID is a payment instruction; a credit note is not paid with one.
  if (!credit && document.kid?.trim()) means.ele("cbc:PaymentID").txt(document.kid.trim());
  // BR-61: a credit transfer names the account; the factor's is where the balance is settled.
  means.ele("cac:PayeeFinancialAccount").ele("cbc:ID").txt(settings.payeeAccount);
}

/** BG-3: the invoices a credit note credits, when Visma.net links them. */
function billingReferences(root: XMLBuilder, document: ArDocument): void {
  for (const number of creditedInvoices(document)) {
    root.ele("cac:BillingReference").ele("cac:InvoiceDocumentReference").ele("cbc:ID").txt(number);
  }
}

function taxTotal(root: XMLBuilder, document: ArDocument, amounts: EhfAmounts): void {
  const total = root.ele("cac:TaxTotal");
  amount(total, "cbc:TaxAmount", document.vatOre, document.currency);
  for (const group of amounts.groups) {
    const sub = total.ele("cac:TaxSubtotal");
    amount(sub, "cbc:TaxableAmount", group.taxableOre, document.currency);
    amount(sub, "cbc:TaxAmount", group.vatOre, document.currency);
    taxCategory(sub, "cac:TaxCategory", group);
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
    node
      .ele(isCredit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity", { unitCode: line.unitCode })
      .txt(line.quantity);
    amount(node, "cbc:LineExtensionAmount", line.amountOre, document.currency);
    if (line.allowanceOre !== 0) {
      // The line's discount, so that net amount = quantity × price − allowance (PEPPOL-EN16931-R120).
      const allowance = node.ele("cac:AllowanceCharge");
      allowance.ele("cbc:ChargeIndicator").txt("false");
      allowance.ele("cbc:AllowanceChargeReason").txt("Rabatt");
      amount(allowance, "cbc:Amount", line.allowanceOre, document.currency);
    }
    const item = node.ele("cac:Item");
    item.ele("cbc:Name").txt(line.name);
    taxCategory(item, "cac:ClassifiedTaxCategory", { category: line.category, percent: line.percent });
    // Price amounts keep their decimals (BT-146 is not limited to two).
    node.ele("cac:Price").ele("cbc:PriceAmount", { currencyID: document.currency }).txt(line.price);
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
  if (kind === "CreditNote") billingReferences(root, document);
  supplierParty(root, settings, amounts);
  customerParty(root, document, customer);
  payeeParty(root, settings);
  paymentMeans(root, document, settings);
  taxTotal(root, document, amounts);
  monetaryTotal(root, document, amounts);
  documentLines(root, document, amounts);
  const xml = `${root.end({ prettyPrint: true })}\n`;
  // Unreachable when documentProblems() checked every text; guards against invalid XML on the wire.
  const bad = xmlIllegalChar(xml);
  if (bad) throw new Error(`internal error: the XML of ${document.number} holds ${bad}, which XML cannot carry`);
  return xml;
}

export const ehfFormatter: Formatter = {
  problems: documentProblems,

  check(document, customer, factor) {
    return documentProblems(document, customer, factor).map((p) => renderProblem(document, p));
  },

  format(batch: BatchToFormat): OutputFile[] {
    const settings = assertEhf(batch.factor);
    const stem = batchFileStem(batch.tenantId, batch.businessDate, batch.sequence);
    const files: OutputFile[] = [];
    for (const document of batch.documents) {
      const customer = batch.customers.get(document.customer.number);
      const amounts = amountsOf(document, settings);
      throwIfProblems(document, documentProblems(document, customer, batch.factor, amounts));
      const kind = document.type === "CreditNote" ? "CreditNote" : "Invoice";
      const xml = documentXml(document, customer!, settings, amounts);
      files.push({ name: `${stem}_${kind}_${document.number}.xml`, content: Buffer.from(xml, "utf8") });
    }
    return files;
  },

  notes: (batch) => notesInEnglish(documentNotes(batch)),

  fieldNotes: documentNotes,
};
