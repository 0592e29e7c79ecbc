/** A finding about a tenant file, located to the line so a partner can fix it at once. */
export interface Problem {
  severity: "error" | "warning";
  file: string; // path as given, e.g. tenants/acme.yaml
  line: number; // 1-based
  column: number; // 1-based
  /** Dotted option path, e.g. closing.cashAccount ("" for the file as a whole). */
  path: string;
  message: string;
}

/** `tenants/acme.yaml:12:5 closing.cashAccount: expected a string of digits, got 1510.5` */
export function formatProblem(p: Problem): string {
  const where = `${p.file}:${p.line}:${p.column}`;
  const prefix = p.severity === "warning" ? "warning: " : "";
  return p.path ? `${where} ${prefix}${p.path}: ${p.message}` : `${where} ${prefix}${p.message}`;
}

export function dottedPath(path: readonly PropertyKey[]): string {
  return path.map((seg, i) => (typeof seg === "number" ? `[${seg}]` : `${i === 0 ? "" : "."}${String(seg)}`)).join("");
}

/** Levenshtein distance, for "did you mean". Small inputs only (option names). */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/** The closest known key, if close enough to be a typo. */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(key, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(key.length / 3));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}
