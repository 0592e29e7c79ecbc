/**
 * Reading and writing the small JSON files under state/ (cursor, attention list, run status):
 * one helper each way. Reading checks the file's format version and then its zod schema, and
 * names the file, the field and the fix; writing is stable (sorted keys, two-space indent,
 * trailing newline: the same content gives the same bytes, so diffs show only what changed) and
 * atomic (a temporary file renamed into place, so a crash never leaves half a file).
 *
 * Every state file carries `version`. A file of a newer version than this code knows is refused
 * (NewerStateError) before anything else: zod would drop the fields it does not know, and the
 * next write would silently lose them (issue 13 §6).
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { z } from "zod";
import { FactoringError } from "../shared/errors.ts";

/** A state file written by a newer version of the product: never read or rewritten by this one. */
export class NewerStateError extends FactoringError {}

/** Refuses `raw` when it declares a format version above `known` (a missing version is the first format). */
export function refuseNewer(path: string, version: unknown, known: number): void {
  if (version === undefined) return;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1)
    throw new NewerStateError(
      `${path}: version ${JSON.stringify(version)} is not a format version; restore the file from git history`,
    );
  if (version > known)
    throw new NewerStateError(
      `${path} was written by a newer version of visma-factoring (format ${version}; this version reads up to ${known}). ` +
        "It is left as it is, never rewritten without the fields this version does not know: run the newer version (update the workflows' checkout) instead.",
    );
}

/**
 * The file's content, checked against its format version (`version`: the newest this code knows)
 * and `schema`; undefined when there is no file. `fix` ends every message.
 */
export async function readStateFile<S extends z.ZodType>(
  path: string,
  schema: S,
  fix: string,
  version: number,
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
  refuseNewer(path, raw && typeof raw === "object" ? (raw as { version?: unknown }).version : undefined, version);
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
