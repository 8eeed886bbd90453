import type { Request, RequestHandler, Response } from 'express';
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

/**
 * Wrong HTTP Basic credentials on the Esup-Pod dialect, per client address and username (only
 * refusals of the credentials count, not a script's 404s). `username` reads the Basic username.
 */
export function basicAuthRateLimit(options: { limit: number; windowMinutes: number }, username: (req: Request) => string): RequestHandler {
  return failedAttemptsLimit(options, (req) => username(req).toLowerCase().slice(0, 150), 'too_many_attempts', 'Too many login attempts; wait a few minutes and try again.', (_req, res) => res.statusCode !== 401);
}

/** BBB callbacks refused as unsigned (401) per client address: a forger cannot try secrets for long; genuine callbacks are never counted. */
export function refusedCallbackRateLimit(options: { limit: number; windowMinutes: number }): RequestHandler {
  return failedAttemptsLimit(options, () => 'bbb-callback', 'too_many_attempts', 'Too many refused notifications; wait a few minutes.', (_req, res) => res.statusCode !== 401);
}

/**
 * Joins through a meeting's invitation link per client address and meeting, successful or not:
 * nobody floods a BBB server with made-up guests. Generous, since a whole lecture hall may
 * share one address.
 */
export function meetingJoinRateLimit(options: { limit: number; windowMinutes: number }): RequestHandler {
  return failedAttemptsLimit(options, (req) => String(req.params.bbbMeetingId ?? ''), 'too_many_join_attempts', 'Too many attempts to join this meeting from your network; wait a few minutes.', () => false);
}

function failedAttemptsLimit(
  options: { limit: number; windowMinutes: number },
  subject: (req: Request) => string,
  code: string,
  message: string,
  succeeded: (req: Request, res: Response) => boolean = (_req, res) => res.statusCode < 400,
): RequestHandler {
  return rateLimit({
    windowMs: options.windowMinutes * 60_000,
    limit: options.limit,
    skipSuccessfulRequests: true,
    requestWasSuccessful: succeeded,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${subject(req)}`,
    handler: (_req, _res, next) => {
      next(new RateLimitedError(code, message));
    },
  });
}
