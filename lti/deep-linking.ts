import type { Request, Response } from 'express';
import type { Services } from '../server/src/services.js';
import { launchClaimsOf } from './launch-claims.js';
import { rawClaimsOf, useLaunchLocale } from './launch.js';
import type { LtijsToken } from './lti-provider.js';
import { refuse } from './lti-refusal.js';

/** Deep-linking requests (the teacher's picker). In progress: see lti/README.md. */
export function deepLinkingLaunch(deps: { services: Services }) {
  return async (token: LtijsToken, req: Request, res: Response): Promise<void> => {
    useLaunchLocale(req, token);
    await deps.services.ltiLaunchService.begin(launchClaimsOf(token, rawClaimsOf(res)));
    refuse('deep_linking_unavailable', req, res);
  };
}
