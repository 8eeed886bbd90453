import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Locale } from '../../config/config.js';
import type { Logger } from '../../infra/logger.js';
import { isLocale, negotiateLocale, translator } from '../i18n/i18n.js';
import { redactMediaPath } from '../media/media-url.js';

export const LOCALE_COOKIE = 'lectern_lang';

/** A cookie's value from a Cookie header (the app reads a few cookies: no cookie parser). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** A meeting invitation carries its credential in the path: the log line keeps the meeting, not the token. */
const redactInvitation = (path: string) => path.replace(/^(\/meetings\/join\/[^/]+\/)[^/]+/, '$1<redacted>');

/**
 * Gives each request an id (kept from a proxy's X-Request-Id when it looks sane), a child
 * logger carrying it, and a locale: ?lang=, then the language cookie, then Accept-Language.
 * The log line never shows a media grant or a meeting invitation token (credentials in the URL): /media/<redacted>/….
 */
export function requestContext(logger: Logger, defaultLocale: Locale): RequestHandler {
  const httpLogger = logger.child({ module: 'http' });
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && /^[\w.-]{8,100}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    req.log = httpLogger.child({ requestId: req.id });
    const fromQuery = typeof req.query.lang === 'string' ? req.query.lang : undefined;
    const fromCookie = cookieValue(req.headers.cookie, LOCALE_COOKIE);
    req.locale = isLocale(fromQuery) ? fromQuery : isLocale(fromCookie) ? fromCookie : (negotiateLocale(req.get('accept-language')) ?? defaultLocale);
    req.t = translator(req.locale);
    req.valid = {};
    res.locals.t = req.t;
    res.locals.locale = req.locale;
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      req.log.info({ method: req.method, path: redactInvitation(redactMediaPath(req.originalUrl.split('?')[0]!)), status: res.statusCode, ms: Math.round(ms), userId: req.user?.id }, 'request');
    });
    next();
  };
}
