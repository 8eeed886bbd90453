import { Router, type Request, type Response } from 'express';
import { NotFoundError } from '../../domain/errors.js';
import type { SamlIdp, SamlIdpDirectory } from '../../domain/sso/saml-idp.js';
import { DEFAULT_SITE_ID } from '../../domain/users/user-service.js';
import type { Logger } from '../../infra/logger.js';
import { SAML_PATHS } from '../../infra/saml/saml-options.js';
import type { SamlServiceProvider } from '../../infra/saml/saml-provider.js';
import { SamlRefusedError } from '../../infra/saml/saml-refusal.js';
import { overrideCsp } from '../middlewares/security-headers.js';
import { renderSamlPostForm } from '../views/saml-post.view.js';
import { safeNext } from '../web/auth.pages.js';
import type { SsoLoginFlow } from './sso-login-flow.js';
import { linkIntent, SIGN_IN_FIRST_URL } from './link-intent.js';

/**
 * The SAML service provider's endpoints, mounted before verifyCsrf: the ACS and single-logout
 * messages come from the IdP's pages (other sites) and carry their own proof, a signature. The
 * session cookie is SameSite=Lax, so the IdP's POST to the ACS arrives without it: nothing here
 * reads the session to check a response (the request it answers is in the database); the login
 * flow creates the session once the response is verified.
 */
export interface SamlRoutesDeps {
  readonly saml: SamlServiceProvider;
  readonly idps: SamlIdpDirectory;
  readonly loginFlow: SsoLoginFlow;
  readonly logger: Logger;
  readonly publicUrl: string;
}

/** Longer `next` paths are not kept with the request (the row holds 4000 characters). */
const MAX_NEXT_LENGTH = 2000;

async function enabledIdp(idps: SamlIdpDirectory, id: unknown): Promise<SamlIdp> {
  const idp = typeof id === 'string' && /^\d{1,9}$/.test(id) ? await idps.findById(Number(id)) : null;
  if (!idp?.enabled || idp.siteId !== DEFAULT_SITE_ID) throw new NotFoundError('saml_idp_unknown', 'No enabled SAML identity provider has this id.');
  return idp;
}

/** node-saml's verdict, logged with its reason when it is a refusal (never the message itself). */
async function unlessRefused<T>(req: Request, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SamlRefusedError) req.log.warn({ module: 'saml', reason: error.reason, detail: error.detail }, 'SAML message refused');
    throw error;
  }
}

export function samlRoutes(deps: SamlRoutesDeps): Router {
  const { saml, idps, loginFlow } = deps;
  const router = Router();

  router.get(SAML_PATHS.metadata, async (_req, res) => {
    const xml = await saml.metadata();
    res.set('Cache-Control', 'public, max-age=300').type('application/samlmetadata+xml').send(xml);
  });

  router.get(SAML_PATHS.login, async (req, res) => {
    const idp = await enabledIdp(idps, req.query['idp']);
    const next = safeNext(req.query['next']);
    const link = linkIntent(req);
    if (link.kind === 'sign-in-first') {
      res.redirect(303, SIGN_IN_FIRST_URL);
      return;
    }
    const linkUserId = link.kind === 'link' ? link.userId : null;
    const start = await saml.startLogin(idp, { next: next.length <= MAX_NEXT_LENGTH ? next : safeNext(undefined), linkUserId });
    req.log.info({ module: 'saml', idpId: idp.id, binding: start.kind, linkUserId }, 'SAML sign-in request sent');
    res.set('Cache-Control', 'no-store');
    if (start.kind === 'redirect') {
      res.redirect(303, start.url);
      return;
    }
    // The form goes to the IdP's origin (and Chromium checks form-action on its redirects too).
    overrideCsp(res, 'form-action', `'self' ${new URL(start.action).origin}`);
    res.type('html').send(renderSamlPostForm(req, start.action, start.fields));
  });

  router.post(SAML_PATHS.acs, async (req, res) => {
    const login = await unlessRefused(req, () => saml.acceptResponse((req.body ?? {}) as Record<string, unknown>));
    req.log.info({ module: 'saml', idpId: login.idp.id, issuer: login.idp.entityId }, 'SAML response accepted');
    await loginFlow.complete(req, res, login.assertion, login.intent);
  });

  const singleLogout = async (req: Request, res: Response) => {
    const method = req.method === 'POST' ? 'POST' : 'GET';
    const params = (method === 'POST' ? (req.body ?? {}) : req.query) as Record<string, unknown>;
    const queryStart = req.originalUrl.indexOf('?');
    const rawQuery = queryStart < 0 ? '' : req.originalUrl.slice(queryStart + 1);
    const message = await unlessRefused(req, () => saml.acceptLogoutMessage({ method, params, rawQuery }));
    res.set('Cache-Control', 'no-store');
    if (message.kind === 'logout_response') {
      req.log.info({ module: 'saml', idpId: message.idp.id }, 'SAML single logout completed by the IdP');
      res.redirect(303, '/login');
      return;
    }
    const ended = await loginFlow.endSessions(message.match);
    req.log.info({ module: 'saml', idpId: message.idp.id, ended }, 'SAML single logout requested by the IdP');
    res.redirect(303, (await message.respond()) ?? '/login');
  };
  router.get(SAML_PATHS.slo, singleLogout);
  router.post(SAML_PATHS.slo, singleLogout);

  return router;
}
