import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import session from 'express-session';
import type pg from 'pg';
import type { Config } from './config/config.js';
import { createApiRouter } from './http/api/api-router.js';
import { createMediaHandler } from './http/media/media-handler.js';
import { serveMediaBeforeExpress } from './http/media/media.routes.js';
import { authenticateToken } from './http/middlewares/authenticate.js';
import { verifyCsrf } from './http/middlewares/csrf.js';
import { errorHandler, notFoundHandler } from './http/middlewares/error-handler.js';
import { loginRateLimit, meetingJoinRateLimit, videoPasswordRateLimit } from './http/middlewares/login-rate-limit.js';
import { requestContext } from './http/middlewares/request-context.js';
import { securityHeaders } from './http/middlewares/security-headers.js';
import { createPassport } from './http/passport-setup.js';
import './http/request-context.js';
import { healthRoutes } from './http/routes/health.routes.js';
import { bbbCallbackRoutes } from './http/routes/bbb-callback.routes.js';
import { staticAssets } from './http/static-assets.js';
import { authPages } from './http/web/auth.pages.js';
import { createSsoLoginFlow } from './http/sso/sso-login-flow.js';
import { ssoPages } from './http/web/sso.pages.js';
import { casRoutes } from './http/sso/cas.routes.js';
import { createCasSignOut } from './http/sso/cas-sign-out.js';
import { samlRoutes } from './http/sso/saml.routes.js';
import { videoPages } from './http/web/videos.pages.js';
import { meetingPages } from './http/web/meetings.pages.js';
import { recordingPages } from './http/web/recordings.pages.js';
import { watchPages } from './http/web/watch.pages.js';
import { playerExtrasFor } from './http/presenters/player-extras.js';
import { playerConfigBuilder } from './http/presenters/player-config-builder.js';
import type { Logger } from './infra/logger.js';
import { projectRoot } from './infra/project-root.js';
import type { Services } from './services.js';
import type { SsoProvider, SsoSignOut } from './domain/sso/sso.js';

export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly pool: pg.Pool;
  readonly services: Services;
  readonly sessionStore: session.Store;
  readonly sessionSecret: string;
  readonly version: string;
  /**
   * Adapters the composition root mounts (the Moodle bridge at /rest): before sessions and the
   * app's parsers, since they authenticate and parse on their own.
   */
  readonly adapters?: readonly { readonly path: string; readonly router: RequestHandler }[];
}

export const SESSION_COOKIE = 'lectern.sid';

/** The Express application, without listening: main.ts listens, tests use supertest. */
export function buildApp(deps: AppDeps) {
  const { config, logger, services } = deps;
  const app: Express = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.http.trustProxy);
  // /media/ is answered before Express (media.routes.ts): its own headers, request id and log line.
  serveMediaBeforeExpress(app, createMediaHandler({ grants: services.mediaGrants, epochs: services.accessEpochs, storage: services.storage, config: config.media, logger }));
  app.use(securityHeaders);
  app.use(requestContext(logger, config.defaultLocale));
  app.use(healthRoutes(deps.pool));
  // BBB's server-to-server notification (a signed form POST): before sessions and CSRF.
  app.use(bbbCallbackRoutes({ recordingReady: services.recordingReady }));
  // Browsers ask for /favicon.ico on every page: answer before sessions and pages.
  app.get('/favicon.ico', (_req, res) => {
    res.redirect(301, '/assets/favicon.svg');
  });
  app.use('/assets', ...staticAssets(path.join(projectRoot(), 'player', 'dist')));
  for (const adapter of deps.adapters ?? []) app.use(adapter.path, adapter.router);

  app.use(
    session({
      name: SESSION_COOKIE,
      store: deps.sessionStore,
      secret: deps.sessionSecret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, maxAge: config.sessionTtlHours * 3600_000 },
    }),
  );
  const passport = createPassport(services.userService);
  // SSO sign-ins end here (the SAML and CAS routes hand their verified assertions over), and the login pages link pending identities.
  const ssoLoginFlow = createSsoLoginFlow({ services, logger });
  // POST /logout goes on to the IdP's or CAS server's logout for SSO sessions: each protocol adds its SsoSignOut here.
  const ssoSignOut: Partial<Record<SsoProvider, SsoSignOut>> = {};
  ssoSignOut.cas = createCasSignOut({ cas: services.casClient, publicUrl: config.publicUrl });
  ssoSignOut.saml = services.samlSp;
  app.use(passport.session());
  app.use(authenticateToken(services.tokenService));
  // Upload bodies (tus, multipart) are streams of other types: these parsers leave them alone.
  app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));
  app.use(express.urlencoded({ extended: false, limit: '256kb' }));
  // CAS: the callback is a navigation back from the CAS server (a single-use ticket), the logout request comes from the server itself.
  app.use(casRoutes({ cas: services.casClient, casServers: services.casServers, loginFlow: ssoLoginFlow, publicUrl: config.publicUrl, logger }));
  // SAML: the IdP's POST to the ACS and its single-logout messages come from its own pages, signed.
  app.use(samlRoutes({ saml: services.samlSp, idps: services.samlIdps, loginFlow: ssoLoginFlow, logger, publicUrl: config.publicUrl }));
  app.use(verifyCsrf);

  const uploads = {
    uploadService: services.uploadService,
    uploadsDir: path.join(config.varDir, 'uploads'),
    maxSize: config.uploads.maxSize,
    expirationMs: config.uploads.incompleteTtlHours * 3600_000,
    publicUrl: config.publicUrl,
    logger,
  };
  const playerConfig = playerConfigBuilder({ playbackService: services.playbackService, extrasFor: playerExtrasFor(services) });
  const api = createApiRouter({ services, publicUrl: config.publicUrl, version: deps.version, uploads, playerConfig });
  app.use('/api/v1', api.router);
  // Login (SSO first), logout (on to the IdP's or CAS server's logout), IdP discovery, "My sign-in methods".
  const ssoDirectories = { ssoSettings: services.ssoSettings, samlIdps: services.samlIdps, casServers: services.casServers };
  app.use(
    authPages({
      passport,
      rateLimit: loginRateLimit({ limit: config.login.rateLimit, windowMinutes: config.login.rateWindowMinutes }),
      cookieSecure: config.cookieSecure,
      directories: ssoDirectories,
      flow: ssoLoginFlow,
      signOut: ssoSignOut,
    }),
  );
  app.use(ssoPages({ directories: ssoDirectories, ssoLogin: services.ssoLogin, cookieSecure: config.cookieSecure }));
  app.use(
    watchPages({
      services,
      publicUrl: config.publicUrl,
      passwordRateLimit: videoPasswordRateLimit({ limit: config.login.rateLimit, windowMinutes: config.login.rateWindowMinutes }),
      playerConfig,
    }),
  );
  app.use(videoPages({ services, uploads, publicUrl: config.publicUrl }));
  // Guests joining through invitation links: 30 times the login attempts allowed, per address and meeting (a lecture hall may share one address).
  const joinRateLimit = meetingJoinRateLimit({ limit: config.login.rateLimit * 30, windowMinutes: config.login.rateWindowMinutes });
  app.use(meetingPages({ services, publicUrl: config.publicUrl, joinRateLimit }));
  app.use(recordingPages({ services }));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return { app, tus: api.tus, operations: api.operations };
}
