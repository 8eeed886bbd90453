import type { PlatformRequest, PlatformResponse } from './http-kit.js';
import type { PlatformContext } from './platform-context.js';
import type { AccessToken } from './platform-state.js';

/**
 * How Moodle's mod_lti\local\ltiservice\response answers services.php and token.php:
 * a body is sent as is (with `<type>; charset=utf-8` when a type was set); an error without
 * a body becomes `{status, reason, request: {method, url, accept?, contentType?}}` JSON.
 */
export function serviceError(req: PlatformRequest, status: number, reason: string): PlatformResponse {
  const request: Record<string, string> = { method: req.method, url: req.url.pathname + req.url.search };
  if (typeof req.headers.accept === 'string') request.accept = req.headers.accept;
  if (typeof req.headers['content-type'] === 'string') request.contentType = req.headers['content-type'].split(';', 1)[0]!;
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ status, reason, request }, null, 4),
  };
}

export function serviceBody(status: number, mediaType: string, value: unknown, extra: Record<string, string> = {}): PlatformResponse {
  return { status, headers: { 'content-type': `${mediaType}; charset=utf-8`, ...extra }, body: value === undefined ? '' : JSON.stringify(value) };
}

export type Authorized = { readonly ok: true; readonly token: AccessToken } | { readonly ok: false; readonly response: PlatformResponse };

/**
 * Bearer check for a service: 401 without a live token the token endpoint issued, 403 when
 * the token lacks every accepted scope or belongs to another tool type than the URL names.
 * (Moodle answers 401 for a missing scope on AGS and 403 on NRPS; the double keeps 401/403 apart.)
 */
export function authorizeService(ctx: PlatformContext, req: PlatformRequest, accepted: readonly string[], typeId?: string): Authorized {
  const header = req.headers.authorization;
  const value = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  const token = value === '' ? undefined : ctx.state.tokens.get(value);
  if (!token) return { ok: false, response: serviceError(req, 401, value === '' ? 'Missing bearer token' : 'Unknown access token') };
  if (token.expiresAt <= ctx.now()) return { ok: false, response: serviceError(req, 401, 'Expired access token') };
  if (!accepted.some((name) => token.scopes.includes(name))) {
    return { ok: false, response: serviceError(req, 403, `Access token lacks scope ${accepted.join(' or ')}`) };
  }
  if (typeId !== undefined && token.typeId !== typeId) return { ok: false, response: serviceError(req, 403, 'Access token belongs to another tool') };
  return { ok: true, token };
}

/**
 * Moodle's services.php media type gate: a GET's Accept must be empty, contain a wildcard,
 * or be exactly one of the resource's types; a POST/PUT's Content-Type must be exactly one of
 * them, parameters included (a `; charset=utf-8` suffix is refused with 400).
 */
export function mediaTypeRefusal(req: PlatformRequest, formats: readonly string[]): PlatformResponse | undefined {
  if (req.method === 'GET') {
    const accept = req.headers.accept ?? '';
    if (accept === '' || accept.includes('*/*') || formats.includes(accept)) return undefined;
    return serviceError(req, 400, `Accept ${accept} is none of ${formats.join(', ')}`);
  }
  if (req.method === 'DELETE') return undefined;
  const contentType = req.headers['content-type'] ?? '';
  return formats.includes(contentType) ? undefined : serviceError(req, 400, `Content-Type ${contentType} is none of ${formats.join(', ')}`);
}
