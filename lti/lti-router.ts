import express, { Router, type Request, type Response } from 'express';
import { gateRefusal } from './launch-gate.js';
import type { LtiProvider } from './lti-provider.js';

/**
 * /lti: Lectern's checks, then ltijs. Launches and deep-linking requests are posted to
 * `/lti/launch` or `/lti/deeplink` (Moodle's registered redirection URIs); ltijs validates both
 * at its app route and dispatches on the message type.
 */
export function ltiRouter(deps: { provider: LtiProvider; refuse: (reason: string, req: Request, res: Response) => void }): Router {
  const router = Router();
  const gate = express.urlencoded({ extended: false, limit: '64kb' });
  router.post(['/launch', '/deeplink'], gate, async (req, res, next) => {
    const body = (req.body ?? {}) as { id_token?: unknown; state?: unknown };
    const refusal = gateRefusal(body, Math.floor(Date.now() / 1000));
    if (refusal) return deps.refuse(refusal, req, res);
    if (!(await deps.provider.isPendingState(String(body.state)))) return deps.refuse('unknown_state', req, res);
    req.url = '/launch';
    next();
  });
  router.use(deps.provider.handler);
  return router;
}
