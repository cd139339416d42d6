// `page`/`per_page` paging and the `link: <…>; rel="next"` header (§2).

import { fieldError } from "./errors";

export const DEFAULT_PER_PAGE = 30;
/** Freshservice answers 400 above this. */
export const MAX_PER_PAGE = 100;
/** Filter/query endpoints return a fixed 30 per page. */
export const FILTER_PAGE_SIZE = 30;
/** Requester, agent and asset filters stop at page 40 (≈1,200 rows). */
export const FILTER_MAX_PAGE = 40;

export interface Paging {
  page: number;
  perPage: number;
}

export interface PagingOptions {
  /** Ignore `per_page` and use this size (filter endpoints). */
  fixedPerPage?: number;
  /** Pages above this are a 400. */
  maxPage?: number;
}

function positiveInt(text: string): number | null {
  return /^\d+$/.test(text) && Number(text) >= 1 ? Number(text) : null;
}

export function readPaging(query: URLSearchParams, options: PagingOptions = {}): Paging {
  const pageText = query.get("page");
  const page = pageText === null ? 1 : positiveInt(pageText);
  if (page === null) throw fieldError("page", "It should be a/an Positive Integer");
  if (options.maxPage !== undefined && page > options.maxPage) {
    throw fieldError("page", `It should be less than or equal to ${options.maxPage}`);
  }
  if (options.fixedPerPage !== undefined) return { page, perPage: options.fixedPerPage };
  const perText = query.get("per_page");
  const perPage = perText === null ? DEFAULT_PER_PAGE : positiveInt(perText);
  if (perPage === null || perPage > MAX_PER_PAGE) {
    throw fieldError("per_page", `It should be a/an Positive Integer less than or equal to ${MAX_PER_PAGE}`);
  }
  return { page, perPage };
}

/** The next page's URL: same origin, path and query, with `page` bumped. */
export function nextPageUrl(url: URL, page: number): string {
  const next = new URL(url.toString());
  next.searchParams.set("page", String(page + 1));
  return next.toString();
}

export interface Page<T> {
  items: T[];
  hasNext: boolean;
  headers: Record<string, string>;
}

/** Slices one page; the link header is present only when another page exists. */
export function paginate<T>(items: readonly T[], paging: Paging, url: URL): Page<T> {
  const start = (paging.page - 1) * paging.perPage;
  const slice = items.slice(start, start + paging.perPage);
  const hasNext = start + paging.perPage < items.length;
  const headers: Record<string, string> = hasNext ? { link: `<${nextPageUrl(url, paging.page)}>; rel="next"` } : {};
  return { items: slice, hasNext, headers };
}

/** One `page`/`per_page` page of a plain list request (400 on bad paging), with its link header. */
export function pageOfRequest<T>(items: readonly T[], request: { query: URLSearchParams; url: URL }): Page<T> {
  return paginate(items, readPaging(request.query), request.url);
}
