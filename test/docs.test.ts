// The documentation kept in step with the code: the assumptions register and the code's
// citations of it, the environment variables the code reads, and the README's map of docs/.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const MARK = "ASSUMPTION"; // spelt once here, so this file's own text is not a citation
const read = (path: string) => readFileSync(path, "utf8");

/** Text files of the given folders (recursively) and single files, with their paths. */
function sources(...roots: string[]): { path: string; text: string }[] {
  return roots.flatMap((root) => {
    if (!statSync(root).isDirectory()) return [{ path: root, text: read(root) }];
    return readdirSync(root).flatMap((name) => {
      const path = join(root, name);
      if (statSync(path).isDirectory()) return sources(path);
      return /\.(ts|mts|mjs|yml|yaml)$/.test(name) || name === "run" ? [{ path, text: read(path) }] : [];
    });
  });
}

const code = sources("src", "scripts", ".github", ".ci/run");
const tests = sources("test").filter((f) => !f.path.endsWith("docs.test.ts"));
const register = read("docs/assumptions.md");
const registered = [...register.matchAll(/^### (A\d+) — /gm)].map((m) => m[1]!);
const citations = (files: { path: string; text: string }[]) =>
  files.flatMap((f) =>
    [...f.text.matchAll(new RegExp(`${MARK}\\((A\\d+)\\)`, "g"))].map((m) => ({ id: m[1]!, path: f.path })),
  );

describe("the assumptions register (docs/assumptions.md)", () => {
  it("numbers its entries A1, A2, … once each, in ascending order (engineers working in parallel take separate ranges)", () => {
    expect(registered.length).toBeGreaterThan(40);
    const numbers = registered.map((id) => Number(id.slice(1)));
    expect(numbers[0]).toBe(1);
    expect(numbers.every((n, i) => i === 0 || n > numbers[i - 1]!)).toBe(true);
  });

  it("has every id the code and the tests cite", () => {
    const unknown = citations([...code, ...tests]).filter((c) => !registered.includes(c.id));
    expect(unknown.map((c) => `${c.path} cites ${c.id}`)).toEqual([]);
  });

  it("has every entry cited where the code relies on it", () => {
    const cited = new Set(citations(code).map((c) => c.id));
    expect(registered.filter((id) => !cited.has(id))).toEqual([]);
  });

  it("is the only way the code marks an assumption: no mark without an id", () => {
    const bare = [...code, ...tests].flatMap((f) =>
      f.text
        .split("\n")
        .flatMap((line, i) => (new RegExp(`${MARK}(?!\\(A\\d+\\))`).test(line) ? [`${f.path}:${i + 1}`] : [])),
    );
    expect(bare).toEqual([]);
  });

  it("says for each entry what happens if it is wrong and how to confirm it", () => {
    const entries = register.split(/^### /m).slice(1);
    for (const entry of entries) {
      expect(entry, entry.split("\n")[0]).toMatch(/\*\*If wrong:\*\*/);
      expect(entry, entry.split("\n")[0]).toMatch(/\*\*Confirm:\*\*/);
    }
  });
});

describe("docs/development.md", () => {
  it("documents every environment variable the code reads", () => {
    const doc = read("docs/development.md");
    const readByCode = new Set(
      [...code, ...sources("test")].flatMap((f) =>
        [...f.text.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]+)|\[["']([A-Z][A-Z0-9_]+)["']\])/g)].map((m) => (m[1] ?? m[2])!),
      ),
    );
    // Tenants' secret names in test worlds and the workflow steps' own inputs are examples, not settings.
    const settings = [...readByCode].filter(
      (name) =>
        !/^(ACME|TEST|BENCH|DEMO|SANDBOX|DRILL|BETA)_|^(PATH|HOME|TENANT|NOW|DRY_RUN|FORCE|RESOLVE_PENDING|TIMEOUT_MINUTES|PUBLIC_AMOUNTS|ARTIFACT_URL)$/.test(
          name,
        ),
    );
    expect(settings.length).toBeGreaterThan(15);
    expect(settings.filter((name) => !doc.includes(`\`${name}`)).sort()).toEqual([]);
  });
});

describe("the README", () => {
  it("gives a partner's first day and points to docs/ for the rest", () => {
    const readme = read("README.md");
    expect(readme).toContain("npm ci && npm run demo");
    expect(readme).toContain("npm test");
    for (const doc of ["configuration", "operations", "development", "assumptions"]) {
      expect(readme).toContain(`(docs/${doc}.md)`);
      expect(statSync(`docs/${doc}.md`).isFile()).toBe(true);
    }
    expect(readme.split("\n").length).toBeLessThan(160);
  });
});
