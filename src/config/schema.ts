/**
 * The tenant file schema: the single source of truth for `tenants/<id>.yaml`.
 * `npm run schema` turns it into schemas/tenant.schema.json (editor completion and checks);
 * `npm run validate` applies it with line-precise messages. Descriptions here become the
 * JSON schema's descriptions and the README's configuration reference, so keep them helpful.
 */
import { z } from "zod";
import { bankAccountProblem, orgNumberProblem } from "../shared/norwegian-numbers.ts";
import { xmlIllegalChar } from "../shared/xml-text.ts";
import { DEFAULT_TIME_ZONE, isValidTimeZone } from "../shared/time.ts";
import { DEFAULT_LANGUAGE, LANGUAGES } from "../shared/language.ts";
import { endpointProblem } from "./endpoints.ts";
import { githubLogin, issueLabel, localFolder, minutesOf, remoteFolder, timeOfDay } from "./safe-fields.ts";
import { ENV_NAME, reservedBy, secretNameProblem } from "./secret-names.ts";
import { TENANT_ID } from "./tenant-id.ts";

/**
 * Secrets are named, never inlined. Names the runner uses are refused here; the tenant prefix
 * (ACME_… in acme.yaml) is checked by the loader, which knows the file name (secret-names.ts).
 */
const envName = (what: string) =>
  z
    .string()
    .regex(ENV_NAME, { message: "expected an environment-variable name such as ACME_SFTP_KEY (A-Z, 0-9, _)" })
    .refine((s) => reservedBy(s) === undefined, { error: (issue) => secretNameProblem(String(issue.input)) })
    .describe(
      `Name of the environment variable (GitHub secret in the tenant's Environment) that holds ${what}. Never the value itself; it starts with the tenant id (ACME_… in acme.yaml).`,
    );

const digits = (what: string) =>
  z
    .string({
      error: (i) => (i.input === undefined ? `required: ${what}` : `expected a string of digits, got ${show(i.input)}`),
    })
    .regex(/^\d+$/, { message: "expected a string of digits" })
    .describe(what);

/** A string that must pass `problem` (null = fine); the message is located by `npm run validate`. */
function checked<T extends z.ZodType<string>>(schema: T, problem: (value: string) => string | null): T {
  return schema.superRefine((value, ctx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", message });
  }) as unknown as T;
}

/** Text that goes into every EHF file of the tenant: XML cannot carry control characters. */
const xmlText = (what: string) =>
  checked(z.string().min(1), (value) => {
    const bad = xmlIllegalChar(value);
    return bad ? `contains ${bad}, which XML cannot carry; remove it` : null;
  }).describe(what);

const url = (what: string) => z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).describe(what);

export const TimeZoneSchema = z
  .string()
  .refine(isValidTimeZone, { message: "expected an IANA time zone such as Europe/Oslo" })
  .describe("IANA time zone for business dates and the transfer window.");

export const VismaSchema = z
  .strictObject({
    tenantId: z
      .string()
      .min(1)
      .describe("Visma Connect tenant id (shown in the Visma App Store after approving the app)."),
    companyId: z
      .string()
      .min(1)
      .optional()
      .describe("Company id, sent as ipp-company-id when one contract holds several companies."),
    clientIdEnv: envName("the Visma Connect client id"),
    clientSecretEnv: envName("the Visma Connect client secret"),
    apiBaseUrl: url("Visma.net ERP API base URL.").default("https://api.finance.visma.net"),
    tokenUrl: url("Visma Connect token endpoint.").default("https://connect.visma.com/connect/token"),
    pageSize: z.int().min(1).max(1000).default(500).describe("Page size asked for; the API may force a smaller one."),
    concurrency: z.int().min(1).max(16).default(4).describe("Parallel API requests at most (closing step)."),
    // --- issue 13: one company, one selection (validate.ts) ---
    sharesCompanyWith: z
      .array(z.string().regex(TENANT_ID, { message: "expected a tenant id (the other file's name without .yaml)" }))
      .default([])
      .describe(
        "Other tenant files on the same Visma.net company. Allowed only when each names the other here and their selection.paymentMethods do not overlap, so no document is selected twice.",
      ),
    // --- issue 13: where the client secret may go (endpoints.ts) ---
    allowCustomEndpoint: z
      .boolean()
      .default(false)
      .describe(
        "Allow apiBaseUrl/tokenUrl outside Visma's hosts (*.visma.net, *.visma.com), e.g. the sandbox. Plain http only to this machine; link-local and private addresses never.",
      ),
  })
  .superRefine((v, ctx) => {
    for (const key of ["apiBaseUrl", "tokenUrl"] as const) {
      const problem = endpointProblem(v[key], v.allowCustomEndpoint);
      if (problem) ctx.addIssue({ code: "custom", path: [key], message: problem, input: v[key] });
    }
  })
  .describe("Visma.net ERP connection.");

export const FACTOR_PRESETS = ["nordea-finance", "sg-finans", "dnb", "sparebank1", "svea", "other"] as const;

export const CSV_COLUMNS = [
  "documentType",
  "documentNumber",
  "customerNumber",
  "customerName",
  "organizationNumber",
  "documentDate",
  "dueDate",
  "currency",
  "amount",
  "vatAmount",
  "kid",
  "customerReference",
  "address",
  "postalCode",
  "city",
  "countryCode",
] as const;

const SgfFormat = z
  .strictObject({
    type: z.literal("sgf").describe("sgf | ehf | csv"),
    customerFile: z
      .enum(["batch", "new"])
      .default("batch")
      .describe("Customer file (.SGK) content: every customer of the batch, or only customers never sent before."),
  })
  .describe("SG Finans / Nordea Finance fixed-width pair: invoice file .SGF and customer file .SGK.");

/** VAT categories of Peppol BIS 3 a 0 % Visma.net VAT code can stand for (S is derived from a rate above 0). */
export const ZERO_RATE_CATEGORIES = ["Z", "E", "O", "G", "K", "AE"] as const;

const VatCategorySetting = z
  .strictObject({
    category: z
      .enum(ZERO_RATE_CATEGORIES)
      .describe(
        "Z zero rated, E exempt, O outside the scope of VAT, G export outside the EEA, K intra-community supply, AE reverse charge.",
      ),
    exemptionReason: xmlText(
      "Exemption reason text (BT-120) written in the VAT breakdown; required for E, O, G, K and AE unless exemptionReasonCode is given.",
    ).optional(),
    exemptionReasonCode: z
      .string()
      .regex(/^VATEX-[A-Z0-9-]+$/, { message: "expected a VATEX code such as VATEX-EU-AE" })
      .optional()
      .describe("Exemption reason code (BT-121) from the VATEX list, e.g. VATEX-EU-AE."),
  })
  .superRefine((v, ctx) => {
    const hasReason = v.exemptionReason !== undefined || v.exemptionReasonCode !== undefined;
    if (v.category === "Z" && hasReason) {
      ctx.addIssue({ code: "custom", message: "category Z must not have an exemption reason (Peppol rule BR-Z-10)" });
    } else if (v.category !== "Z" && !hasReason) {
      const rule = v.category === "K" ? "BR-IC-10" : `BR-${v.category}-10`;
      ctx.addIssue({
        code: "custom",
        message: `category ${v.category} needs exemptionReason (text on the invoice) or exemptionReasonCode (e.g. VATEX-EU-${v.category === "K" ? "IC" : v.category}): Peppol rule ${rule}`,
      });
    }
  })
  .describe("The Peppol VAT category of one 0 % VAT code.");

const EhfFormat = z
  .strictObject({
    type: z.literal("ehf").describe("sgf | ehf | csv"),
    assignmentText: xmlText("The factor's assignment text (overdragelsestekst), put in the document Note."),
    payeeName: xmlText("The factor's legal name (PayeeParty)."),
    payeeOrganizationNumber: checked(
      digits("The factor's organisation number (9 digits, checked with MOD11)."),
      orgNumberProblem,
    ),
    payeeAccount: checked(
      digits("The factor's bank account for payments (11 digits, checked with MOD11)."),
      bankAccountProblem,
    ),
    supplier: z
      .strictObject({
        name: xmlText("The selling company's legal name."),
        organizationNumber: checked(
          digits("The tenant company's organisation number (9 digits, checked with MOD11)."),
          orgNumberProblem,
        ),
        address: xmlText("Street address."),
        postalCode: xmlText("Postal code."),
        city: xmlText("Town."),
        countryCode: z.string().length(2).default("NO").describe("ISO 3166 alpha-2 country code."),
      })
      .describe("The selling company as it appears in AccountingSupplierParty."),
    vatCategories: z
      .record(z.string().min(1), VatCategorySetting)
      .default({})
      .describe(
        'Peppol VAT category per Visma.net VAT code id of a 0 % rate, e.g. { "5": { category: E, exemptionReason: "..." } }. A 0 % code not listed is Z (zero rated); a rate above 0 is always S.',
      ),
  })
  .describe("EHF / Peppol BIS Billing 3.0 (UBL 2.1), one XML document per invoice or credit note.");

const CsvFormat = z
  .strictObject({
    type: z.literal("csv").describe("sgf | ehf | csv"),
    columns: z.array(z.enum(CSV_COLUMNS)).min(1).describe("Columns in order."),
    delimiter: z.enum([";", ",", "\t"]).default(";").describe("Field separator."),
    header: z.boolean().default(true).describe("Write a header row with the column names."),
    decimalSeparator: z.enum([",", "."]).default(",").describe("Decimal separator of amounts."),
    encoding: z.enum(["utf-8", "latin1"]).default("utf-8").describe("Character set of the file."),
    bom: z
      .boolean()
      .default(false)
      .describe("Start a UTF-8 file with a byte-order mark (spreadsheets need it to show æøå)."),
    escapeFormulas: z
      .boolean()
      .default(true)
      .describe(
        "Prefix a cell a spreadsheet would run as a formula (starting with =, +, -, @, also after spaces) with an apostrophe. Amount columns are numbers and never changed. Set false only when the factor imports the file programmatically, where the apostrophe would become part of the value.",
      ),
  })
  .superRefine((csv, ctx) => {
    if (csv.delimiter === csv.decimalSeparator) {
      ctx.addIssue({
        code: "custom",
        path: ["delimiter"],
        message: `"${csv.delimiter}" is also the decimal separator, so every amount would split into two columns; choose delimiter ";" or decimalSeparator "."`,
      });
    }
    if (csv.bom && csv.encoding !== "utf-8") {
      ctx.addIssue({
        code: "custom",
        path: ["bom"],
        message: "a byte-order mark is for UTF-8 files; remove it or use encoding utf-8",
      });
    }
  })
  .describe("CSV with the columns the factor asks for.");

export const FormatSchema = z
  .discriminatedUnion("type", [SgfFormat, EhfFormat, CsvFormat])
  .describe("The factor's file format and its options (by type).");

export const FactorSchema = z
  .strictObject({
    preset: z.enum(FACTOR_PRESETS).describe("The factoring company."),
    name: z.string().min(1).optional().describe("Display name of the factor, for reports."),
    clientNumber: digits(
      "Your client number at the factor, as the factor wrote it: 4 digits at Nordea Finance/SG Finans and in SGF files, 5 at DNB (checked, never padded).",
    ),
    format: FormatSchema,
    kid: z
      .enum(["mod10", "mod11", "none"])
      .default("mod10")
      .describe(
        "Check-digit rule of the KIDs on factored documents; an invoice whose KID fails it is held back (credit notes carry no KID).",
      ),
    currencies: z
      .array(z.string().regex(/^[A-Z]{3}$/))
      .min(1)
      .default(["NOK"])
      .describe("Currencies the factor accepts."),
  })
  .superRefine((factor, ctx) => {
    const problem = clientNumberProblem(factor.preset, factor.format.type, factor.clientNumber);
    if (problem) ctx.addIssue({ code: "custom", path: ["clientNumber"], message: problem });
  })
  .describe("The factoring company and the file format it takes.");

/**
 * Client-number lengths the sources give, so a short number is refused rather than zero-padded
 * into the factor's files (reference §1: Nordea Finance 4 digits, DNB 5; the SGF/SGK layout has 4
 * places for it, §2). ASSUMPTION(A37): SG Finans uses the same 4 digits as Nordea Finance (the same
 * layout). If a factor issues another length, `npm run validate` refuses a correct number: set
 * preset "other" (and, for SGF, confirm the layout with the factor) until this table is fixed.
 */
const CLIENT_NUMBER_DIGITS: Partial<Record<(typeof FACTOR_PRESETS)[number], number>> = {
  "nordea-finance": 4,
  "sg-finans": 4,
  dnb: 5,
};
const SGF_CLIENT_NUMBER_DIGITS = 4;

function clientNumberProblem(
  preset: (typeof FACTOR_PRESETS)[number],
  format: string,
  clientNumber: string,
): string | null {
  const digits = CLIENT_NUMBER_DIGITS[preset];
  if (digits !== undefined && clientNumber.length !== digits)
    return `${preset} client numbers have ${digits} digits, got "${clientNumber}"`;
  if (format === "sgf" && clientNumber.length !== SGF_CLIENT_NUMBER_DIGITS) {
    return `the SGF/SGK layout holds a client number of ${SGF_CLIENT_NUMBER_DIGITS} digits, got "${clientNumber}"`;
  }
  return null;
}

const SftpDelivery = z
  .strictObject({
    type: z.literal("sftp").describe("sftp | local"),
    host: z.string().min(1).describe("SFTP server host name given by the factor."),
    port: z.int().min(1).max(65535).default(22).describe("SFTP port."),
    username: z.string().min(1).describe("SFTP user name."),
    privateKeyEnv: envName("the SSH private key (OpenSSH/PEM text)").optional(),
    passphraseEnv: envName("the private key's passphrase").optional(),
    passwordEnv: envName("the SFTP password").optional(),
    hostKeySha256: z
      .string({
        error: (i) =>
          i.input === undefined
            ? "required: the server's host key fingerprint, e.g. SHA256:abc… (ssh-keyscan HOST | ssh-keygen -lf -)"
            : "expected a string",
      })
      .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, {
        message: "expected an OpenSSH SHA256 fingerprint such as SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",
      })
      .describe("The server's host key fingerprint; nothing is sent when the server presents another key."),
    remoteDir: remoteFolder
      .default("/")
      .describe('Folder on the server to upload into (no ".."; normalised, e.g. /inbox).'),
    timeoutSeconds: z.int().min(1).max(600).default(30).describe("Connection and operation timeout."),
  })
  .refine((d) => (d.privateKeyEnv ? 1 : 0) + (d.passwordEnv ? 1 : 0) === 1, {
    message: "name exactly one of privateKeyEnv or passwordEnv",
  })
  .describe("Upload over SFTP (the normal way).");

const LocalDelivery = z
  .strictObject({
    type: z.literal("local").describe("sftp | local"),
    directory: localFolder.describe(
      'Folder to write the files into (demo, tests, or a mounted share); no "..", never inside .git or the repository\'s own folders.',
    ),
  })
  .describe("Write files into a local folder.");

export const DeliverySchema = z
  .discriminatedUnion("type", [SftpDelivery, LocalDelivery])
  .describe("How the files reach the factor.");

export const SelectionSchema = z
  .strictObject({
    paymentMethods: z
      .array(z.string().min(1))
      .default([])
      .describe("Payment method ids that mark a document for factoring; empty = every document."),
    maxInvoiceAgeDays: z
      .int()
      .min(1)
      .max(365)
      .default(30)
      .describe("Documents dated further back are not transferred; they are listed for a human."),
    documentTypes: z
      .array(z.enum(["Invoice", "CreditNote"]))
      .min(1)
      .default(["Invoice", "CreditNote"])
      .describe("Document types transferred (and closed)."),
  })
  .default({ paymentMethods: [], maxInvoiceAgeDays: 30, documentTypes: ["Invoice", "CreditNote"] })
  .describe("Which documents are transferred.");

export const TransferSchema = z
  .strictObject({
    window: z
      .strictObject({
        start: timeOfDay.default("15:30").describe("Start of the window, HH:mm local time."),
        end: timeOfDay.default("16:30").describe("End of the window (exclusive), HH:mm local time."),
      })
      // Compared only when both times are valid: a bad time has its own message, and must not throw here.
      .refine(
        (w) => {
          const [start, end] = [minutesOf(w.start), minutesOf(w.end)];
          return start === undefined || end === undefined || start < end;
        },
        { message: "window.start must be before window.end" },
      )
      .default({ start: "15:30", end: "16:30" })
      .describe("The scheduled transfer only works inside this window; --force overrides it."),
  })
  .default({ window: { start: "15:30", end: "16:30" } })
  .describe("When the daily transfer runs (local time of the tenant).");

export const ClosingSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Post closing payments at all (false: transfer only)."),
    delayHours: z
      .int()
      .min(0)
      .max(24 * 14)
      .default(24)
      .describe("Hours after the transfer before payments/refunds are posted."),
    cashAccount: digits('Cash account of the factoring receivable, e.g. "1510" (Fordringer factoring).'),
    cashAccounts: z
      .record(z.string(), digits("Cash account for documents in this currency."))
      .superRefine((accounts, ctx) => {
        // Checked here rather than by the record's key schema, whose message cannot name the fix.
        for (const currency of Object.keys(accounts)) {
          if (!/^[A-Z]{3}$/.test(currency))
            ctx.addIssue({
              code: "custom",
              path: [currency],
              message: `"${currency}" is not a currency code: use three capital letters such as EUR`,
            });
        }
      })
      .optional()
      .describe(
        'Cash account per document currency, e.g. { EUR: "1511" }. A payment takes the currency of its cash account, so each currency in factor.currencies other than the account\'s own needs one here; a currency not listed uses cashAccount. `npm run doctor` checks each.',
      ),
    paymentMethod: z.string().min(1).describe("Payment method id used on the closing payments and refunds."),
    grouping: z
      .enum(["perDocument", "perCustomer"])
      .default("perDocument")
      .describe("One payment per invoice, or one payment per customer and batch applying several invoices."),
  })
  .describe("Closing: customer payments against invoices and refunds against credit notes.");

export const ReportingSchema = z
  .strictObject({
    labels: z
      .array(issueLabel)
      .default(["factoring"])
      .describe("Labels added to the GitHub issues of this tenant (not factoring:* or tenant:*, no commas)."),
    assignees: z.array(githubLogin).default([]).describe("GitHub users assigned to those issues."),
    language: z
      .enum(LANGUAGES)
      .default(DEFAULT_LANGUAGE)
      .describe(
        "The language of the run summaries, the issues and the attention list: en (English) or nb (Norwegian bokmål). Amounts are written 47 210,00 NOK and times in timeZone either way; `--language` on `npm run report` and `npm run demo` overrides it for that run (docs/operations.md, Language).",
      ),
  })
  .default({ labels: ["factoring"], assignees: [], language: DEFAULT_LANGUAGE })
  .describe("Where problems are reported, and in which language.");

export const TenantSchema = z
  .strictObject({
    name: z.string().min(1).describe("Display name of the client company."),
    enabled: z
      .boolean()
      .default(true)
      .describe(
        "false keeps the tenant out of scheduled runs (e.g. the demo tenant); an explicit --tenant still runs it.",
      ),
    timeZone: TimeZoneSchema.default(DEFAULT_TIME_ZONE),
    visma: VismaSchema,
    factor: FactorSchema,
    delivery: DeliverySchema,
    selection: SelectionSchema,
    transfer: TransferSchema,
    closing: ClosingSchema,
    reporting: ReportingSchema,
  })
  .describe("One client company whose invoices are sold to a factoring company.");

export type TenantInput = z.input<typeof TenantSchema>;
export type TenantSettings = z.output<typeof TenantSchema>;
export type FormatSettings = TenantSettings["factor"]["format"];
export type DeliverySettings = TenantSettings["delivery"];
export type SftpSettings = Extract<DeliverySettings, { type: "sftp" }>;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** A loaded tenant: the file's settings plus where it came from. */
export interface Tenant extends TenantSettings {
  id: string;
  file: string;
}

export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object" && value !== null) return Array.isArray(value) ? "a list" : "a mapping";
  return String(value);
}
