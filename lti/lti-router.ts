import express, { Router, type Request, type Response } from 'express';
import { gateRefusal } from './launch-gate.js';
import type { LtiProvider } from './lti-provider.js';
import { withWrappedState, type LoginStates } from './login-state.js';

/**
 * /lti: Lectern's checks around ltijs. The login's redirect to the platform carries a signed
 * state (login-state.ts); launches and deep-linking requests posted to `/lti/launch` or
 * `/lti/deeplink` (Moodle's registered redirection URIs) must bring it back valid, then ltijs
 * validates the id_token at its app route and dispatches on the message type.
 */
export function ltiRouter(deps: { provider: LtiProvider; states: LoginStates; refuse: (reason: string, req: Request, res: Response) => void }): Router {
  const router = Router();
  router.all('/login', (req, res, next) => {
    // ltijs answers with a redirect: its Location gets the signed state on the way out.
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name, value) => setHeader(name, name.toLowerCase() === 'location' && typeof value === 'string' ? withWrappedState(value, deps.states) : value);
    next();
  });
  router.post(['/launch', '/deeplink'], express.urlencoded({ extended: false, limit: '64kb' }), (req, res, next) => {
    const body = (req.body ?? {}) as { id_token?: unknown; state?: unknown };
    const refusal = gateRefusal(body, Math.floor(Date.now() / 1000));
    if (refusal) return deps.refuse(refusal, req, res);
    const state = deps.states.unwrap(String(body.state));
    if (!state.ok) return deps.refuse(state.reason, req, res);
    (req.body as { state: string }).state = state.inner;
    // ltijs's body-parser 1 must not read the consumed stream again: its "already parsed" flag.
    (req as Request & { _body?: boolean })._body = true;
    req.url = '/launch';
    next();
  });
  router.use(deps.provider.handler);
  return router;
}
