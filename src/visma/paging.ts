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
  /**
   * Pages fetched at once once the total is known (tenant.visma.concurrency; default 1 = one
   * after another). The HTTP layer bounds the requests in flight across all lists anyway.
   */
  parallelPages?: number;
  /**
   * A sample, not the list: stop after the page that brings the count to this many elements
   * (pages one after another). The result is then incomplete by design.
   */
  maxElements?: number;
  /**
   * Read on past page 1 only when page 1's metadata shows the list takes at most this many pages
   * (a caller with a cheaper way to the few elements it needs); otherwise `stoppedEarly` is called
   * and page 1 is all that is returned. A list without a total is read whole.
   */
  pagesAtMost?: number;
  stoppedEarly?: () => void;
  log?: (msg: string) => void;
}

import { MetadataDto } from "./schemas.ts";

interface Metadata {
  totalCount: number | null;
  maxPageSize: number | null;
}

/** A page as paging needs it once it has arrived: its size, its first raw element, and what it was read into. */
interface Fetched<T> {
  length: number;
  first: unknown;
  items: T[];
}

/**
 * Fetches page after page until the list is complete; returns the elements in order, each page
 * read by `read` as soon as it arrives (by default the raw elements themselves). Reading a page
 * on arrival lets its raw elements go at once: a 5,000-document list is never held twice.
 * Pages 1 and 2 come one after the other (page 1 tells the forced size and the total, page 2
 * proves the server honours pageNumber); when the total is known, the rest are independent
 * and are fetched `parallelPages` at a time — on a 5,000-document list that turns ~50 round
 * trips into ~13. The list may change while it is read, exactly as with sequential paging:
 * a short or empty page ends it, a full last page means it grew and paging goes on.
 */
export async function fetchAllPages<T = unknown>(
  fetchPage: (page: PageRequest) => Promise<unknown[]>,
  opts: PagingOptions,
  read: (elements: unknown[]) => T[] = (elements) => elements as T[],
): Promise<T[]> {
  const maxPages = opts.maxPages ?? 10_000;
  const parallel = opts.maxElements !== undefined ? 1 : Math.max(1, Math.floor(opts.parallelPages ?? 1));
  const fetchRead = async (request: PageRequest): Promise<Fetched<T>> => {
    const page = await fetchPage(request);
    return { length: page.length, first: page[0], items: read(page) };
  };
  const all: T[] = [];
  let size = opts.requestedPageSize;
  let previousFirst: string | null = null;
  const tooMany = () =>
    new Error(`${opts.endpoint}: more than ${maxPages} pages; stopping (paging does not seem to end)`);

  const take = (pageNumber: number, page: Fetched<T>): void => {
    const first = JSON.stringify(page.first);
    if (previousFirst !== null && first === previousFirst) {
      // The server ignored pageNumber and sent the same page again: stop rather than loop forever.
      throw new Error(
        `${opts.endpoint}: page ${pageNumber} starts with the same element as page ${pageNumber - 1}; the server is not paging (pageNumber ignored?)`,
      );
    }
    previousFirst = first;
    for (const item of page.items) all.push(item);
  };

  for (let pageNumber = 1; ; pageNumber++) {
    if (pageNumber > maxPages) throw tooMany();
    let page = await fetchRead({ pageNumber, pageSize: size });
    if (page.length === 0) break;
    take(pageNumber, page);
    if (opts.maxElements !== undefined && all.length >= opts.maxElements) break;

    let meta = readMetadata(page.first);
    if (pageNumber === 1) {
      // Effective size: what the endpoint really allows. Sent explicitly from page 2 on.
      if (meta.maxPageSize !== null && meta.maxPageSize > 0) size = Math.min(size, meta.maxPageSize);
      if (opts.pagesAtMost !== undefined && meta.totalCount !== null && meta.totalCount > page.length) {
        if (Math.ceil(meta.totalCount / Math.max(1, Math.min(size, page.length))) > opts.pagesAtMost) {
          opts.stoppedEarly?.();
          break;
        }
      }
      if (page.length < size) {
        const complete = meta.totalCount !== null && meta.totalCount <= page.length;
        if (complete || (meta.totalCount === null && meta.maxPageSize !== null)) break;
        // Short first page but more exists (or no metadata to tell): the server forced a smaller
        // page than we know of. Page on with the size it actually used; an empty page ends it.
        opts.log?.(
          `${opts.endpoint}: page 1 held ${page.length} of ${meta.totalCount ?? "?"} elements; paging by ${page.length}`,
        );
        size = page.length;
        continue;
      }
    } else if (page.length < size) {
      break;
    }
    if (meta.totalCount !== null && pageNumber * size >= meta.totalCount) break;

    if (pageNumber === 2 && parallel > 1 && meta.totalCount !== null) {
      // Here 2 × size < totalCount (checked just above), so `last` ≥ 3 and pages is not empty.
      const last = Math.ceil(meta.totalCount / size);
      if (last > maxPages) throw tooMany();
      const pages = await fetchRange(fetchRead, 3, last, size, parallel);
      let ended = false;
      for (const [i, p] of pages.entries()) {
        if (p.length > 0) take(3 + i, p);
        if (p.length < size) {
          ended = true;
          break;
        }
      }
      if (ended) break;
      page = pages[pages.length - 1]!;
      meta = readMetadata(page.first);
      pageNumber = last;
      if (meta.totalCount !== null && pageNumber * size >= meta.totalCount) break;
      // The list grew while it was read: go on one page at a time until a short or empty page.
    }
  }
  return all;
}

/** Pages `from`..`to`, `parallel` at a time, in order; the first failure stops new requests. */
async function fetchRange<P>(
  fetchPage: (page: PageRequest) => Promise<P>,
  from: number,
  to: number,
  pageSize: number,
  parallel: number,
): Promise<P[]> {
  const pages: P[] = [];
  let next = from;
  let failed = false;
  const runner = async (): Promise<void> => {
    while (!failed && next <= to) {
      const pageNumber = next++;
      try {
        pages[pageNumber - from] = await fetchPage({ pageNumber, pageSize });
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, to - from + 1) }, runner));
  return pages;
}

function readMetadata(element: unknown): Metadata {
  const meta = element && typeof element === "object" ? (element as { metadata?: unknown }).metadata : undefined;
  const read = MetadataDto.safeParse(meta ?? {});
  return read.success
    ? { totalCount: read.data.totalCount ?? null, maxPageSize: read.data.maxPageSize ?? null }
    : { totalCount: null, maxPageSize: null };
}
