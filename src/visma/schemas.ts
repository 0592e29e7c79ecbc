/**
 * zod schemas of the Visma.net DTOs the product reads (reference §3.4, §4, §5). They check the
 * fields we use and let everything else through: extra fields are ignored, and every field is
 * `nullish` unless the product cannot do without it. Every field named here exists, with this
 * type, in Visma's published contract (test/contract/product.test.ts checks it against
 * visma-contract.json). They only check (no transform, default or catch), so a list element they
 * accept is read by normalise.ts as it came (accepts below). Amounts are JSON numbers or decimal
 * text here; that they are exact money (no fractions of an øre) is checked by their conversion to
 * øre in normalise.ts, which every amount read here goes through.
 */
import { z } from "zod";

/** `2023-12-31T00:00:00`, `2025-01-27T10:46:10.777`, RFC 3339 with offset, or a bare date. */
const VISMA_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const text = z.string();
const optText = z.string().nullish();
const optBool = z.boolean().nullish();

const dateText = z
  .string()
  .regex(VISMA_DATE, { message: 'expected a date such as "2023-12-31T00:00:00" or "2025-01-27T10:46:10.777+01:00"' });

const decimalText = /^-?\d+(?:\.\d+)?$/;

/**
 * A money amount: JSON number or decimal string. That it is exact money (at most two significant
 * decimals) is checked where it is converted to øre (normalise.ts, toOre), which names the field
 * as a parse issue would: every amount read here is converted there.
 */
const amount = z.union([z.number(), z.string()]);

/** A decimal that is not money (quantity, rate, unit price): any precision, no exponent. */
const decimal = z.union([z.number().finite(), z.string().regex(decimalText, { message: "expected a decimal number" })]);

/**
 * A reference to another record ({id, description} in the contract): only its id is read, so only
 * the id is checked; a description of another shape must not hold a document back.
 */
const idRef = z.object({ id: optText }).nullish();

const AddressDto = z
  .object({
    addressLine1: optText,
    addressLine2: optText,
    addressLine3: optText,
    postalCode: optText,
    city: optText,
    country: z.object({ id: optText, name: optText }).nullish(),
  })
  .nullish();

const DocumentLineDto = z.object({
  lineNumber: z.number().int().nullish(),
  description: optText,
  quantity: decimal.nullish(),
  unitPrice: decimal.nullish(),
  amount: amount.nullish(),
  vatCode: idRef,
  uom: optText,
});

const TaxDetailDto = z.object({
  taxId: optText,
  // The contract's vatIdInTaxDetailDto {number, description}; older answers carried the id as text.
  vatId: z.union([text, z.object({ number: optText })]).nullish(),
  vatRate: decimal.nullish(),
  taxableAmount: amount.nullish(),
  vatAmount: amount.nullish(),
});

const ApplicationDto = z.object({
  docType: optText,
  refNbr: text,
  amountPaid: amount.nullish(),
  paymentRef: optText,
  status: optText,
  released: optBool,
});

/** CustomerInvoiceDto and CustomerCreditNoteDto share the header; lines differ (see normalise). */
export const DocumentDto = z.object({
  referenceNumber: text.min(1),
  documentType: optText,
  status: text.min(1),
  hold: optBool,
  customer: z.object({ number: text.min(1), name: optText }),
  documentDate: dateText,
  documentDueDate: dateText.nullish(),
  createdDateTime: dateText.nullish(),
  lastModifiedDateTime: dateText.nullish(),
  currencyId: text.min(1),
  // The document's own figures in currencyId; the …InCurrency fields (company currency) are not read.
  amount: amount.nullish(),
  balance: amount.nullish(),
  vatTotal: amount.nullish(),
  paymentMethod: idRef,
  paymentReference: optText,
  customerRefNumber: optText,
  externalReference: optText,
  invoiceText: optText,
  sendToAutoInvoice: optBool,
  creditTerms: idRef,
  invoiceAddress: AddressDto,
  invoiceLines: z.array(DocumentLineDto).nullish(),
  lines: z.array(DocumentLineDto).nullish(),
  taxDetails: z.array(TaxDetailDto).nullish(),
  applications: z.array(ApplicationDto).nullish(),
});
export type DocumentDto = z.infer<typeof DocumentDto>;

const contact = z.object({ name: optText, attention: optText, email: optText, phone1: optText }).nullish();

export const CustomerDto = z.object({
  number: text.min(1),
  name: text,
  status: optText,
  corporateId: optText,
  vatRegistrationId: optText,
  currencyId: optText,
  mainAddress: AddressDto,
  invoiceAddress: AddressDto,
  mainContact: contact,
  invoiceContact: contact,
  defaultPaymentMethodId: optText,
  paymentMethods: z.array(z.object({ paymentMethodId: optText, isDefault: optBool })).nullish(),
  acceptAutoInvoices: optBool,
  createdDateTime: dateText.nullish(),
  lastModifiedDateTime: dateText.nullish(),
});
export type CustomerDto = z.infer<typeof CustomerDto>;

export const PaymentMethodDto = z.object({
  paymentMethodID: optText,
  description: optText,
  active: optBool,
  meansOfPayment: optText,
});
export type PaymentMethodDto = z.infer<typeof PaymentMethodDto>;

export const CashAccountDto = z.object({
  number: text.min(1),
  description: optText,
  currency: optText,
});
export type CashAccountDto = z.infer<typeof CashAccountDto>;

/** Any document type of the contract's enum (the closing itself only looks for Invoice and CreditNote). */
const PaymentLineDto = z.object({
  documentType: text.min(1),
  refNbr: text.min(1),
  amountPaid: amount,
});

/** Strict enough for the closing to trust a payment that is its own; see MalformedElement.readable for the rest. */
export const PaymentDto = z.object({
  type: text.min(1),
  refNbr: text.min(1),
  status: text.min(1),
  hold: optBool,
  customer: z.object({ number: text.min(1), name: optText }),
  paymentRef: optText,
  applicationDate: dateText.nullish(),
  paymentAmount: amount,
  currency: text.min(1),
  cashAccount: optText,
  paymentMethod: idRef,
  paymentLines: z.array(PaymentLineDto).nullish(),
});
export type PaymentDto = z.infer<typeof PaymentDto>;

/**
 * The paging data inside every list element (reference §3.3). A count that is not a whole number
 * of 0 or more reads as unknown (null), field by field: paging then trusts what it sees.
 */
const count = z.int().nonnegative().nullish().catch(null);
export const MetadataDto = z.object({ totalCount: count, maxPageSize: count });

/** The answer of POST …/action/release. */
export const ActionResultDto = z.object({
  actionId: optText,
  actionResult: optText,
  errorInfo: z.unknown().optional(),
});

/** Per schema, made when first used: its compiled check, or null when it builds a value of its own. */
const compiled = new WeakMap<z.ZodType, z.ZodType | null>();

/**
 * Whether `schema` accepts `value` AS IT IS: then the caller reads the value itself, not a parse
 * output. Through zod's compiled check (z.compile with z.validate) no copy of the element is
 * built, and a transfer checks thousands of list elements at a fraction of the runtime parser's
 * cost (issue 16). An element it refuses goes through safeParse for the issues, which the runtime
 * parser words as ever. A schema that builds anything (buildsValue) is never answered here: its
 * parse output is what must be read, so the caller always parses.
 */
export function accepts(schema: z.ZodType, value: unknown): boolean {
  let check = compiled.get(schema);
  if (check === undefined) {
    check = buildsValue(schema).length > 0 ? null : z.compile(schema);
    compiled.set(schema, check);
  }
  return check !== null && z.validate(check, value);
}

/** What a zod definition holds of other schemas: the places buildsValue looks. */
const CHILDREN = ["innerType", "element", "valueType", "keyType", "in", "out", "left", "right", "rest"] as const;

/**
 * Where `schema` makes its parse output differ from its input ("customer.name: transform"):
 * transforms, pipes, defaults and catches, coercion, and checks that overwrite the value (trim,
 * toLowerCase, normalize). Empty when the schema only checks.
 */
export function buildsValue(schema: z.ZodType, path = "(element)", seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = (schema as unknown as { def: Record<string, unknown> & { type: string } }).def;
  const found: string[] = [];
  if (["transform", "pipe", "default", "prefault", "catch", "lazy"].includes(def.type))
    found.push(`${path}: ${def.type}`);
  if (def.coerce === true) found.push(`${path}: coerce`);
  for (const check of (def.checks as Array<{ _zod: { def: { check: string } } }> | undefined) ?? [])
    if (check._zod.def.check === "overwrite") found.push(`${path}: overwrite`);
  for (const key of CHILDREN) if (def[key]) found.push(...buildsValue(def[key] as z.ZodType, path, seen));
  for (const option of (def.options as z.ZodType[] | undefined) ?? []) found.push(...buildsValue(option, path, seen));
  for (const item of (def.items as z.ZodType[] | undefined) ?? []) found.push(...buildsValue(item, path, seen));
  for (const [key, child] of Object.entries((def.shape as Record<string, z.ZodType> | undefined) ?? {}))
    found.push(...buildsValue(child, path === "(element)" ? key : `${path}.${key}`, seen));
  return found;
}

/** "invoiceLines.0.amount: expected …; customer.number: required" for a failed parse. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const path = i.path.length ? i.path.map(String).join(".") : "(element)";
      const missing = i.code === "invalid_type" && /received undefined/.test(i.message);
      return `${path}: ${missing ? "missing" : i.message}`;
    })
    .join("; ");
}
