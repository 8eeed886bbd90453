import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { RateLimitedError } from '../../domain/errors.js';

/**
 * The one use of express-rate-limit: failed logins per client address and username, so that
 * neither one address nor a distributed attempt on one account can guess for long.
 */
export function loginRateLimit(options: { limit: number; windowMinutes: number }): RequestHandler {
  return failedAttemptsLimit(options, (req) => (typeof req.body?.username === 'string' ? req.body.username.toLowerCase().slice(0, 150) : ''), 'too_many_attempts', 'Too many login attempts; wait a few minutes and try again.');
}

/** Wrong video passwords per client address and video page. */
export function videoPasswordRateLimit(options: { limit: number; windowMinutes: number }): RequestHandler {
  return failedAttemptsLimit(options, (req) => String(req.params.slug ?? '').split('-')[0] ?? '', 'too_many_password_attempts', 'Too many wrong passwords; wait a few minutes and try again.');
}

function failedAttemptsLimit(options: { limit: number; windowMinutes: number }, subject: (req: Request) => string, code: string, message: string): RequestHandler {
  return rateLimit({
    windowMs: options.windowMinutes * 60_000,
    limit: options.limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${subject(req)}`,
    handler: (_req, _res, next) => {
      next(new RateLimitedError(code, message));
    },
  });
}
