/**
 * Reading and writing the small JSON files under state/ (ledger months, cursor, attention list):
 * one helper each way. Reading checks the file against its zod schema and names the file, the
 * field and the fix; writing is stable (sorted keys, two-space indent, trailing newline: the same
 * content gives the same bytes, so diffs show only what changed) and atomic (a temporary file
 * renamed into place, so a crash never leaves half a file).
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { z } from "zod";

/** The file's content, checked against `schema`; undefined when there is no file. `fix` ends every message. */
export async function readStateFile<S extends z.ZodType>(
  path: string,
  schema: S,
  fix: string,
): Promise<z.output<S> | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}); ${fix}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new Error(`${path}: ${first.path.join(".")}: ${first.message}; ${fix}`);
  }
  return parsed.data;
}

/** Writes `value` as stable JSON, atomically. */
export async function writeStateFile(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, stableStringify(value));
  await rename(temp, path);
}

/** Stable, human-readable JSON: keys sorted, two-space indent, trailing newline. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) + "\n";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
