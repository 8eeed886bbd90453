import type { RequestHandler } from 'express';

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
