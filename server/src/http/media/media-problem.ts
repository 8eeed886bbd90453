import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * The refusals of the media routes, as the small `application/problem+json` bodies the error
 * handler gives elsewhere (same fields), written directly: these routes run before Express's
 * middleware (see media.routes.ts). Players read `code`; `detail` is for people reading logs
 * and consoles, in English.
 */
export type MediaProblemCode =
  | 'media_grant_missing'
  | 'media_grant_invalid'
  | 'media_grant_expired'
  | 'media_grant_revoked'
  | 'media_grant_foreign'
  | 'media_not_found'
  | 'method_not_allowed'
  | 'media_unavailable'
  | 'internal_error';

const PROBLEMS: Record<MediaProblemCode, { status: number; title: string; detail: string }> = {
  media_grant_missing: { status: 401, title: 'unauthenticated', detail: 'This media URL carries no valid grant.' },
  media_grant_invalid: { status: 403, title: 'forbidden', detail: 'This media grant is not one Lectern signed.' },
  media_grant_expired: { status: 403, title: 'forbidden', detail: 'This media grant has expired: reload the player.' },
  media_grant_revoked: { status: 403, title: 'forbidden', detail: 'Who may watch this video changed since this grant was issued: reload the player.' },
  media_grant_foreign: { status: 403, title: 'forbidden', detail: 'This media grant is for another video.' },
  media_not_found: { status: 404, title: 'not found', detail: 'No such media file.' },
  method_not_allowed: { status: 405, title: 'method not allowed', detail: 'Media files answer GET, HEAD and OPTIONS only.' },
  media_unavailable: { status: 503, title: 'unavailable', detail: 'Media cannot be served right now; try again shortly.' },
  internal_error: { status: 500, title: 'internal error', detail: 'An unexpected error occurred.' },
};

export function statusOfProblem(code: MediaProblemCode): number {
  return PROBLEMS[code].status;
}

export function sendMediaProblem(res: ServerResponse, code: MediaProblemCode, requestId: string, headers: OutgoingHttpHeaders): void {
  const { status, title, detail } = PROBLEMS[code];
  const body = JSON.stringify({ type: 'about:blank', title, status, code, detail, requestId });
  headers['content-type'] = 'application/problem+json; charset=utf-8';
  headers['content-length'] = Buffer.byteLength(body);
  headers['cache-control'] = 'no-store';
  if (code === 'method_not_allowed') headers.allow = 'GET, HEAD, OPTIONS';
  res.writeHead(status, headers).end(body);
}
