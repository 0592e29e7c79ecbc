/**
 * HTML for the status site. Everything interpolated into `html` is escaped unless it is already
 * markup made by `html` itself, so a customer name or a server message from the ledger is text
 * on the page, whatever it contains. Links come only from `safeHref`.
 *
 * The page shell carries a Content-Security-Policy that allows nothing but its own inline style
 * (by hash): no script, no image, font or frame from anywhere, so even a mistake in escaping
 * could not make a page fetch something or leak it.
 */
import { createHash } from "node:crypto";
import { SITE_CSS } from "./style.ts";

export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Markup(out);
}

function render(value: unknown): string {
  if (value === undefined || value === null || value === false) return "";
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

const SPECIAL = /[&<>"']/;

export function escapeHtml(text: string): string {
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : text;
}

/** An https link from the records (an issue, an Actions run), or undefined for anything else. */
export function safeHref(url: string | undefined): string | undefined {
  return url && /^https:\/\/[^\s"'<>\\]+$/.test(url) ? url : undefined;
}

const STYLE_HASH = createHash("sha256").update(SITE_CSS).digest("base64");
const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  // frame-ancestors is ignored in a <meta> policy (and Chromium logs an error for it).
].join("; ");

export interface PageOptions {
  title: string;
  /** Relative path from the page to the site root ("" or "../"). */
  root: string;
  generated: string;
  notice: string;
  body: Markup;
}

export function page(options: PageOptions): string {
  return `<!doctype html>\n${
    html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${options.title}</title>
<style>${new Markup(SITE_CSS)}</style>
</head>
<body>
<header class="site"><a class="home" href="${options.root}index.html">Factoring status</a><span class="generated">${options.generated}</span></header>
<main id="main">
${options.body}
</main>
<footer class="site"><p>${options.notice}</p></footer>
</body>
</html>
`.value
  }`;
}
