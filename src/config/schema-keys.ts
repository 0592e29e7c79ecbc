/**
 * Reads the option names the schema allows at a path, for "did you mean" hints. It walks
 * zod's public definition objects (`_zod.def`) through defaults, optionals and
 * discriminated unions (choosing the branch the data's discriminator names).
 */
import type { z } from "zod";

type AnySchema = z.ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
  options?: AnySchema[];
  discriminator?: string;
  element?: AnySchema;
}

function def(schema: AnySchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const d = def(current);
    if (
      (d.type === "default" || d.type === "optional" || d.type === "nullable" || d.type === "prefault") &&
      d.innerType
    ) {
      current = d.innerType;
    } else if (d.type === "pipe" && d.in) {
      current = d.in;
    } else {
      return current;
    }
  }
}

/** The object schema that applies at `path` for this data, or undefined. */
export function schemaAt(root: AnySchema, path: readonly PropertyKey[], data: unknown): AnySchema | undefined {
  let schema: AnySchema | undefined = unwrap(root);
  let value: unknown = data;
  for (const seg of [...path, null]) {
    if (!schema) return undefined;
    schema = resolveUnion(schema, value);
    if (seg === null) return schema;
    const d = def(schema);
    if (d.type === "object" && d.shape && typeof seg === "string") {
      const next: AnySchema | undefined = d.shape[seg];
      schema = next ? unwrap(next) : undefined;
    } else if (d.type === "array" && d.element && typeof seg === "number") {
      schema = unwrap(d.element);
    } else {
      return undefined;
    }
    value = value && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[seg] : undefined;
  }
  return schema;
}

function resolveUnion(schema: AnySchema, value: unknown): AnySchema {
  const d = def(schema);
  if (d.type !== "union" || !d.options) return schema;
  if (d.discriminator && value && typeof value === "object") {
    const wanted = (value as Record<string, unknown>)[d.discriminator];
    const match = d.options.find((o) => discriminatorValues(o, d.discriminator!).includes(wanted));
    if (match) return unwrap(match);
  }
  return schema;
}

function discriminatorValues(option: AnySchema, key: string): unknown[] {
  const shape = def(unwrap(option)).shape;
  const field = shape?.[key];
  if (!field) return [];
  const values = (def(unwrap(field)) as Def & { values?: unknown[] }).values;
  return values ?? [];
}

/** Keys allowed at `path` (all branches of a union when the branch is unknown). */
export function knownKeys(root: AnySchema, path: readonly PropertyKey[], data: unknown): string[] {
  const schema = schemaAt(root, path, data);
  if (!schema) return [];
  const d = def(schema);
  if (d.type === "object" && d.shape) return Object.keys(d.shape);
  if (d.type === "union" && d.options) {
    return [...new Set(d.options.flatMap((o) => Object.keys(def(unwrap(o)).shape ?? {})))];
  }
  return [];
}
