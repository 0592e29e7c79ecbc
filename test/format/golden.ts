/**
 * Golden files: the expected bytes of every generated file, kept in test/format/golden/.
 * A mismatch fails. Regenerate deliberately with `UPDATE_GOLDEN=1 npx vitest run test/format`,
 * then review the diff before committing; the update run reports each file it rewrote.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { OutputFile } from "../../src/format/types.ts";

export const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), "golden");

export function expectGolden(file: OutputFile): void {
  const path = join(GOLDEN_DIR, file.name);
  if (process.env.UPDATE_GOLDEN === "1") {
    const old = existsSync(path) ? readFileSync(path) : null;
    if (!old || !old.equals(file.content)) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(path, file.content);
      console.warn(`UPDATE_GOLDEN: wrote ${path}`);
    }
    return;
  }
  if (!existsSync(path)) {
    throw new Error(
      `golden file ${path} is missing; create it deliberately with UPDATE_GOLDEN=1 npx vitest run test/format and review it`,
    );
  }
  const expected = readFileSync(path);
  if (!expected.equals(file.content)) {
    // Show text for a readable diff; the byte comparison above is what decides.
    expect(file.content.toString("latin1")).toBe(expected.toString("latin1"));
    expect(file.content.equals(expected)).toBe(true);
  }
}
