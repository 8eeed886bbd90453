/** A page of a list, Moodle style: `limit` and `from` query parameters, `rel="next"` link. */
export interface Page<T> {
  readonly items: T[];
  /** Absolute URL of the next page, when there may be one. */
  readonly next: string | undefined;
}

const nonNegative = (value: string | null): number => {
  const parsed = Number.parseInt(value ?? '', 10);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : 0;
};

/** The request's own URL with `limit` and `from` set: filters (role, tag, user_id...) carry over. */
function nextUrl(url: URL, limit: number, from: number): string {
  const next = new URL(url.href);
  next.searchParams.set('limit', String(limit));
  next.searchParams.set('from', String(from));
  return next.href;
}

/**
 * Slices `all` by `limit`/`from` of `url` (`defaultLimit` when the request has none; 0: all).
 * As Moodle's services, a next page is announced whenever the page came out full (so the last
 * full page points to an empty one).
 */
export function pageOf<T>(all: readonly T[], url: URL, defaultLimit: number): Page<T> {
  const limit = nonNegative(url.searchParams.get('limit')) || defaultLimit;
  if (limit === 0) return { items: [...all], next: undefined };
  const from = nonNegative(url.searchParams.get('from'));
  const items = all.slice(from, from + limit);
  return { items, next: items.length < limit ? undefined : nextUrl(url, limit, from + limit) };
}

export function linkHeader(page: Page<unknown>): Record<string, string> {
  return page.next === undefined ? {} : { link: `<${page.next}>; rel="next"` };
}
