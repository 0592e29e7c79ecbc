/**
 * The two catalogues say the same things: every message of one is in the other, and each
 * message uses the same placeholders (the fields of its data) in both languages, so no
 * translation silently drops an amount, a date or a document number.
 */
import { describe, expect, it } from "vitest";
import { CATALOGUES, messages } from "../../src/report/messages/index.ts";

/** A message: a text, or a function of its data (any data: `never` accepts every one). */
type Leaf = string | ((p: never, f: never) => string);

/** Every message by its path ("run.sent", "notices.too-old.text"). */
function leaves(tree: unknown, path = ""): Map<string, Leaf> {
  const out = new Map<string, Leaf>();
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const at = path ? `${path}.${key}` : key;
    if (typeof value === "string" || typeof value === "function") out.set(at, value as Leaf);
    else for (const [k, v] of leaves(value, at)) out.set(k, v);
  }
  return out;
}

/**
 * The fields a message reads from its data, from its source: `p.amountOre` → amountOre. A message
 * that hands its whole data to a helper (`kid(p)`) reads "the whole".
 */
function placeholders(leaf: Leaf): string[] {
  if (typeof leaf === "string") return [];
  const source = leaf.toString();
  const param = /^\s*(?:\(\s*)?([A-Za-z_$][\w$]*)/.exec(source)?.[1];
  if (!param || param === "_" || !/^(p|_p)$/.test(param)) return [];
  const fields = new Set<string>();
  for (const m of source.matchAll(/(?<![\p{L}\p{N}_$.])p\??\.([A-Za-z_$][\w$]*)/gu)) fields.add(m[1]!);
  // `p` on its own (not `p.` and not part of a longer name): the whole data.
  if (/(?<![\p{L}\p{N}_$.])p(?![\p{L}\p{N}_$.?])/u.test(source.replace(/^\s*\(?\s*p\b/, ""))) fields.add("(the whole)");
  return [...fields].sort();
}

const en = leaves(CATALOGUES.en);
const nb = leaves(CATALOGUES.nb);

describe("the message catalogues", () => {
  it("have the same messages in English and Norwegian", () => {
    expect([...nb.keys()].sort()).toEqual([...en.keys()].sort());
    expect(en.size).toBeGreaterThan(200);
  });

  it("use the same placeholders in both languages", () => {
    const differ: string[] = [];
    for (const [path, leaf] of en) {
      const theirs = nb.get(path);
      if (!theirs || typeof theirs !== typeof leaf) {
        differ.push(`${path}: a ${typeof leaf} in en, ${typeof theirs} in nb`);
        continue;
      }
      const a = placeholders(leaf).join(", ");
      const b = placeholders(theirs).join(", ");
      if (a !== b) differ.push(`${path}: en reads {${a}}, nb reads {${b}}`);
    }
    expect(differ).toEqual([]);
    // The check reads the messages' sources: most of them take data.
    expect([...en.values()].filter((leaf) => placeholders(leaf).length > 0).length).toBeGreaterThan(150);
  });

  it("a placeholder left out in one language is caught", () => {
    const a = placeholders((p: { amountOre: number; currency: string }) => `${p.amountOre} ${p.currency}`);
    const b = placeholders((p: { amountOre: number; currency: string }) => `${p.amountOre}`);
    expect(a).toEqual(["amountOre", "currency"]);
    expect(b).not.toEqual(a);
  });

  it("write money the Norwegian way and times in the tenant's zone in both languages", () => {
    for (const language of ["en", "nb"] as const) {
      const { f } = messages(language, "Europe/Oslo");
      expect(f.money(4_721_000, "NOK")).toBe("47 210,00 NOK");
      expect(f.time("2026-11-29T00:20:29.547+00:00")).toBe("01:20");
    }
    expect(messages("nb").f.dateTime("2026-11-29T14:37:00Z")).toBe("29.11.2026 kl. 15:37");
    expect(messages("en").f.dateTime("2026-11-29T14:37:00Z")).toBe("2026-11-29 15:37");
  });
});
