import express, { Router, type Request, type Response, type NextFunction } from 'express';
import type { LtiPlatform } from '../server/src/domain/lms/lti-platform.js';
import { acceptsDeployment } from '../server/src/domain/lms/lti-platform.js';
import { launchOrigin } from './launch-claims.js';
import { gateRefusal, unverifiedPayload } from './launch-gate.js';
import type { LtiProvider } from './lti-provider.js';
import { withWrappedState, type LoginStates } from './login-state.js';
import type { PlatformSync } from './platform-sync.js';

export type Refuse = (reason: string, req: Request, res: Response, detail?: Record<string, unknown>) => void;

export interface LtiRouterDeps {
  readonly provider: LtiProvider;
  readonly states: LoginStates;
  readonly refuse: Refuse;
  /** Lectern's platforms (the truth), and ltijs's copies kept in step; absent: ltijs alone decides (tests of the provider). */
  readonly platforms?: {
    find(issuer: string, clientId: string | null): Promise<LtiPlatform | null>;
    readonly sync: PlatformSync;
  };
  /** Routes Lectern adds under /lti before ltijs's (deep-linking answers, progress, roster, registration). */
  readonly extraRoutes?: Router;
}

/**
 * /lti: Lectern's checks around ltijs. Logins and launches name their platform: it must be one
 * of Lectern's, active, with an accepted deployment (refused with a page and a logged reason
 * otherwise), and ltijs's copy is brought in step before ltijs answers. The login's redirect to
 * the platform carries a signed state (login-state.ts); launches and deep-linking requests
 * posted to `/lti/launch` or `/lti/deeplink` (Moodle's registered redirection URIs) must bring it
 * back valid, then ltijs validates the id_token at its app route and dispatches on the message type.
 */
export function ltiRouter(deps: LtiRouterDeps): Router {
  const router = Router();

  /** Null when refused (the answer is sent). */
  async function admitted(req: Request, res: Response, issuer: string, clientId: string | null, deploymentId: string | null): Promise<boolean> {
    if (!deps.platforms) return true;
    const platform = await deps.platforms.find(issuer, clientId);
    const detail = { issuer, clientId, deploymentId, platformId: platform?.id };
    if (!platform) return (deps.refuse('unknown_platform', req, res, detail), false);
    if (platform.status !== 'active') return (deps.refuse(platform.status === 'pending' ? 'lti_platform_pending' : 'lti_platform_inactive', req, res, detail), false);
    if (deploymentId !== null && !acceptsDeployment(platform, deploymentId)) return (deps.refuse('lti_deployment_refused', req, res, detail), false);
    await deps.platforms.sync.ensure(platform);
    // The launch handlers check it again against the verified token, without reading it again.
    res.locals.ltiPlatform = platform;
    return true;
  }

  const loginForm = express.urlencoded({ extended: false, limit: '16kb' });
  router.all('/login', loginForm, async (req: Request, res: Response, next: NextFunction) => {
    const params = { ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
    // ltijs's Express 4 app loses Express 5's query getter: it reads the parameters from the
    // body, already parsed (its body-parser 1 skips a request flagged `_body`).
    req.body = params;
    (req as Request & { _body?: boolean })._body = true;
    const issuer = typeof params.iss === 'string' ? params.iss : '';
    if (!issuer) return deps.refuse('missing_issuer', req, res);
    const clientId = typeof params.client_id === 'string' && params.client_id ? params.client_id : null;
    const deploymentId = typeof params.lti_deployment_id === 'string' && params.lti_deployment_id ? params.lti_deployment_id : null;
    if (!(await admitted(req, res, issuer, clientId, deploymentId))) return;
    // ltijs answers with a redirect: its Location gets the signed state on the way out.
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name, value) => setHeader(name, name.toLowerCase() === 'location' && typeof value === 'string' ? withWrappedState(value, deps.states) : value);
    next();
  });

  router.post(['/launch', '/deeplink'], express.urlencoded({ extended: false, limit: '64kb' }), async (req: Request, res: Response, next: NextFunction) => {
    const body = (req.body ?? {}) as { id_token?: unknown; state?: unknown; error?: unknown; error_description?: unknown };
    if (typeof body.error === 'string') return deps.refuse(`platform_${body.error}`, req, res, { description: typeof body.error_description === 'string' ? body.error_description.slice(0, 300) : undefined });
    const refusal = gateRefusal(body, Math.floor(Date.now() / 1000));
    if (refusal) return deps.refuse(refusal, req, res);
    const payload = unverifiedPayload(String(body.id_token))!;
    const state = deps.states.unwrap(String(body.state), typeof payload.nonce === 'string' ? payload.nonce : '');
    if (!state.ok) return deps.refuse(state.reason, req, res);
    const origin = launchOrigin(payload);
    if (!origin) return deps.refuse('missing_iss_or_aud', req, res);
    if (!(await admitted(req, res, origin.issuer, origin.clientId, origin.deploymentId))) return;
    res.locals.idTokenClaims = payload;
    (req.body as { state: string }).state = state.inner;
    // ltijs's body-parser 1 must not read the consumed stream again: its "already parsed" flag.
    (req as Request & { _body?: boolean })._body = true;
    req.url = '/launch';
    next();
  });
  if (deps.extraRoutes) router.use(deps.extraRoutes);
  router.use(deps.provider.handler);
  return router;
}
