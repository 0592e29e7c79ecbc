/**
 * `npm run validate` on the factor's format settings: every value that would make each file of
 * the tenant wrong is refused with file:line:col before any run.
 */
import { describe, expect, it } from "vitest";
import { parseTenantText } from "../../src/config/load.ts";
import { formatProblem } from "../../src/config/problems.ts";

const FILE = "tenants/acme.yaml";

/** A valid tenant file whose `factor:` block is replaced by `factor` (YAML text, indented 2). */
function tenantText(factor: string): string {
  return `# yaml-language-server: $schema=../schemas/tenant.schema.json
name: Acme Bygg AS
visma:
  tenantId: 7f3c1b2a-0000-4000-8000-000000000001
  clientIdEnv: ACME_VISMA_CLIENT_ID
  clientSecretEnv: ACME_VISMA_CLIENT_SECRET
factor:
${factor}
delivery:
  type: local
  directory: out
closing:
  cashAccount: "1510"
  paymentMethod: FACTORING
`;
}

function messages(factor: string): string[] {
  return parseTenantText(FILE, tenantText(factor)).problems.map(formatProblem);
}

const ehf = (supplierOrg = "998877660", payeeOrg = "920058817", account = "60010512347", extra = "") => `  preset: other
  clientNumber: "1234"
  format:
    type: ehf
    assignmentText: "Fordringen er overdratt til Factor AS."
    payeeName: Factor AS
    payeeOrganizationNumber: "${payeeOrg}"
    payeeAccount: "${account}"
    supplier:
      name: Acme Bygg AS
      organizationNumber: "${supplierOrg}"
      address: Verkstedveien 3
      postalCode: "0484"
      city: Oslo${extra}`;

describe("EHF settings", () => {
  it("accepts a valid EHF block", () => {
    expect(messages(ehf())).toEqual([]);
  });

  it("checks the tenant's and the payee's organisation numbers with MOD11 (one typo would make every file invalid)", () => {
    expect(messages(ehf("998877665", "920058818"))).toEqual([
      `${FILE}:14:30 factor.format.payeeOrganizationNumber: fails the organisation-number check digit (MOD11): the last digit should be 7, got "920058818"`,
      `${FILE}:18:27 factor.format.supplier.organizationNumber: fails the organisation-number check digit (MOD11): the last digit should be 0, got "998877665"`,
    ]);
    expect(messages(ehf("99887766"))).toEqual([
      `${FILE}:18:27 factor.format.supplier.organizationNumber: is not 9 digits, got "99887766"`,
    ]);
  });

  it("checks the factor's account number with MOD11 (a typo would send the customers' payments astray)", () => {
    expect(messages(ehf(undefined, undefined, "60010512345"))).toEqual([
      `${FILE}:15:19 factor.format.payeeAccount: fails the account-number check digit (MOD11): the last digit should be 7, got "60010512345"`,
    ]);
  });

  it("refuses characters XML cannot carry in the texts that go into every file", () => {
    const text = ehf().replace(
      'assignmentText: "Fordringen er overdratt til Factor AS."',
      'assignmentText: "Fordringen er overdratt\\u0007 til Factor AS."',
    );
    expect(messages(text)).toEqual([
      `${FILE}:12:21 factor.format.assignmentText: contains U+0007, which XML cannot carry; remove it, got "Fordringen er overdratt\\u0007 til Factor AS."`,
    ]);
  });

  it("VAT categories: exemption reason required for E, O, G, K, AE and not allowed for Z", () => {
    const mapping = `
    vatCategories:
      "5": { category: E }
      "6": { category: Z, exemptionReason: "Nullsats" }
      "7": { category: AE, exemptionReasonCode: VATEX-EU-AE }
      "8": { category: S }`;
    expect(messages(ehf(undefined, undefined, undefined, mapping))).toEqual([
      `${FILE}:23:12 factor.format.vatCategories.5: category E needs exemptionReason (text on the invoice) or exemptionReasonCode (e.g. VATEX-EU-E): Peppol rule BR-E-10`,
      `${FILE}:24:12 factor.format.vatCategories.6: category Z must not have an exemption reason (Peppol rule BR-Z-10)`,
      `${FILE}:26:24 factor.format.vatCategories.8.category: expected one of Z, E, O, G, K, AE, got "S"`,
    ]);
  });
});

describe("client number", () => {
  it("has the length of the preset, never padded silently", () => {
    expect(
      messages(`  preset: nordea-finance\n  clientNumber: "123"\n  format: { type: csv, columns: [documentNumber] }`),
    ).toEqual([`${FILE}:9:17 factor.clientNumber: nordea-finance client numbers have 4 digits, got "123"`]);
    expect(
      messages(`  preset: dnb\n  clientNumber: "1234"\n  format: { type: csv, columns: [documentNumber] }`),
    ).toEqual([`${FILE}:9:17 factor.clientNumber: dnb client numbers have 5 digits, got "1234"`]);
    expect(messages(`  preset: other\n  clientNumber: "12345"\n  format: { type: sgf }`)).toEqual([
      `${FILE}:9:17 factor.clientNumber: the SGF/SGK layout holds a client number of 4 digits, got "12345"`,
    ]);
    expect(
      messages(`  preset: other\n  clientNumber: "123456"\n  format: { type: csv, columns: [documentNumber] }`),
    ).toEqual([]);
  });
});

describe("CSV settings", () => {
  it("refuses a delimiter equal to the decimal separator", () => {
    expect(
      messages(
        `  preset: other\n  clientNumber: "5678"\n  format:\n    type: csv\n    columns: [documentNumber, amount]\n    delimiter: ","`,
      ),
    ).toEqual([
      `${FILE}:13:16 factor.format.delimiter: "," is also the decimal separator, so every amount would split into two columns; choose delimiter ";" or decimalSeparator "."`,
    ]);
  });

  it("a byte-order mark only for UTF-8", () => {
    expect(
      messages(
        `  preset: other\n  clientNumber: "5678"\n  format:\n    type: csv\n    columns: [documentNumber]\n    encoding: latin1\n    bom: true`,
      ),
    ).toEqual([
      `${FILE}:14:10 factor.format.bom: a byte-order mark is for UTF-8 files; remove it or use encoding utf-8`,
    ]);
  });
});
