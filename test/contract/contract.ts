/**
 * Visma's published interface, as data: visma-contract.json (copied from
 * shared/reference/visma-contract.json, extracted from Visma's OpenAPI file) lists every operation
 * the integration uses with its query parameters and response type, and every DTO with its
 * fields' names, types and enums. Two checkers use it:
 * - `validateAgainst` walks a JSON body (a sandbox answer) and names every field the contract
 *   does not have, every value of the wrong type and every enum value that is not a member;
 * - `zodFields` walks a product zod schema and lists the fields it reads with their zod types, so
 *   a test can compare them with the contract.
 */
import { readFileSync } from "node:fs";
import type { z } from "zod";

export interface ContractField {
  type: string; // "string", "string:date-time", "number:double", "integer:int32", "boolean", "array<X>", a schema name
  enum?: string[];
}

export interface ContractSchema {
  properties: Record<string, ContractField>;
}

export interface ContractParameter {
  name: string;
  in: string;
  type?: string;
  enum?: string[];
}

export interface ContractOperation {
  method: string;
  path: string; // "/v1/customerinvoice/{invoiceNumber}"
  operationId: string;
  parameters: ContractParameter[];
  requestBody: string | null;
  responses: Record<string, string>; // "200": "array<CustomerInvoiceDto>"
}

export interface Contract {
  source: string;
  operations: ContractOperation[];
  schemas: Record<string, ContractSchema>;
}

export const contract: Contract = JSON.parse(
  readFileSync(new URL("./visma-contract.json", import.meta.url), "utf8"),
) as Contract;

/** The operation for a concrete request ("GET", "/v1/customerCreditNote/000123"); paths compare case-insensitively. */
export function operationFor(method: string, path: string): ContractOperation {
  const segments = path.replace(/\/+$/, "").split("/");
  const found = contract.operations.find((op) => {
    if (op.method !== method.toUpperCase()) return false;
    const template = op.path.split("/");
    return (
      template.length === segments.length &&
      template.every((t, i) => /^\{.+\}$/.test(t) || t.toLowerCase() === segments[i]!.toLowerCase())
    );
  });
  if (!found) throw new Error(`the contract has no operation ${method} ${path}`);
  return found;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Problems of `value` as an instance of contract type `type` ("$.invoiceLines[0].amount: …").
 * null is accepted for every field: the contract records no nullability, and .NET writes an
 * absent reference value as null.
 */
export function validateAgainst(value: unknown, type: string, path = "$"): string[] {
  if (value === null) return [];
  const array = /^array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) return [`${path}: expected an array (${type}), got ${describe(value)}`];
    return value.flatMap((v, i) => validateAgainst(v, array[1]!, `${path}[${i}]`));
  }
  switch (type) {
    case "string":
      return typeof value === "string" ? [] : [`${path}: expected a string, got ${describe(value)}`];
    case "string:date-time":
      return typeof value === "string" && DATE_TIME.test(value)
        ? []
        : [`${path}: expected a date-time, got ${describe(value)}`];
    case "string:uuid":
      return typeof value === "string" && UUID.test(value) ? [] : [`${path}: expected a uuid, got ${describe(value)}`];
    case "number:double":
    case "number:float":
      return typeof value === "number" && Number.isFinite(value)
        ? []
        : [`${path}: expected a number, got ${describe(value)}`];
    case "integer:int32":
    case "integer:int64":
      return Number.isInteger(value) ? [] : [`${path}: expected an integer, got ${describe(value)}`];
    case "boolean":
      return typeof value === "boolean" ? [] : [`${path}: expected true or false, got ${describe(value)}`];
    case "object":
      return typeof value === "object" ? [] : [`${path}: expected an object, got ${describe(value)}`];
  }
  const schema = contract.schemas[type];
  if (!schema) return [`${path}: the contract has no type ${type}`];
  if (typeof value !== "object" || Array.isArray(value))
    return [`${path}: expected an object (${type}), got ${describe(value)}`];
  const problems: string[] = [];
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    const field = schema.properties[name];
    if (!field) {
      problems.push(`${path}.${name}: ${type} has no field "${name}"`);
      continue;
    }
    if (field.enum && v !== null && !field.enum.includes(v as string)) {
      problems.push(`${path}.${name}: ${JSON.stringify(v)} is not one of ${field.enum.join(", ")}`);
      continue;
    }
    problems.push(...validateAgainst(v, field.type, `${path}.${name}`));
  }
  return problems;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  return typeof value === "string"
    ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
    : typeof value;
}

/** What a product zod schema accepts at one field, reduced to the shapes that matter here. */
export type ZodShape =
  | { kind: "string" | "number" | "boolean" | "unknown" }
  | { kind: "enum"; values: string[] }
  | { kind: "array"; element: ZodShape }
  | { kind: "object"; fields: Record<string, ZodShape> }
  | { kind: "union"; options: ZodShape[] };

type AnyZod = z.ZodType & { def: Record<string, unknown> & { type: string } };

/** The shape a zod schema reads; optional/nullable/refinements are looked through. */
export function zodShape(schema: z.ZodType): ZodShape {
  let s = schema as AnyZod;
  while (s.def.innerType) s = s.def.innerType as AnyZod;
  switch (s.def.type) {
    case "string":
      return { kind: "string" };
    case "number":
    case "int":
      return { kind: "number" };
    case "boolean":
      return { kind: "boolean" };
    case "enum":
      return { kind: "enum", values: Object.values(s.def.entries as Record<string, string>) };
    case "array":
      return { kind: "array", element: zodShape(s.def.element as z.ZodType) };
    case "object":
      return {
        kind: "object",
        fields: Object.fromEntries(
          Object.entries(s.def.shape as Record<string, z.ZodType>).map(([k, v]) => [k, zodShape(v)]),
        ),
      };
    case "union":
      return { kind: "union", options: (s.def.options as z.ZodType[]).map(zodShape) };
    case "unknown":
    case "any":
      return { kind: "unknown" };
    default:
      throw new Error(`zodShape: unsupported zod type ${s.def.type}`);
  }
}

/**
 * Problems of a product schema against the contract types it is meant to read (a field must exist
 * in at least one of `types`, and have a compatible type in each that has it). `legacy` names
 * paths ("taxDetails[].vatId") whose extra union branches are tolerated older shapes.
 */
export function compareWithContract(
  shape: ZodShape,
  types: string[],
  path: string,
  legacy: ReadonlySet<string>,
): string[] {
  if (shape.kind !== "object") return [`${path}: expected an object schema`];
  const problems: string[] = [];
  for (const [name, fieldShape] of Object.entries(shape.fields)) {
    const here = `${path}.${name}`;
    const holders = types.map((t) => contract.schemas[t]!.properties[name]).filter((f): f is ContractField => !!f);
    if (holders.length === 0) {
      problems.push(`${here}: no field "${name}" in ${types.join(" / ")}`);
      continue;
    }
    for (const field of holders) problems.push(...compatible(fieldShape, field, here, legacy));
  }
  return problems;
}

function compatible(shape: ZodShape, field: ContractField, path: string, legacy: ReadonlySet<string>): string[] {
  if (shape.kind === "unknown") return [];
  if (shape.kind === "union") {
    const results = shape.options.map((o) => compatible(o, field, path, legacy));
    const fitting = results.filter((r) => r.length === 0).length;
    if (fitting === 0) return [`${path}: no branch of the union fits ${field.type}: ${results.flat().join("; ")}`];
    // An amount read as a JSON number or as decimal text: the text branch keeps money exact.
    const decimalText =
      /^(number|integer):/.test(field.type) && shape.options.every((o) => o.kind === "number" || o.kind === "string");
    if (fitting < results.length && !decimalText && !legacy.has(path)) {
      return [
        `${path}: the union also accepts shapes the contract does not have (${results.flat().join("; ")}); list it as a tolerated legacy shape or drop the branch`,
      ];
    }
    return [];
  }
  const array = /^array<(.+)>$/.exec(field.type);
  if (array) {
    if (shape.kind !== "array") return [`${path}: the contract has ${field.type}, the schema reads ${shape.kind}`];
    return compatible(shape.element, { type: array[1]! }, `${path}[]`, legacy);
  }
  const base = field.type.split(":")[0]!;
  if (contract.schemas[field.type]) {
    if (shape.kind !== "object")
      return [`${path}: the contract has ${field.type} (an object), the schema reads ${shape.kind}`];
    return compareWithContract(shape, [field.type], path, legacy);
  }
  switch (shape.kind) {
    case "string":
      return base === "string" ? [] : [`${path}: the contract has ${field.type}, the schema reads a string`];
    case "number":
      return base === "number" || base === "integer"
        ? []
        : [`${path}: the contract has ${field.type}, the schema reads a number`];
    case "boolean":
      return base === "boolean" ? [] : [`${path}: the contract has ${field.type}, the schema reads a boolean`];
    case "enum": {
      if (base !== "string") return [`${path}: the contract has ${field.type}, the schema reads an enum`];
      const unknown = field.enum ? shape.values.filter((v) => !field.enum!.includes(v)) : [];
      return unknown.length === 0 ? [] : [`${path}: ${unknown.join(", ")} not in the contract's enum`];
    }
    default:
      return [`${path}: the contract has ${field.type}, the schema reads ${shape.kind}`];
  }
}
