import type { Request } from 'express';
import { sameSignature } from '../../domain/access/signed-token.js';
import { ForbiddenError } from '../../domain/errors.js';

/**
 * `?link=<token>` on an SSO start (/sso/saml/login, /sso/saml/idps…, /sso/cas/<id>/login): the
 * signed-in user asks to link the institution account they are about to sign in with. The token
 * is the session's CSRF token, which only "My sign-in methods" puts in its links: another site
 * cannot make a signed-in browser link an identity (say, after logging it into the IdP as
 * someone else). Request logs keep paths only, so the token does not reach them.
 */
export const LINK_PARAM = 'link';

export type LinkIntent = { readonly kind: 'none' } | { readonly kind: 'link'; readonly userId: number } | { readonly kind: 'sign-in-first' };

export function linkIntent(req: Request): LinkIntent {
  const sent = req.query[LINK_PARAM];
  if (sent === undefined) return { kind: 'none' };
  if (!req.user) return { kind: 'sign-in-first' };
  const expected = req.session?.csrfToken;
  if (typeof sent !== 'string' || !expected || !sameSignature(expected, sent)) {
    throw new ForbiddenError('sso_link_unconfirmed', 'This link to connect an institution account did not come from your "My sign-in methods" page: open it and choose the institution again.');
  }
  return { kind: 'link', userId: req.user.id };
}

/** Where a visitor who is not signed in goes when a link was asked: sign in, then "My sign-in methods". */
export const SIGN_IN_FIRST_URL = `/login?next=${encodeURIComponent('/my/sign-in')}`;

/** The `link` value to carry through the discovery page's links (as received; checked at the start). */
export function linkToken(req: Request): string | null {
  const sent = req.query[LINK_PARAM];
  return typeof sent === 'string' && sent !== '' ? sent : null;
}
