export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

/** The admin API's list shape. */
export interface Page<T> {
  results: T[];
  pagination: Pagination;
}

export const MAX_PAGE_SIZE = 100;
