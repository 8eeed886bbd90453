import { Router, type Request } from 'express';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { casServiceUrl, CasTicketRefusedError, CasUnavailableError, isServiceTicket, type CasProtocol } from '../../domain/sso/cas-protocol.js';
import type { CasServer, CasServerDirectory } from '../../domain/sso/cas-server.js';
import { normaliseAttributes } from '../../domain/sso/sso-attributes.js';
import type { SsoAssertion } from '../../domain/sso/sso.js';
import { parseLogoutRequest } from '../../infra/cas/cas-xml.js';
import type { Logger } from '../../infra/logger.js';
import { parseRecordId } from '../record-id.js';
import { safeNext } from '../web/auth.pages.js';
import type { SsoLoginFlow } from './sso-login-flow.js';
import { saveSession } from '../session-steps.js';
import { linkIntent, SIGN_IN_FIRST_URL } from './link-intent.js';

declare module 'express-session' {
  interface SessionData {
    /** A CAS sign-in under way: which server, where to go afterwards, and who asked to link the identity (link=1). */
    casLogin?: { readonly serverId: number; readonly next: string; readonly linkUserId: number | null };
  }
}

export interface CasRoutesDeps {
  readonly cas: CasProtocol;
  readonly casServers: CasServerDirectory;
  readonly loginFlow: Pick<SsoLoginFlow, 'complete' | 'endSessions'>;
  readonly publicUrl: string;
  readonly logger: Logger;
}

/**
 * CAS 3.0 sign-in (shared/specs/bbb-xapi-sso.md §3.5): GET /sso/cas/<id>/login sends the
 * browser to the CAS server; GET /sso/cas/<id>/callback?ticket=ST-… validates the ticket and
 * hands the sign-in to the SSO login flow; POST to the same callback with `logoutRequest` is
 * the CAS server's back-channel single logout. Mounted before CSRF checks: the callback is a
 * navigation coming back from the CAS server, and the logout request comes from the server
 * itself; each carries its own proof (a single-use ticket, validated by the CAS server; a
 * ticket only that server and this session know).
 */
export function casRoutes(deps: CasRoutesDeps): Router {
  const { cas, casServers, loginFlow, publicUrl } = deps;
  const logger = deps.logger.child({ module: 'cas' });
  const router = Router();

  /** The server of the `:id` parameter; unknown (or disabled, when `enabledOnly`) is a 404. */
  async function serverOf(req: Request, enabledOnly: boolean): Promise<CasServer> {
    const id = parseRecordId(req.params.id);
    const server = id === null ? null : await casServers.findById(id);
    if (!server || (enabledOnly && !server.enabled)) throw new NotFoundError('cas_server_unknown', 'This CAS server is unknown, or no longer used for signing in.');
    return server;
  }

  router.get('/sso/cas/:id/login', async (req, res) => {
    const server = await serverOf(req, true);
    const next = safeNext(req.query.next);
    // Linking adds the identity to the signed-in account: who that is must be known first.
    const link = linkIntent(req);
    if (link.kind === 'sign-in-first') {
      res.redirect(303, SIGN_IN_FIRST_URL);
      return;
    }
    if (link.kind === 'none' && req.user) {
      res.redirect(303, next);
      return;
    }
    req.session.casLogin = { serverId: server.id, next, linkUserId: link.kind === 'link' ? link.userId : null };
    await saveSession(req);
    req.log.info({ casServerId: server.id, link: link.kind === 'link' }, 'CAS sign-in started');
    res.redirect(303, cas.loginUrl(server, casServiceUrl(publicUrl, server.id)));
  });

  router.get('/sso/cas/:id/callback', async (req, res) => {
    const server = await serverOf(req, true);
    const ticket = req.query.ticket;
    if (ticket === undefined || ticket === '') throw new ValidationError('cas_ticket_missing', 'The CAS server sent no ticket back.');
    if (!isServiceTicket(ticket)) throw new ValidationError('cas_ticket_invalid', 'A CAS service ticket starts with ST- and has at most 256 letters, digits and hyphens.');
    // Only a sign-in this browser started: someone else's ticket must not sign it in (login CSRF).
    const pending = req.session?.casLogin;
    if (!pending || pending.serverId !== server.id) throw new ValidationError('cas_login_not_started', 'This CAS sign-in was not started here (or it expired): sign in again.');
    delete req.session.casLogin;
    const log = req.log.child({ module: 'cas', casServerId: server.id });
    let validation;
    try {
      validation = await cas.validate(server, casServiceUrl(publicUrl, server.id), ticket);
    } catch (error) {
      if (error instanceof CasTicketRefusedError) log.warn({ reason: error.reason, description: error.description }, 'CAS ticket refused');
      else if (error instanceof CasUnavailableError) log.warn({ reason: error.reason, detail: error.message }, 'CAS server unavailable');
      throw error;
    }
    const assertion: SsoAssertion = {
      provider: 'cas',
      siteId: server.siteId,
      issuer: server.baseUrl,
      nameId: validation.user,
      nameIdFormat: null,
      sessionIndex: ticket,
      // The CAS user is an attribute too, so that the identity mapping can key on it.
      attributes: normaliseAttributes({ ...validation.attributes, user: [validation.user] }),
    };
    // The link asked for holds only while the same user is signed in (logging in or out starts a new session anyway).
    const linkUserId = pending.linkUserId !== null && req.user?.id === pending.linkUserId ? pending.linkUserId : null;
    await loginFlow.complete(req, res, assertion, { next: pending.next, linkUserId });
  });

  router.post('/sso/cas/:id/callback', async (req, res) => {
    const server = await serverOf(req, false);
    const body = req.body as { logoutRequest?: unknown } | undefined;
    const request = typeof body?.logoutRequest === 'string' ? parseLogoutRequest(body.logoutRequest) : null;
    if (!request || !isServiceTicket(request.sessionIndex)) {
      logger.warn({ casServerId: server.id, requestId: req.id }, 'CAS logout request refused: not a LogoutRequest naming a service ticket');
      throw new ValidationError('cas_logout_request_invalid', 'Expected a SAML LogoutRequest naming a service ticket in the form field logoutRequest.');
    }
    const ended = await loginFlow.endSessions({ provider: 'cas', issuer: server.baseUrl, sessionIndex: request.sessionIndex });
    logger.info({ casServerId: server.id, requestId: req.id, ended }, 'CAS single logout');
    res.status(200).type('text/plain').send(ended > 0 ? 'session ended' : 'no session');
  });

  return router;
}
