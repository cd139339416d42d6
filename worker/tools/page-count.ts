/**
 * Counting a filter's matches from its pages, where the answer carries no total the Worker can read (the asset
 * filter's is "in the headers", under a name the documentation doesn't give). A page of fixed size that is not
 * full is the last one, so a page holding some records gives the count at once: the pages before it full, plus
 * its records. The pages to read are found by doubling, then halving between a full page and an empty one. Pure:
 * which page to read next, and what a page read says.
 */

export interface PageSearch {
  pageSize: number;
  /** The last page Freshservice serves for a filter. */
  maxPage: number;
  /** The highest page read full (0: none yet). */
  full: number;
  /** The lowest page read empty (undefined: none yet). */
  empty?: number;
  /** The count, once a page has told it. */
  count?: number;
}

export function pageSearch(pageSize: number, maxPage: number): PageSearch {
  return { pageSize, maxPage, full: 0 };
}

/** The page to read next; undefined once the count is known, or the last page served was full. */
export function nextPage(search: PageSearch): number | undefined {
  if (search.count !== undefined || search.full >= search.maxPage) return undefined;
  if (search.full === 0) return 1;
  if (search.empty === undefined) return Math.min(search.full * 2, search.maxPage);
  return Math.floor((search.full + search.empty) / 2);
}

/** What reading `page` found: `records` on it. */
export function afterPage(search: PageSearch, page: number, records: number): PageSearch {
  if (records > 0 && records < search.pageSize) return { ...search, count: (page - 1) * search.pageSize + records };
  if (records === 0 && page === 1) return { ...search, count: 0 };
  // A page read against what an earlier read said (a full page past an empty one) means the records moved
  // meanwhile: the newer read wins.
  const next =
    records > 0
      ? {
          ...search,
          full: Math.max(search.full, page),
          empty: search.empty !== undefined && search.empty <= page ? undefined : search.empty,
        }
      : { ...search, full: Math.min(search.full, page - 1), empty: Math.min(search.empty ?? page, page) };
  // A full page right before an empty one: the count is exactly the full pages.
  return next.empty === next.full + 1 ? { ...next, count: next.full * search.pageSize } : next;
}

/** The count, or the least it can be (`atLeast`) when the search stopped before it was known. */
export function countSoFar(search: PageSearch): { count: number; atLeast: boolean } {
  if (search.count !== undefined) return { count: search.count, atLeast: false };
  return { count: search.full * search.pageSize, atLeast: true };
}
