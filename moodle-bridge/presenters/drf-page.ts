/**
 * Django REST framework's PageNumberPagination body: `{count, next, previous, results}`, where
 * next and previous are the request's own absolute URL with `page` changed (DRF drops `page`
 * for the first page). Pure.
 */
export interface DrfPage<T> {
  readonly count: number;
  readonly next: string | null;
  readonly previous: string | null;
  readonly results: readonly T[];
}

/** `requestUrl`: the absolute URL of the request, query included. */
export function drfPage<T>(requestUrl: string, page: { total: number; page: number; pageSize: number }, results: readonly T[]): DrfPage<T> {
  const lastPage = Math.max(1, Math.ceil(page.total / page.pageSize));
  return {
    count: page.total,
    next: page.page < lastPage ? withPage(requestUrl, page.page + 1) : null,
    previous: page.page > 1 ? withPage(requestUrl, page.page - 1) : null,
    results,
  };
}

function withPage(requestUrl: string, page: number): string {
  const url = new URL(requestUrl);
  if (page === 1) url.searchParams.delete('page');
  else url.searchParams.set('page', String(page));
  return url.toString();
}
