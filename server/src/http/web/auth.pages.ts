import { Router, type Request } from 'express';
import type { LecternPassport } from '../passport-setup.js';
import type { RequestHandler } from 'express';
import type { User } from '../../domain/users/user.js';
import { isLocale } from '../i18n/i18n.js';
import { LOCALE_COOKIE } from '../middlewares/request-context.js';
import { renderLoginPage } from '../views/login.view.js';

/** A local path to come back to after login; anything else goes home. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/my/videos';
}

function logIn(req: Request, user: User): Promise<void> {
  return new Promise((resolve, reject) => req.logIn(user, (error) => (error ? reject(error) : resolve())));
}

export function authPages(deps: { passport: LecternPassport; rateLimit: RequestHandler; cookieSecure: boolean }): Router {
  const router = Router();
  router.get('/', (req, res) => {
    res.redirect(303, req.user ? '/my/videos' : '/login');
  });

  router.get('/login', (req, res) => {
    if (req.user) {
      res.redirect(303, safeNext(req.query.next));
      return;
    }
    res.type('html').send(renderLoginPage(req, res.locals.csrfToken as string, { next: safeNext(req.query.next) }));
  });

  router.post('/login', deps.rateLimit, (req, res, next) => {
    deps.passport.authenticate('local', (error: unknown, user: User | false) => {
      if (error) {
        next(error);
        return;
      }
      const nextPath = safeNext(req.body?.next);
      if (!user) {
        res.status(401).type('html').send(renderLoginPage(req, res.locals.csrfToken as string, { next: nextPath, username: String(req.body?.username ?? ''), failed: true }));
        return;
      }
      // passport regenerates the session on login (no fixation); the CSRF token goes with it.
      logIn(req, user).then(() => res.redirect(303, nextPath), next);
    })(req, res, next);
  });

  router.post('/logout', (req, res, next) => {
    req.logOut((error) => {
      if (error) {
        next(error);
        return;
      }
      res.redirect(303, '/login');
    });
  });

  router.get('/lang', (req, res) => {
    const to = req.query.to;
    if (isLocale(to)) {
      res.cookie(LOCALE_COOKIE, to, { maxAge: 365 * 24 * 3600 * 1000, httpOnly: false, sameSite: 'lax', secure: deps.cookieSecure });
    }
    res.redirect(303, safeNext(req.query.next));
  });

  return router;
}
