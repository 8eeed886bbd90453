import type { RequestHandler, Response } from 'express';

/**
 * Conservative headers for every answer. Pages may be framed (LMS iframes embed Lectern), so
 * there is no X-Frame-Options; scripts and styles come from our own origin only.
 */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader(
    'Content-Security-Policy',
    // media-src blob: for hls.js (MediaSource); frame-src https: for the "embed" enrichments
    // (sanitized down to https iframes). hls.js runs without its worker: no worker-src blob:.
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self'; script-src 'self'; frame-src https:; object-src 'none'; base-uri 'self'; form-action 'self'",
  );
  next();
};

/** Replaces (or adds) one directive of a Content-Security-Policy. */
export function withCspDirective(policy: string, name: string, value: string): string {
  const directives = policy.split(';').map((part) => part.trim()).filter((part) => part && part.split(/\s+/)[0] !== name);
  return [...directives, `${name} ${value}`].join('; ');
}

/** This response's policy: the global one with one directive changed. */
export function overrideCsp(res: Response, name: string, value: string): void {
  const current = res.getHeader('Content-Security-Policy');
  res.setHeader('Content-Security-Policy', withCspDirective(typeof current === 'string' ? current : "default-src 'self'", name, value));
}
