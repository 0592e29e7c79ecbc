/**
 * The Peppol BIS Billing 3 rules an EHF file from this product must pass that can be checked
 * without the official Schematron: required elements, sums and tolerances, VAT categories and
 * code lists, organisation numbers. Written from the rule texts (CEN EN 16931 UBL rules, PEPPOL
 * EN16931 rules, Norwegian rules), independently of src/format, so a regression in the product
 * fails here. Each finding starts with the rule id.
 */
import { UNIT_CODES_REC20 } from "../../src/format/unit-codes.ts";
import { all, CAC, CBC, descendants, kids, type El, text } from "./xml.ts";

/** Decimal text → exact hundredths (BigInt), or null when it has more than two decimals. */
function cents(value: string): bigint | null {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m) return null;
  const v = BigInt(m[2]!) * 100n + BigInt((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -v : v;
}

/** Decimal text → { units, scale } exact. */
function dec(value: string): { units: bigint; scale: number } {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) throw new Error(`not a decimal: ${JSON.stringify(value)}`);
  const units = BigInt(m[2]! + (m[3] ?? ""));
  return { units: m[1] ? -units : units, scale: (m[3] ?? "").length };
}

/** Norwegian organisation number MOD11 (weights 3 2 7 6 5 4 3 2; 11 → 0; 10 → invalid). */
export function validOrgNumber(n: string): boolean {
  if (!/^\d{9}$/.test(n)) return false;
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((s, w, i) => s + w * Number(n[i]), 0);
  const check = 11 - (sum % 11);
  return check !== 10 && (check === 11 ? 0 : check) === Number(n[8]);
}

const one = (parent: El, prefix: "cac" | "cbc", name: string) => kids(parent, prefix === "cac" ? CAC : CBC, name);
const value = (parent: El, steps: string): string | undefined => {
  const found = all(parent, steps);
  return found.length === 1 ? text(found[0]!) : undefined;
};

const ZERO_CATEGORIES = new Set(["Z", "E", "AE", "G", "K"]);
const NEEDS_REASON = new Set(["E", "AE", "G", "K", "O"]);

export function peppolProblems(root: El): string[] {
  const problems: string[] = [];
  const fail = (rule: string, message: string) => problems.push(`${rule}: ${message}`);
  const isCredit = root.localName === "CreditNote";
  const lineName = isCredit ? "cac:CreditNoteLine" : "cac:InvoiceLine";
  const qtyName = isCredit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity";
  const currency = value(root, "cbc:DocumentCurrencyCode");

  // --- required elements --------------------------------------------------------------
  const required = [
    "cbc:CustomizationID",
    "cbc:ProfileID",
    "cbc:ID",
    "cbc:IssueDate",
    isCredit ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode",
    "cbc:DocumentCurrencyCode",
    "cac:AccountingSupplierParty/cac:Party/cbc:EndpointID",
    "cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode",
    "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName",
    "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID",
    "cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode",
    "cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName",
    "cac:LegalMonetaryTotal/cbc:LineExtensionAmount",
    "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount",
    "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount",
    "cac:LegalMonetaryTotal/cbc:PayableAmount",
  ];
  for (const steps of required)
    if (value(root, steps) === undefined) fail("BR-01..16", `exactly one ${steps} required`);
  if (
    value(root, "cbc:CustomizationID") !== "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
  )
    fail("PEPPOL-EN16931-R004", "CustomizationID");
  if (value(root, "cbc:ProfileID") !== "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0")
    fail("PEPPOL-EN16931-R007", "ProfileID");
  if (!isCredit && value(root, "cbc:InvoiceTypeCode") !== "380") fail("PEPPOL-EN16931-P0100", "invoice type code");
  if (isCredit && value(root, "cbc:CreditNoteTypeCode") !== "381")
    fail("PEPPOL-EN16931-P0101", "credit note type code");
  if (!value(root, "cbc:BuyerReference")) fail("PEPPOL-EN16931-R003", "buyer reference missing");
  if (one(root, "cbc", "Note").length > 1) fail("PEPPOL-EN16931-R002", "more than one document note");
  for (const el of descendants(root)) {
    if (
      el.childNodes.length === 0 ||
      (text(el).trim() === "" && !Array.from(el.childNodes).some((c) => c.nodeType === 1))
    ) {
      fail("PEPPOL-EN16931-R008", `empty element ${el.localName}`);
    }
    if (/Date$/.test(el.localName) && !/^\d{4}-\d{2}-\d{2}$/.test(text(el)))
      fail("PEPPOL-EN16931-F001", `${el.localName} ${text(el)}`);
    const cur = el.getAttribute("currencyID");
    if (cur !== null) {
      if (cur !== currency) fail("BR-CL-04/PEPPOL-EN16931-R051", `${el.localName} in ${cur}, document in ${currency}`);
      if (el.localName !== "PriceAmount" && el.localName !== "BaseAmount" && cents(text(el)) === null) {
        fail("BR-DEC", `${el.localName} ${text(el)} has more than two decimals`);
      }
    }
    if (el.getAttribute("schemeID") === "0192" && !validOrgNumber(text(el)))
      fail("PEPPOL-COMMON-R041", `${el.localName} ${text(el)}`);
    const uc = el.getAttribute("unitCode");
    if (uc !== null && !UNIT_CODES_REC20.has(uc)) fail("BR-CL-23", `unit code ${uc}`);
  }
  if (!currency || !/^[A-Z]{3}$/.test(currency)) fail("BR-CL-04", `currency ${currency}`);
  for (const country of all(
    root,
    "cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode",
  ).concat(all(root, "cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode"))) {
    if (!/^[A-Z]{2}$/.test(text(country))) fail("BR-CL-14", `country ${text(country)}`);
  }

  // --- seller VAT identifier (NO-R-001) ------------------------------------------------
  const supplier = all(root, "cac:AccountingSupplierParty/cac:Party")[0];
  const sellerVat = supplier
    ? all(supplier, "cac:PartyTaxScheme")
        .filter((p) => value(p, "cac:TaxScheme/cbc:ID") === "VAT")
        .map((p) => value(p, "cbc:CompanyID") ?? "")
    : [];
  for (const vat of sellerVat) {
    const m = /^NO(\d{9})MVA$/.exec(vat);
    if (!m || !validOrgNumber(m[1]!)) fail("NO-R-001", `seller VAT identifier ${vat}`);
  }

  // --- lines: R120, BR-27, units ---------------------------------------------------------
  const lines = all(root, lineName);
  if (lines.length === 0) fail("BR-16", "no lines");
  const lineNet = new Map<string, bigint>(); // category|percent → Σ line net in cents
  let lineSum = 0n;
  const categoriesUsed = new Set<string>();
  for (const l of lines) {
    const id = value(l, "cbc:ID") ?? "?";
    const qtyEl = all(l, qtyName)[0];
    const net = cents(value(l, "cbc:LineExtensionAmount") ?? "x");
    const price = value(l, "cac:Price/cbc:PriceAmount");
    const category = value(l, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID");
    const percentText = value(l, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent");
    if (!qtyEl || !qtyEl.getAttribute("unitCode")) fail("BR-23/BR-22", `line ${id} quantity and unit`);
    if (!value(l, "cac:Item/cbc:Name")) fail("BR-25", `line ${id} item name`);
    if (net === null || price === undefined || !category || !qtyEl) {
      fail("BR-24/BR-26/BR-CO-04", `line ${id} net amount, price or VAT category missing`);
      continue;
    }
    if (price.startsWith("-")) fail("BR-27", `line ${id} price ${price} is negative`);
    // R120: net = qty × price + charges − allowances, within 0.02.
    const q = dec(text(qtyEl));
    const p = dec(price);
    const scale = BigInt(q.scale + p.scale);
    let adjust = 0n;
    for (const ac of one(l, "cac", "AllowanceCharge")) {
      const amount = cents(value(ac, "cbc:Amount") ?? "x") ?? 0n;
      const indicator = value(ac, "cbc:ChargeIndicator");
      if (indicator !== "true" && indicator !== "false") fail("PEPPOL-EN16931-R043", `line ${id} charge indicator`);
      if (!value(ac, "cbc:AllowanceChargeReason") && !value(ac, "cbc:AllowanceChargeReasonCode"))
        fail("BR-42/BR-44", `line ${id} reason`);
      adjust += indicator === "true" ? amount : -amount;
    }
    // (qty × price) in cents × 10^scale, compared with (net − adjust) × 10^scale, slack 2 cents.
    const gross = q.units * p.units * 100n;
    const target = (net - adjust) * 10n ** scale;
    const diff = gross > target ? gross - target : target - gross;
    if (diff > 2n * 10n ** scale)
      fail(
        "PEPPOL-EN16931-R120",
        `line ${id}: ${text(qtyEl)} × ${price} ${adjust === 0n ? "" : `${adjust > 0n ? "+" : "−"} adjustments `}≠ ${value(l, "cbc:LineExtensionAmount")}`,
      );
    // Line VAT category rules BR-x-05.
    if (category === "S" && !(percentText !== undefined && dec(percentText).units > 0n))
      fail("BR-S-05", `line ${id} S without rate above 0`);
    if (ZERO_CATEGORIES.has(category) && (percentText === undefined || dec(percentText).units !== 0n))
      fail(`BR-${category}-05`, `line ${id} rate must be 0`);
    if (category === "O" && percentText !== undefined) fail("BR-O-05", `line ${id} O with a rate`);
    const key = `${category}|${percentText === undefined ? "" : normalisePercent(percentText)}`;
    lineNet.set(key, (lineNet.get(key) ?? 0n) + net);
    lineSum += net;
    categoriesUsed.add(category);
  }

  // --- VAT breakdown: BR-CO-14, BR-CO-17, BR-x-08/09/10 ------------------------------------
  const taxTotals = one(root, "cac", "TaxTotal").filter((t) => one(t, "cac", "TaxSubtotal").length > 0);
  if (taxTotals.length !== 1) fail("PEPPOL-EN16931-R053", `${taxTotals.length} TaxTotal elements with subtotals`);
  const taxTotal = taxTotals[0];
  let vatSum = 0n;
  const seen = new Set<string>();
  for (const st of taxTotal ? one(taxTotal, "cac", "TaxSubtotal") : []) {
    const taxable = cents(value(st, "cbc:TaxableAmount") ?? "x");
    const tax = cents(value(st, "cbc:TaxAmount") ?? "x");
    const category = value(st, "cac:TaxCategory/cbc:ID") ?? "?";
    const percentText = value(st, "cac:TaxCategory/cbc:Percent");
    const key = `${category}|${percentText === undefined ? "" : normalisePercent(percentText)}`;
    if (taxable === null || tax === null) {
      fail("BR-45/BR-46", `${key} amounts`);
      continue;
    }
    if (seen.has(key)) fail("BR-CO-18", `two breakdown rows for ${key}`);
    seen.add(key);
    vatSum += tax;
    const reasons = [
      ...all(st, "cac:TaxCategory/cbc:TaxExemptionReason"),
      ...all(st, "cac:TaxCategory/cbc:TaxExemptionReasonCode"),
    ];
    if (NEEDS_REASON.has(category) && reasons.length === 0)
      fail(`BR-${category}-10`, `${key} without exemption reason`);
    if ((category === "S" || category === "Z") && reasons.length > 0)
      fail(`BR-${category}-10`, `${key} with an exemption reason`);
    if ((lineNet.get(key) ?? null) !== taxable)
      fail(`BR-${category}-08`, `${key}: taxable ${taxable} ≠ Σ lines ${lineNet.get(key) ?? "none"}`);
    if (category === "S") {
      const p = dec(percentText ?? "0");
      // round(taxable × percent / 100) in cents, half up on the magnitude
      const num = (taxable < 0n ? -taxable : taxable) * p.units;
      const den = 100n * 10n ** BigInt(p.scale);
      const expected = (num * 2n + den) / (2n * den);
      const magnitude = tax < 0n ? -tax : tax;
      const gap = magnitude > expected ? magnitude - expected : expected - magnitude;
      if (gap >= 100n) fail("BR-CO-17/BR-S-09", `${key}: VAT ${tax} vs ${expected} expected`);
    } else if (tax !== 0n) {
      fail(`BR-${category}-09`, `${key}: VAT must be 0, is ${tax}`);
    }
  }
  for (const key of lineNet.keys())
    if (!seen.has(key)) fail("BR-CO-18/BR-x-08", `lines at ${key} have no VAT breakdown row`);
  if (taxTotal && cents(value(taxTotal, "cbc:TaxAmount") ?? "x") !== vatSum)
    fail("BR-CO-14", `TaxAmount ≠ Σ subtotals ${vatSum}`);

  // Seller VAT identifier per category (BR-x-02), O alone (BR-O-11..14).
  for (const category of categoriesUsed) {
    if (category === "O" ? sellerVat.length > 0 : sellerVat.length === 0)
      fail(`BR-${category}-02`, "seller VAT identifier");
  }
  if (categoriesUsed.has("O") && categoriesUsed.size > 1) fail("BR-O-11", "O mixed with other categories");
  if (categoriesUsed.has("AE")) {
    const buyer = all(root, "cac:AccountingCustomerParty/cac:Party")[0]!;
    if (
      all(buyer, "cac:PartyLegalEntity/cbc:CompanyID").length === 0 &&
      all(buyer, "cac:PartyTaxScheme/cbc:CompanyID").length === 0
    )
      fail("BR-AE-02", "buyer identifier");
  }

  // --- document totals: BR-CO-10/13/15/16, BR-CO-25, BR-61 ----------------------------------
  const total = (name: string) => cents(value(root, `cac:LegalMonetaryTotal/cbc:${name}`) ?? "x");
  const vat = taxTotal ? cents(value(taxTotal, "cbc:TaxAmount") ?? "x") : null;
  if (total("LineExtensionAmount") !== lineSum) fail("BR-CO-10", `LineExtensionAmount ≠ Σ lines ${lineSum}`);
  if (total("TaxExclusiveAmount") !== lineSum) fail("BR-CO-13", "TaxExclusiveAmount");
  if (vat === null || total("TaxInclusiveAmount") !== (total("TaxExclusiveAmount") ?? 0n) + vat)
    fail("BR-CO-15", "TaxInclusiveAmount");
  if (total("PayableAmount") !== total("TaxInclusiveAmount")) fail("BR-CO-16", "PayableAmount");
  const payable = total("PayableAmount") ?? 0n;
  const dueDate = isCredit ? value(root, "cac:PaymentMeans/cbc:PaymentDueDate") : value(root, "cbc:DueDate");
  if (payable > 0n && !dueDate && all(root, "cac:PaymentTerms/cbc:Note").length === 0)
    fail("BR-CO-25", "payment due date or terms");
  for (const means of one(root, "cac", "PaymentMeans")) {
    const code = value(means, "cbc:PaymentMeansCode");
    if ((code === "30" || code === "58") && !value(means, "cac:PayeeFinancialAccount/cbc:ID"))
      fail("BR-61", "credit transfer without account");
  }
  return problems;
}

function normalisePercent(p: string): string {
  const { units, scale } = dec(p);
  let t = units.toString().padStart(scale + 1, "0");
  if (scale > 0) t = `${t.slice(0, -scale)}.${t.slice(-scale)}`.replace(/0+$/, "").replace(/\.$/, "");
  return t;
}
