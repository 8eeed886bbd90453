import { Router } from 'express';
import { NotFoundError } from '../../domain/errors.js';
import type { SsoLoginService } from '../../domain/sso/sso-login-service.js';
import { DEFAULT_SITE_ID } from '../../domain/users/user-service.js';
import { requireLogin } from '../middlewares/authenticate.js';
import { parseRecordId } from '../record-id.js';
import { renderIdpDiscoveryPage, renderMySignInPage } from '../views/sso-choice.view.js';
import { safeNext } from './auth.pages.js';
import { csrfOf } from './page-params.js';
import { issuerLabel, LAST_IDP_COOKIE, searchable, signInChoices, ssoStartUrls, type SsoDirectories } from './sso-choices.js';
import { linkToken } from '../sso/link-intent.js';

const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * The IdP discovery page (GET /sso/saml/idps, and /sso/saml/idps/choose which remembers the
 * choice in a cookie, then starts the SAML sign-in) and "My sign-in methods" (/my/sign-in).
 */
export function ssoPages(deps: { directories: SsoDirectories; ssoLogin: SsoLoginService; cookieSecure: boolean }): Router {
  const { directories } = deps;
  const router = Router();

  router.get('/sso/saml/idps', async (req, res) => {
    const next = safeNext(req.query.next);
    const query = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
    const choices = await signInChoices(req, directories);
    const wanted = searchable(query);
    const idps = wanted ? choices.idps.filter((idp) => searchable(idp.name).includes(wanted)) : choices.idps;
    res.type('html').send(renderIdpDiscoveryPage(req, csrfOf(res), { next, link: linkToken(req), query, idps, total: choices.idps.length, lastIdp: choices.lastIdp }));
  });

  router.get('/sso/saml/idps/choose', async (req, res) => {
    const id = parseRecordId(req.query.idp);
    const idp = id === null ? null : await directories.samlIdps.findById(id);
    if (!idp || !idp.enabled || idp.siteId !== DEFAULT_SITE_ID) throw new NotFoundError('saml_idp_unknown', 'No such identity provider.');
    res.cookie(LAST_IDP_COOKIE, String(idp.id), { maxAge: YEAR_MS, httpOnly: true, sameSite: 'lax', secure: deps.cookieSecure });
    res.redirect(303, ssoStartUrls.idp(idp.id, safeNext(req.query.next), linkToken(req)));
  });

  router.get('/my/sign-in', requireLogin, async (req, res) => {
    const [methods, choices] = await Promise.all([deps.ssoLogin.signInMethods(req.user!.id), signInChoices(req, directories)]);
    const identities = await Promise.all(methods.identities.map(async (identity) => ({ ...identity, label: await issuerLabel(directories, req.locale, identity) })));
    res.type('html').send(renderMySignInPage(req, csrfOf(res), { identities, hasPassword: methods.hasPassword, choices }));
  });

  return router;
}
