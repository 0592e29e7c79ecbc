/**
 * A small namespace-aware walk over the DOM xmlbuilder2 parses, for the EHF tests: no regular
 * expressions on the XML text. (The project compiles without the DOM lib, so the few members
 * used are declared here.)
 */
import { create } from "xmlbuilder2";
import { toOre } from "../../src/shared/money.ts";

export const CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
export const CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

export interface El {
  nodeType: number;
  namespaceURI: string | null;
  localName: string;
  textContent: string | null;
  childNodes: ArrayLike<El>;
  getAttribute(name: string): string | null;
}

const nsOf = (prefix: string) => (prefix === "cac" ? CAC : CBC);

/** Child elements "cac:Name" / "cbc:Name" of `parent`. */
export function kids(parent: El, ns: string, name: string): El[] {
  return Array.from(parent.childNodes).filter((n) => n.nodeType === 1 && n.namespaceURI === ns && n.localName === name);
}

export function kid(parent: El, ns: string, name: string): El {
  const found = kids(parent, ns, name);
  if (found.length !== 1)
    throw new Error(`expected exactly one ${name} under ${parent.localName}, found ${found.length}`);
  return found[0]!;
}

/** Follows a path like "cac:PayeeParty/cac:PartyName/cbc:Name" (each step exactly once). */
export function path(parent: El, steps: string): El {
  return steps.split("/").reduce((el, step) => {
    const [prefix, name] = step.split(":") as [string, string];
    return kid(el, nsOf(prefix), name);
  }, parent);
}

/** Every element at the end of a path like "cac:InvoiceLine/cac:Item/cbc:Name" (any count per step). */
export function all(parent: El, steps: string): El[] {
  return steps.split("/").reduce<El[]>(
    (els, step) => {
      const [prefix, name] = step.split(":") as [string, string];
      return els.flatMap((el) => kids(el, nsOf(prefix), name));
    },
    [parent],
  );
}

/** Every element below `root`, depth first. */
export function descendants(root: El): El[] {
  const out: El[] = [];
  const walk = (el: El) => {
    for (const child of Array.from(el.childNodes)) {
      if (child.nodeType !== 1) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

export const text = (el: El) => el.textContent ?? "";
export const ore = (el: El) => toOre(text(el));

export function parse(content: Buffer): El {
  return create(content.toString("utf8")).root().node as unknown as El;
}
