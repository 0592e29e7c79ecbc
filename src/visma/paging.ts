/**
 * Reads every page of a Visma.net list (reference §3.3). Paging data sits inside every element
 * (`metadata: {totalCount, maxPageSize}`), the server silently shrinks a page size above its
 * per-endpoint maximum, and one endpoint once lost its metadata, so the loop trusts what it
 * sees and only uses metadata where present.
 */

export interface PageRequest {
  pageNumber: number; // 1-based
  pageSize: number;
}

export interface PagingOptions {
  /** Page size asked for (tenant.visma.pageSize). */
  requestedPageSize: number;
  /** For messages: "GET /v1/customerinvoice". */
  endpoint: string;
  /** Safety bound; a list this long means something is wrong. */
  maxPages?: number;
  log?: (msg: string) => void;
}

interface Metadata {
  totalCount: number | null;
  maxPageSize: number | null;
}

/** Fetches page after page until the list is complete; returns the raw elements in order. */
export async function fetchAllPages(
  fetchPage: (page: PageRequest) => Promise<unknown[]>,
  opts: PagingOptions,
): Promise<unknown[]> {
  const maxPages = opts.maxPages ?? 10_000;
  const all: unknown[] = [];
  let size = opts.requestedPageSize;
  let previousFirst: string | null = null;

  for (let pageNumber = 1; ; pageNumber++) {
    if (pageNumber > maxPages) {
      throw new Error(`${opts.endpoint}: more than ${maxPages} pages; stopping (paging does not seem to end)`);
    }
    const page = await fetchPage({ pageNumber, pageSize: size });
    if (page.length === 0) break;

    const first = JSON.stringify(page[0]);
    if (previousFirst !== null && first === previousFirst) {
      // The server ignored pageNumber and sent the same page again: stop rather than loop forever.
      throw new Error(
        `${opts.endpoint}: page ${pageNumber} starts with the same element as page ${pageNumber - 1}; the server is not paging (pageNumber ignored?)`,
      );
    }
    previousFirst = first;
    all.push(...page);

    const meta = readMetadata(page[0]);
    if (pageNumber === 1) {
      // Effective size: what the endpoint really allows. Sent explicitly from page 2 on.
      if (meta.maxPageSize !== null && meta.maxPageSize > 0) size = Math.min(size, meta.maxPageSize);
      if (page.length < size) {
        const complete = meta.totalCount !== null && meta.totalCount <= page.length;
        if (complete || (meta.totalCount === null && meta.maxPageSize !== null)) break;
        // Short first page but more exists (or no metadata to tell): the server forced a smaller
        // page than we know of. Page on with the size it actually used; an empty page ends it.
        opts.log?.(`${opts.endpoint}: page 1 held ${page.length} of ${meta.totalCount ?? "?"} elements; paging by ${page.length}`);
        size = page.length;
        continue;
      }
    } else if (page.length < size) {
      break;
    }
    if (meta.totalCount !== null && pageNumber * size >= meta.totalCount) break;
  }
  return all;
}

function readMetadata(element: unknown): Metadata {
  const meta = element && typeof element === "object" ? (element as { metadata?: unknown }).metadata : undefined;
  if (!meta || typeof meta !== "object") return { totalCount: null, maxPageSize: null };
  const m = meta as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : null);
  return { totalCount: num(m.totalCount), maxPageSize: num(m.maxPageSize) };
}
