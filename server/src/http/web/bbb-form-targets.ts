import type { RequestHandler } from 'express';
import { overrideCsp } from '../middlewares/security-headers.js';

/**
 * The start and join forms answer 303 to BigBlueButton, another origin. CSP `form-action`
 * governs the redirects that follow a form submission too (Chromium checks each hop), and the
 * global policy says `'self'`: the pages holding those forms allow https targets (the BBB
 * server, and Scalelite's hop to one of its BBB nodes) and http on this machine only (the
 * servers' rules accept plain http for loopback hosts alone).
 */
export const BBB_FORM_ACTION = "'self' https: http://localhost:* http://127.0.0.1:* http://[::1]:*";

export const allowBbbFormTargets: RequestHandler = (_req, res, next) => {
  overrideCsp(res, 'form-action', BBB_FORM_ACTION);
  next();
};
