import type { Request, Response } from 'express';
import { AppError } from '../../domain/errors.js';
import type { PendingSsoLink } from '../../domain/sso/sso-login-service.js';
import type { SsoAssertion, SsoSessionMatch, SsoSessionRecord } from '../../domain/sso/sso.js';
import type { User } from '../../domain/users/user.js';
import type { Logger } from '../../infra/logger.js';
import type { Services } from '../../services.js';
import { csrfToken } from '../middlewares/csrf.js';
import { renderSsoNeedsLinkPage } from '../views/sso-pages.view.js';
import { logIn, saveSession } from '../session-steps.js';

declare module 'express-session' {
  interface SessionData {
    /** An SSO identity waiting for the owner of the account of the same name to log in with its password. */
    ssoPendingLink?: PendingSsoLink & { readonly next: string };
  }
}

/** Where to go after an SSO sign-in, and whether it links the identity to the signed-in user (`link=1`). */
export interface SsoLoginIntent {
  /** A local path (checked with safeNext by the routes). */
  readonly next: string;
  /** The signed-in user asking to link this identity; null: an ordinary sign-in. */
  readonly linkUserId: number | null;
}

export interface SsoLoginFlow {
  /**
   * After a verified SAML response or CAS ticket: maps the attributes, finds, links or creates
   * the user, logs them in (a new session), records the SSO session (for single logout) and
   * redirects (303) to `intent.next`; or renders the "an account with this name already exists"
   * page. A refusal throws its typed AppError (sso_user_key_missing, sso_identity_taken,
   * sso_account_inactive), logged here.
   */
  complete(req: Request, res: Response, assertion: SsoAssertion, intent: SsoLoginIntent): Promise<void>;
  /** Single logout from the IdP or CAS server: ends the sessions the request names; how many. */
  endSessions(match: SsoSessionMatch): Promise<number>;
  /** The SSO sign-in behind the current session, or null (a local login, or none). */
  origin(req: Request): Promise<SsoSessionRecord | null>;
  /**
   * After a successful local login: links the identity that was waiting for it, if any (read
   * it with `takePendingLink` before logging in: logging in starts a new session). The flash
   * message says what happened; false when nothing was pending.
   */
  linkPending(req: Request, user: User, pending: (PendingSsoLink & { next: string }) | undefined): Promise<boolean>;
  /** The identity waiting for a local login, removed from the session. */
  takePendingLink(req: Request): (PendingSsoLink & { next: string }) | undefined;
}

/** Built once by app.ts and handed to the SAML and CAS routes and to the login pages. */
export function createSsoLoginFlow(deps: { services: Pick<Services, 'ssoLogin' | 'ssoSettings' | 'ssoSessions'>; logger: Logger }): SsoLoginFlow {
  const { ssoLogin, ssoSettings, ssoSessions } = deps.services;
  const logger = deps.logger.child({ module: 'sso' });

  async function complete(req: Request, res: Response, assertion: SsoAssertion, intent: SsoLoginIntent): Promise<void> {
    const { provider, issuer } = assertion;
    const log = req.log.child({ module: 'sso', provider, issuer });
    const settings = await ssoSettings.get(assertion.siteId);
    let result;
    try {
      result = await ssoLogin.signIn(assertion, settings.mapping, { linkUserId: intent.linkUserId });
    } catch (error) {
      if (error instanceof AppError) log.warn({ code: error.code, linkUserId: intent.linkUserId }, 'SSO sign-in refused');
      throw error;
    }
    if (result.kind === 'needs-link') {
      req.session.ssoPendingLink = { ...result.pending, next: intent.next };
      const csrf = csrfToken(req);
      await saveSession(req);
      log.info({ subject: result.pending.subject, existingUserId: result.existingUserId }, 'SSO sign-in waits for the existing account to be linked');
      res.type('html').send(renderSsoNeedsLinkPage(req, csrf, { username: result.pending.username, localLogin: settings.localLoginEnabled, next: intent.next }));
      return;
    }
    const { user } = result;
    // passport starts a new session (no fixation); it must be stored before its sso_sessions row refers to it.
    await logIn(req, user);
    if (result.how === 'linked') req.session.flash = { kind: 'success', key: 'sso.linked' };
    await saveSession(req);
    await ssoSessions.record({ sessionId: req.sessionID, provider, issuer, userId: user.id, nameId: assertion.nameId, nameIdFormat: assertion.nameIdFormat, sessionIndex: assertion.sessionIndex });
    log.info({ userId: user.id, subject: result.subject, how: result.how }, 'SSO sign-in');
    res.redirect(303, intent.next);
  }

  return {
    complete,

    async endSessions(match) {
      const ended = await ssoSessions.endSessions(match);
      logger.info({ provider: match.provider, issuer: match.issuer, ended }, 'SSO single logout');
      return ended;
    },

    async origin(req) {
      if (!req.user || !req.sessionID) return null;
      const record = await ssoSessions.findBySessionId(req.sessionID);
      return record && record.userId === req.user.id ? record : null;
    },

    takePendingLink(req) {
      const pending = req.session?.ssoPendingLink;
      if (pending) delete req.session.ssoPendingLink;
      return pending;
    },

    async linkPending(req, user, pending) {
      if (!pending) return false;
      const log = req.log.child({ module: 'sso', provider: pending.provider, issuer: pending.issuer });
      try {
        await ssoLogin.linkPending(user, pending);
        req.session.flash = { kind: 'success', key: 'sso.linked' };
      } catch (error) {
        // The local login itself succeeded: say why the link was not made, and go on signed in.
        if (!(error instanceof AppError)) throw error;
        log.warn({ userId: user.id, code: error.code }, 'SSO identity not linked after a local login');
        req.session.flash = { kind: 'error', key: `error.${error.code}` };
      }
      return true;
    },
  };
}
