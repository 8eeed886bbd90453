import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { RateLimitedError } from '../../domain/errors.js';

/**
 * The one use of express-rate-limit: failed logins per client address and username, so that
 * neither one address nor a distributed attempt on one account can guess for long.
 */
export function loginRateLimit(options: { limit: number; windowMinutes: number }): RequestHandler {
  return rateLimit({
    windowMs: options.windowMinutes * 60_000,
    limit: options.limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const username = typeof req.body?.username === 'string' ? req.body.username.toLowerCase().slice(0, 150) : '';
      return `${ipKeyGenerator(req.ip ?? '')}|${username}`;
    },
    handler: (_req, _res, next) => {
      next(new RateLimitedError('too_many_attempts', 'Too many login attempts; wait a few minutes and try again.'));
    },
  });
}
