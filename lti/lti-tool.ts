import { Router, type Request, type Response } from 'express';
import { deriveKey } from '../server/src/domain/access/derive-key.js';
import { AppError } from '../server/src/domain/errors.js';
import { playerConfigBuilder } from '../server/src/http/presenters/player-config-builder.js';
import { playerExtrasFor } from '../server/src/http/presenters/player-extras.js';
import type { Logger } from '../server/src/infra/logger.js';
import type { Services } from '../server/src/services.js';
import { deepLinkingLaunch } from './deep-linking.js';
import { resourceLaunch } from './launch.js';
import type { LaunchHandler, LtiProvider } from './lti-provider.js';
import { refuse } from './lti-refusal.js';
import { ltiRouter } from './lti-router.js';
import { createLoginStates } from './login-state.js';
import { createPlatformSync } from './platform-sync.js';

export interface LtiToolDeps {
  readonly services: Services;
  readonly publicUrl: string;
  /** The server secret: the login states' and ltijs's keys derive from it. */
  readonly secret: string;
  readonly logger: Logger;
}

/** ltijs's encryption key (signs its ltiks, encrypts the tool's private keys in its database). */
export function ltiEncryptionKey(secret: string): string {
  return deriveKey(secret, 'lti-provider').toString('hex');
}

/**
 * Lectern's LTI 1.3 tool: the handlers ltijs calls (launch, deep linking, refusals) and, once
 * the composition root has built the ltijs provider with them, the /lti adapter. A handler's
 * typed error becomes the refusal page of its code; anything else is logged and answered 500.
 */
export function createLtiTool(deps: LtiToolDeps) {
  const { services } = deps;
  const playerConfig = playerConfigBuilder({ playbackService: services.playbackService, extrasFor: playerExtrasFor(services) });

  const guarded = (handler: LaunchHandler): LaunchHandler => async (token, req, res) => {
    try {
      await handler(token, req, res);
    } catch (error) {
      if (error instanceof AppError) return refuse(error.code, req, res, { issuer: token.iss, user: token.user });
      req.log.error({ err: error, issuer: token.iss }, 'LTI launch failed');
      if (!res.headersSent) refuse('internal_error', req, res);
    }
  };

  return {
    handlers: {
      onLaunch: guarded(resourceLaunch({ services, publicUrl: deps.publicUrl, playerConfig })),
      onDeepLinking: guarded(deepLinkingLaunch({ services })),
      onRefusal: (reason: string, req: Request, res: Response) => refuse(reason, req, res),
    },

    /** The /lti adapter over a provider built with `handlers`; forgets ltijs's copies of removed platforms. */
    async adapter(provider: LtiProvider): Promise<{ path: string; router: Router }> {
      const sync = createPlatformSync({ provider, platforms: services.ltiPlatformRepository, logger: deps.logger.child({ module: 'lti' }) });
      await sync.prune();
      const router = ltiRouter({
        provider,
        states: createLoginStates(deriveKey(deps.secret, 'lti-login-states')),
        refuse,
        platforms: { find: (issuer, clientId) => services.ltiPlatformService.findForLaunch(issuer, clientId), sync },
      });
      return { path: '/lti', router };
    },
  };
}
