// The architecture, enforced: every import of src/ and scripts/ is read with the TypeScript
// compiler (static, type-only, dynamic imports and re-exports alike) and held to the layers below.
// The layer list reads as the pipeline: each folder may import only folders listed before it, so
// the folders cannot form a cycle, and a lower layer can never reach run/ or commands/. Within a
// folder, no module may reach itself again through the imports that exist at run time.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");

/** The product's folders, lowest first: the building blocks, the run, its phases, the report. */
const PRODUCT = [
  "shared",
  "config",
  "visma",
  "deliver",
  "format",
  "ledger",
  "select",
  "run",
  "transfer",
  "close",
  "watch",
  "reconcile",
  "report",
  "doctor",
  "site",
];

/** Each folder of src/ with the folders it may import, lowest first. */
const LAYERS: [folder: string, mayImport: string[]][] = [
  ["shared", []], // money, time, notices, errors, backoff, text safety: no product knowledge
  ["config", ["shared"]], // tenant schema, loading, validation
  ["visma", ["shared", "config"]], // the Visma.net client
  ["deliver", ["shared", "config"]], // SFTP / local folder
  ["format", ["shared", "config", "visma"]], // the factor's file formats
  ["ledger", ["shared", "config", "visma"]], // state files, lock, git commits (folders named by tenant id)
  ["select", ["shared", "config", "visma", "ledger"]], // which documents go (pure)
  ["run", ["shared", "config", "visma", "deliver", "ledger"]], // the per-tenant frame, reader, result
  ["transfer", ["shared", "config", "visma", "deliver", "format", "ledger", "select", "run"]],
  ["close", ["shared", "config", "visma", "ledger", "run"]],
  ["watch", ["shared", "config", "visma", "ledger", "run"]],
  ["reconcile", ["shared", "config", "visma", "ledger", "run", "close"]],
  ["report", ["shared", "config", "ledger", "run", "reconcile"]], // rendering and GitHub publishing only
  // Top layers beside the commands: nothing but the commands and the sandbox's tools imports them.
  [
    "doctor",
    ["shared", "config", "visma", "deliver", "format", "ledger", "select", "run", "transfer", "close", "report"],
  ],
  ["site", ["shared", "config", "ledger", "run", "reconcile", "report"]], // the status site, from the ledger alone (texts: report/messages)
  ["commands", PRODUCT], // the registry: composes the phases
  ["build", []], // the bundle of the product (esbuild): imports no product code, bundles it from files
  ["sandbox", [...PRODUCT, "commands", "build"]], // development tools: never imported by product code
];
/** The building blocks below the run: they never import run/ or commands/. */
const LOWER = ["shared", "config", "visma", "deliver", "format", "ledger", "select"];
/** Folders reached from outside only through their index.ts. */
const ENTRY_ONLY = ["visma", "format", "deliver"];

interface Edge {
  from: string; // repository-relative path
  to: string;
  /** `import type` / `export type`: erased when the code runs. */
  typeOnly: boolean;
}

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return files(path);
    return /\.(ts|mts|mjs)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): Edge[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, false);
  const out: Edge[] = [];
  const add = (specifier: ts.Node | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith(".")) return;
    out.push({
      from: file,
      to: relative(ROOT, resolve(ROOT, dirname(file), specifier.text))
        .split(sep)
        .join("/"),
      typeOnly,
    });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named =
        clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const onlyTypes =
        !!clause &&
        (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, onlyTypes);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const edges = [...files("src"), ...files("scripts")].flatMap(importsOf);
const srcFolder = (path: string) => (path.startsWith("src/") ? path.split("/")[1] : undefined);
const describeEdge = (e: Edge) => `${e.from} imports ${e.to}`;

describe("architecture", () => {
  it("finds the imports it checks (the walk is not vacuous)", () => {
    expect(edges.length).toBeGreaterThan(400);
    expect(edges).toContainEqual({ from: "src/commands/close.ts", to: "src/close/close.ts", typeOnly: false });
    expect(edges).toContainEqual({ from: "src/ledger/types.ts", to: "src/visma/index.ts", typeOnly: true });
    expect(edges).toContainEqual({
      from: "src/sandbox/bench/worker-entry.mjs",
      to: "src/sandbox/bench/sandbox-host.ts",
      typeOnly: false,
    });
    expect(new Set(files("src").map(srcFolder))).toEqual(new Set(LAYERS.map(([f]) => f)));
  });

  it("lists each layer's imports among the layers before it: the folders form no cycle", () => {
    const seen: string[] = [];
    for (const [folder, mayImport] of LAYERS) {
      for (const dep of mayImport) expect(seen, `${folder} may import ${dep}, which is not below it`).toContain(dep);
      seen.push(folder);
    }
  });

  it("lower layers never import run/ or commands/", () => {
    for (const [folder, mayImport] of LAYERS.filter(([f]) => LOWER.includes(f))) {
      expect(mayImport, folder).not.toContain("run");
      expect(mayImport, folder).not.toContain("commands");
    }
  });

  it("every import across src/ folders follows the layers", () => {
    const allowed = new Map(LAYERS);
    const wrong = edges.filter((e) => {
      const [from, to] = [srcFolder(e.from), srcFolder(e.to)];
      return from && to && from !== to && !allowed.get(from)!.includes(to);
    });
    expect(wrong.map(describeEdge)).toEqual([]);
  });

  it("only the commands and the sandbox's tools (demo, bench) import the doctor and the site", () => {
    const wrong = edges.filter((e) => {
      const [from, to] = [srcFolder(e.from), srcFolder(e.to)];
      return (to === "doctor" || to === "site") && from !== to && from !== "commands" && from !== "sandbox";
    });
    expect(wrong.map(describeEdge)).toEqual([]);
    expect(edges).toContainEqual({ from: "src/commands/doctor.ts", to: "src/doctor/run.ts", typeOnly: false });
    expect(edges).toContainEqual({ from: "src/sandbox/demo.ts", to: "src/doctor/run.ts", typeOnly: false });
  });

  it("product code never imports the sandbox, and nothing in src/ or scripts/ imports test/", () => {
    const wrong = edges.filter(
      (e) =>
        (srcFolder(e.from) !== "sandbox" && e.from.startsWith("src/") && srcFolder(e.to) === "sandbox") ||
        e.to.startsWith("test/"),
    );
    expect(wrong.map(describeEdge)).toEqual([]);
  });

  it("scripts are entry points into the command registries only", () => {
    const wrong = edges.filter(
      (e) => e.from.startsWith("scripts/") && !["src/commands/index.ts", "src/sandbox/commands.ts"].includes(e.to),
    );
    expect(wrong.map(describeEdge)).toEqual([]);
  });

  it.each(ENTRY_ONLY)("%s is reached from outside only through its index.ts", (folder) => {
    const wrong = edges.filter(
      (e) => srcFolder(e.to) === folder && srcFolder(e.from) !== folder && e.to !== `src/${folder}/index.ts`,
    );
    expect(wrong.map(describeEdge)).toEqual([]);
  });

  it("no module imports itself through a cycle (of the imports that exist at run time)", () => {
    const graph = new Map<string, string[]>();
    for (const e of edges.filter((e) => !e.typeOnly)) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
    expect(cycles(graph).map((c) => c.join(" -> "))).toEqual([]);
  });
});

/** Strongly connected components with more than one module (Tarjan), each as a closed path. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) === order.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push([...component.reverse(), v]);
    }
  };
  for (const v of graph.keys()) if (!order.has(v)) visit(v);
  return found;
}
