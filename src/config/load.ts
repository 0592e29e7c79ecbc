/**
 * Reads one tenant file and turns every problem into a located, actionable message.
 * Nothing here talks to Visma.net or the factor: a partner gets this feedback before any
 * run, in the pull request that adds the tenant.
 */
import { readFile, stat } from "node:fs/promises";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from "yaml";
import type { z } from "zod";
import { didYouMean, dottedPath, type Problem } from "./problems.ts";
import { knownKeys } from "./schema-keys.ts";
import { show, TenantSchema, type Tenant } from "./schema.ts";
import { ENV_NAME, reservedBy, SECRET_FIELDS, secretNameProblem, tenantPrefixProblem } from "./secret-names.ts";
import { TENANT_ID, tenantIdOf } from "./tenant-id.ts";

export const SCHEMA_COMMENT = "# yaml-language-server: $schema=../schemas/tenant.schema.json";
export { TENANT_ID, tenantIdOf } from "./tenant-id.ts";
/** A tenant file is a page of settings; anything much larger is a mistake or an attack on the parser. */
const MAX_TENANT_FILE_BYTES = 64 * 1024;

/** Keys that would hold a secret value. Their `...Env` forms are the allowed way. */
const SECRET_KEY =
  /^(password|passphrase|secret|clientsecret|client_secret|privatekey|private_key|key|token|apikey|api_key|accesstoken)$/i;

export interface LoadedTenant {
  file: string;
  id: string;
  tenant?: Tenant; // present only when the file has no errors
  /** The file's data as parsed, valid or not (undefined when it is not readable YAML). */
  data?: unknown;
  problems: Problem[];
  /** Where each dotted option path sits, for cross-tenant messages. */
  locate(path: readonly PropertyKey[]): { line: number; column: number };
}

export async function loadTenantFile(file: string): Promise<LoadedTenant> {
  const unreadable = (message: string): LoadedTenant => ({
    file,
    id: tenantIdOf(file),
    problems: [{ severity: "error", file, line: 1, column: 1, path: "", message }],
    locate: () => ({ line: 1, column: 1 }),
  });
  let text: string;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_TENANT_FILE_BYTES)
      return unreadable(`the file has ${size} bytes; a tenant file is at most ${MAX_TENANT_FILE_BYTES}`);
    text = await readFile(file, "utf8");
  } catch (error) {
    return unreadable(`cannot read the file: ${(error as Error).message}`);
  }
  return parseTenantText(file, text);
}

export function parseTenantText(file: string, text: string): LoadedTenant {
  const id = tenantIdOf(file);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [];
  const at = (offset: number | undefined) => {
    const pos = lines.linePos(offset ?? 0);
    return { line: pos.line, column: pos.col };
  };
  const add = (
    path: readonly PropertyKey[],
    message: string,
    offset?: number,
    severity: Problem["severity"] = "error",
  ) => problems.push({ severity, file, ...at(offset ?? offsetOf(doc, path)), path: dottedPath(path), message });
  const locate = (path: readonly PropertyKey[]) => at(offsetOf(doc, path));

  if (!/\.ya?ml$/i.test(file)) add([], "tenant files are YAML: name it tenants/<id>.yaml");
  if (!TENANT_ID.test(id)) {
    add(
      [],
      `the file name "${id}" is the tenant id and must use lower-case letters, digits and dashes (e.g. acme-bygg.yaml)`,
      0,
    );
  }
  if (!text.startsWith(SCHEMA_COMMENT)) {
    add([], `the first line must be "${SCHEMA_COMMENT}" (editor completion and checks)`, 0);
  }
  for (const error of doc.errors) {
    problems.push({
      severity: "error",
      file,
      ...at(error.pos[0]),
      path: "",
      message: `YAML: ${error.message.split("\n")[0]}`,
    });
  }
  if (doc.errors.length > 0) return { file, id, problems, locate };
  // Aliases (*name) make a reviewer look elsewhere for a value, and nested ones expand
  // exponentially (the "billion laughs"): a tenant file writes every value where it applies.
  if (findAliases(doc, at, problems, file)) return { file, id, problems, locate };

  findInlineSecrets(doc.contents, [], add);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    add([], `YAML: the file cannot be read as data (${(error as Error).message.split("\n")[0]})`, 0);
    return { file, id, problems, locate };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    add([], "expected a mapping of options (name, visma, factor, delivery, closing, ...)", 0);
    return { file, id, problems, locate };
  }

  const parsed = TenantSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) reportIssue(issue, data, doc, add);
  }
  if (TENANT_ID.test(id)) checkSecretPrefix(id, data, add);
  // A typo'd key is reported once, as "did you mean", not also as the missing option it meant.
  const hinted = new Set(
    problems
      .map((p) => /did you mean "([^"]+)"/.exec(p.message))
      .filter(Boolean)
      .map((m) => m![1]),
  );
  const unique = dedupe(problems).filter(
    (p) => !(p.message.startsWith("required") && hinted.has(p.path.split(".").at(-1)!)),
  );
  const hasErrors = unique.some((p) => p.severity === "error");
  return {
    file,
    id,
    tenant: !hasErrors && parsed.success ? { ...parsed.data, id, file } : undefined,
    data,
    problems: unique,
    locate,
  };
}

/** Reports every alias (the first few by line) and says whether there was one. */
function findAliases(
  doc: Document,
  at: (offset?: number) => { line: number; column: number },
  problems: Problem[],
  file: string,
): boolean {
  const offsets: number[] = [];
  visit(doc, {
    Alias(_, node) {
      offsets.push(node.range?.[0] ?? 0);
    },
  });
  for (const offset of offsets.slice(0, 3)) {
    problems.push({
      severity: "error",
      file,
      ...at(offset),
      path: "",
      message: "YAML aliases (*name) are not allowed in tenant files; write the value where it applies",
    });
  }
  if (offsets.length > 3) {
    problems.push({
      severity: "error",
      file,
      ...at(offsets[3]),
      path: "",
      message: `… and ${offsets.length - 3} more alias(es)`,
    });
  }
  return offsets.length > 0;
}

/**
 * Secret names carry the tenant's prefix (ACME_… in acme.yaml), so a tenant file reaches only its
 * own secrets. Names the schema already refused (not a name, reserved) are not reported twice.
 */
function checkSecretPrefix(id: string, data: object, add: Add): void {
  const idProblem = tenantPrefixProblem(id);
  if (idProblem) {
    add([], idProblem, 0);
    return;
  }
  for (const [section, field] of SECRET_FIELDS) {
    const value = (data as Record<string, Record<string, unknown> | undefined>)[section]?.[field];
    if (typeof value !== "string" || !ENV_NAME.test(value) || reservedBy(value)) continue;
    const problem = secretNameProblem(value, id, field);
    if (problem) add([section, field], problem);
  }
}

type Add = (path: readonly PropertyKey[], message: string, offset?: number, severity?: Problem["severity"]) => void;

function reportIssue(issue: z.core.$ZodIssue, data: unknown, doc: Document, add: Add): void {
  const path = issue.path;
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = knownKeys(TenantSchema, path, data);
      for (const key of issue.keys) {
        if (SECRET_KEY.test(key)) continue; // reported by findInlineSecrets with the fix
        const hint = didYouMean(key, known);
        const message = hint
          ? `unknown option "${key}" — did you mean "${hint}"?`
          : `unknown option "${key}"${known.length ? ` (allowed here: ${known.join(", ")})` : ""}`;
        add([...path, key], message, keyOffset(doc, path, key));
      }
      return;
    }
    case "invalid_type": {
      const input = (issue as { input?: unknown }).input;
      const custom = !issue.message.startsWith("Invalid input");
      if (input === undefined) {
        add(path, custom ? issue.message : `required: ${describeExpected(issue.expected)}`);
      } else {
        add(path, custom ? issue.message : `expected ${describeExpected(issue.expected)}, got ${show(input)}`);
      }
      return;
    }
    case "invalid_union": {
      const u = issue as { discriminator?: string; options?: unknown[]; input?: unknown };
      if (u.discriminator) {
        const input = u.input as Record<string, unknown> | undefined;
        const got = input?.[u.discriminator];
        const choices = (u.options ?? []).map(String).join(", ");
        add(
          path.at(-1) === u.discriminator ? path : [...path, u.discriminator],
          `expected one of ${choices}, got ${show(got)}`,
        );
        return;
      }
      add(path, issue.message);
      return;
    }
    case "invalid_value": {
      const input = (issue as { input?: unknown }).input;
      add(path, `expected one of ${issue.values.map((v) => String(v)).join(", ")}, got ${show(input)}`);
      return;
    }
    case "too_small":
    case "too_big": {
      const input = (issue as { input?: unknown }).input;
      add(path, `${issue.message.replace(/^Too (small|big): /, "")}, got ${show(input)}`);
      return;
    }
    default: {
      const input = (issue as { input?: unknown }).input;
      const got = input === undefined || typeof input === "object" ? "" : `, got ${show(input)}`;
      add(path, `${issue.message}${got}`);
    }
  }
}

function describeExpected(expected: string): string {
  switch (expected) {
    case "object":
      return "a mapping";
    case "array":
      return "a list";
    case "int":
      return "a whole number";
    default:
      return `a ${expected}`;
  }
}

/** `password: hunter2` or `privateKey: |` with content: a secret in a file committed to git. */
function findInlineSecrets(node: unknown, path: PropertyKey[], add: Add): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const value = pair.value;
      const hasContent = isScalar(value) ? value.value !== null && String(value.value).trim() !== "" : value != null;
      if (SECRET_KEY.test(key) && hasContent) {
        add(
          [...path, key],
          `looks like a secret value written into the tenant file; remove it (and rotate it: it is in git history now), store it as a GitHub secret and reference it by name with "${envKeyFor(key)}: SOME_SECRET_NAME"`,
          pair.key.range?.[0],
        );
        continue;
      }
      if (
        isScalar(value) &&
        typeof value.value === "string" &&
        /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value.value)
      ) {
        add(
          [...path, key],
          "contains a private key; keys live in GitHub secrets, referenced with privateKeyEnv",
          value.range?.[0],
        );
        continue;
      }
      findInlineSecrets(value, [...path, key], add);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => findInlineSecrets(item, [...path, i], add));
  }
}

function envKeyFor(key: string): string {
  const lower = key.toLowerCase();
  if (lower.includes("private")) return "privateKeyEnv";
  if (lower.includes("passphrase")) return "passphraseEnv";
  if (lower.includes("password")) return "passwordEnv";
  if (lower.includes("secret")) return "clientSecretEnv";
  return `${key}Env`;
}

/** Offset of the value at `path`, or of its deepest existing ancestor. */
function offsetOf(doc: Document, path: readonly PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : (doc.getIn(path.slice(0, depth) as unknown[], true) as Node | undefined);
    if (node && (node as Node).range) {
      if (depth < path.length) {
        // A missing option: point at the key of the mapping that should hold it.
        const parentKey = depth > 0 ? keyOffset(doc, path.slice(0, depth - 1), path[depth - 1]!) : undefined;
        return parentKey ?? (node as Node).range![0];
      }
      return (node as Node).range![0];
    }
  }
  return undefined;
}

function keyOffset(doc: Document, mapPath: readonly PropertyKey[], key: PropertyKey): number | undefined {
  const map = mapPath.length === 0 ? doc.contents : doc.getIn(mapPath as unknown[], true);
  if (!isMap(map)) return undefined;
  for (const pair of map.items) {
    if (isScalar(pair.key) && pair.key.value === key) return pair.key.range?.[0];
  }
  return undefined;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.line}:${p.column}:${p.path}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
