import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ForbiddenError } from '../../domain/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const VIEWER_HEADER = 'x-lectern-viewer';
const VIDEO_PAGE = /^\/video\/[^/]+(?:\/[^/]+)?\/?$/;
const MEETING_JOIN = /^\/meetings\/join\/[^/]+\/[^/]+\/?$/;

/** The session's synchronizer token, created on first use. */
export function csrfToken(req: Request): string {
  if (!req.session.csrfToken) req.session.csrfToken = randomBytes(24).toString('base64url');
  return req.session.csrfToken;
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Cookie-authenticated changes must carry the session's token, in the X-CSRF-Token header or
 * the `_csrf` form field. Requests authenticated by an Authorization header carry no ambient
 * credential and are exempt. Must run after body parsing for form posts.
 */
export const verifyCsrf: RequestHandler = (req, res, next) => {
  // Pages need the token to render their forms; API calls must not create sessions for it.
  res.locals.csrfToken = req.session && !req.originalUrl.startsWith('/api/') ? csrfToken(req) : '';
  // API calls are exempt unless a session cookie authenticates them; web forms always check
  // (the login form too: login CSRF).
  const apiWithoutSession = req.originalUrl.startsWith('/api/') && req.authVia !== 'session';
  // A viewer token (player progress) is its own credential, sent in a custom header that other
  // sites cannot set without a CORS preflight; a video page's password form changes no account
  // and must work inside LMS iframes whose cookies are blocked.
  // A meeting invitation's join form carries its own credential too (the token in its path) and
  // must work in LMS iframes; a cross-site POST comes without our SameSite=Lax cookie, as a guest.
  const ownCredential = req.get(VIEWER_HEADER) !== undefined || (req.method === 'POST' && (VIDEO_PAGE.test(req.path) || MEETING_JOIN.test(req.path)));
  if (SAFE_METHODS.has(req.method) || req.authVia === 'token' || req.get('authorization') || apiWithoutSession || ownCredential) {
    next();
    return;
  }
  // A multipart form's fields arrive with its (streamed) file, too late: its form carries the
  // token in its action URL instead (never logged: request logs keep the path only).
  const fromMultipartForm = req.is('multipart/form-data') ? req.query[CSRF_FIELD] : undefined;
  const sent = req.get(CSRF_HEADER) ?? (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD] ?? fromMultipartForm;
  const expected = req.session?.csrfToken;
  if (typeof sent !== 'string' || !expected || !sameToken(sent, expected)) {
    throw new ForbiddenError('csrf_failed', 'Missing or wrong CSRF token: reload the page and try again.');
  }
  next();
};
