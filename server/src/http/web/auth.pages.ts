import { Router, type Request, type RequestHandler, type Response } from 'express';
import { ForbiddenError } from '../../domain/errors.js';
import type { SsoProvider, SsoSignOut } from '../../domain/sso/sso.js';
import { DEFAULT_SITE_ID } from '../../domain/users/user-service.js';
import type { User } from '../../domain/users/user.js';
import { isLocale } from '../i18n/i18n.js';
import { LOCALE_COOKIE } from '../middlewares/request-context.js';
import type { LecternPassport } from '../passport-setup.js';
import type { SsoLoginFlow } from '../sso/sso-login-flow.js';
import { renderLoginPage, type LoginView } from '../views/login.view.js';
import { renderSsoSigningOutPage } from '../views/sso-pages.view.js';
import { csrfOf } from './page-params.js';
import { redirectAfterSave } from './redirect-after-save.js';
import { issuerLabel, signInChoices, type SsoDirectories } from './sso-choices.js';
import { logIn, logOut } from '../session-steps.js';

/** A local path to come back to after login; anything else goes home. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/my/videos';
}

export interface AuthPagesDeps {
  readonly passport: LecternPassport;
  readonly rateLimit: RequestHandler;
  readonly cookieSecure: boolean;
  readonly directories: SsoDirectories;
  readonly flow: SsoLoginFlow;
  /** How to sign out of the IdP or CAS server that signed a session in (the SAML SP, the CAS client). */
  readonly signOut: Partial<Record<SsoProvider, SsoSignOut>>;
}

/**
 * Login (institution sign-in first, then the local form when the site allows it), logout (and
 * on to the IdP's or CAS server's logout for an SSO session) and the language switch. The IdP
 * discovery page and "My sign-in methods" are ssoPages (sso.pages.ts).
 */
export function authPages(deps: AuthPagesDeps): Router {
  const { directories, flow } = deps;
  const router = Router();

  const loginPage = async (req: Request, res: Response, view: Omit<LoginView, 'choices' | 'pendingUsername'>, status = 200) => {
    const choices = await signInChoices(req, directories);
    res.status(status).type('html').send(renderLoginPage(req, csrfOf(res), { ...view, choices, pendingUsername: req.session?.ssoPendingLink?.username ?? null }));
  };

  router.get('/', (req, res) => {
    res.redirect(303, req.user ? '/my/videos' : '/login');
  });

  router.get('/login', async (req, res) => {
    if (req.user) {
      res.redirect(303, safeNext(req.query.next));
      return;
    }
    await loginPage(req, res, { next: safeNext(req.query.next) });
  });

  router.post('/login', deps.rateLimit, async (req, res, next) => {
    if (!(await directories.ssoSettings.get(DEFAULT_SITE_ID)).localLoginEnabled) {
      throw new ForbiddenError('local_login_disabled', 'Logging in with a local password is turned off on this site.');
    }
    deps.passport.authenticate('local', (error: unknown, user: User | false) => {
      if (error) {
        next(error);
        return;
      }
      const nextPath = safeNext(req.body?.next);
      if (!user) {
        loginPage(req, res, { next: nextPath, username: String(req.body?.username ?? ''), failed: true }, 401).catch(next);
        return;
      }
      // passport regenerates the session on login (no fixation): an SSO identity waiting for this login is read first.
      const pending = flow.takePendingLink(req);
      logIn(req, user)
        .then(() => flow.linkPending(req, user, pending))
        .then(() => redirectAfterSave(req, res, nextPath), next);
    })(req, res, next);
  });

  router.post('/logout', async (req, res) => {
    const signOutPage = await ssoSignOut(req);
    await logOut(req);
    if (!signOutPage) {
      res.redirect(303, '/login');
      return;
    }
    res.type('html').send(renderSsoSigningOutPage(req, '', signOutPage));
  });

  /** For a session an IdP or CAS server signed in: where to sign out there too, or null. */
  async function ssoSignOut(req: Request): Promise<{ institution: string; url: string } | null> {
    const origin = await flow.origin(req);
    const signOut = origin ? deps.signOut[origin.provider] : undefined;
    if (!origin || !signOut) return null;
    let url: string | null;
    try {
      url = await signOut.signOutUrl(origin);
    } catch (error) {
      // Signing out of Lectern must not depend on the IdP: the local session still ends.
      req.log.error({ err: error, module: 'sso', provider: origin.provider, issuer: origin.issuer, userId: origin.userId }, 'no single logout URL: signing out of Lectern only');
      return null;
    }
    return url ? { url, institution: await issuerLabel(directories, req.locale, origin) } : null;
  }

  router.get('/lang', (req, res) => {
    const to = req.query.to;
    if (isLocale(to)) {
      res.cookie(LOCALE_COOKIE, to, { maxAge: 365 * 24 * 3600 * 1000, httpOnly: false, sameSite: 'lax', secure: deps.cookieSecure });
    }
    res.redirect(303, safeNext(req.query.next));
  });

  return router;
}
