import type { RequestHandler } from 'express';
import { UnauthenticatedError } from '../../domain/errors.js';
import type { ApiTokenService } from '../../domain/tokens/api-token-service.js';

const AUTH_HEADER = /^(token|bearer)\s+(\S+)\s*$/i;

/**
 * `Authorization: Token <key>` or `Bearer <key>` authenticates as the token's user (and
 * takes precedence over a session); otherwise passport's session, if any, stands.
 * A header that is present but wrong is an error, never a silent fallback to anonymous.
 */
export function authenticateToken(tokens: ApiTokenService): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (!header) {
      if (req.user) req.authVia = 'session';
      next();
      return;
    }
    const match = AUTH_HEADER.exec(header);
    if (!match) throw new UnauthenticatedError('invalid_authorization', 'The Authorization header must be "Token <key>" or "Bearer <key>".');
    const { userId, tokenId, token, user } = await tokens.authenticate(match[2]!);
    if (token.kind === 'bridge') throw new UnauthenticatedError('bridge_key_not_for_api', 'This key is a Moodle/Pod key: it works only on the Esup-Pod API (/rest/).');
    req.user = user;
    req.authVia = 'token';
    req.log = req.log.child({ userId, tokenId });
    next();
  };
}

/** API routes: a user is required. */
export const requireUser: RequestHandler = (req, _res, next) => {
  if (!req.user) throw new UnauthenticatedError('unauthenticated', 'Authentication is required: send "Authorization: Token <key>" or log in.');
  next();
};

/** Web pages: anonymous visitors go to the login page and come back. */
export const requireLogin: RequestHandler = (req, res, next) => {
  if (req.user) {
    next();
    return;
  }
  res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
};
