export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
  /**
   * Set (true) when the list stopped counting at LIST_COUNT_LIMIT, or at the page asked for if that
   * is further: there are more than `total` matches, and `pageCount` counts the pages up to the one
   * after it. Only the invitations lists stop counting; other lists count exactly.
   */
  totalCapped?: boolean;
}

/** The admin API's list shape. */
export interface Page<T> {
  results: T[];
  pagination: Pagination;
}

export const MAX_PAGE_SIZE = 100;

/**
 * How far the invitations lists count the matches of a filter. An exact count reads every match
 * (500,000 pending of 1,000,000: 29 ms on SQLite, and it grows with the table), where a page reads
 * only its own rows; past this the panel says "more than 10,000".
 */
export const LIST_COUNT_LIMIT = 10_000;
