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
import { registrationRouter } from './registration.js';
import { createLtiProgressReportService } from '../server/src/domain/lms/lti-progress-report-service.js';
import { createRosterClient } from './roster.js';
import { createRosterTokens, rosterRouter } from './roster-routes.js';
import { progressRoutes } from './progress.routes.js';
import type { UploadRoutesDeps } from '../server/src/http/api/uploads.routes.js';
import { pickerRoutes } from './picker.routes.js';
import { createPickerTokens } from './picker-token.js';

export interface LtiToolDeps {
  readonly services: Services;
  readonly publicUrl: string;
  /** The server secret: the login states' and ltijs's keys derive from it. */
  readonly secret: string;
  readonly logger: Logger;
  /** config.lti.autoApprove: platforms registering themselves are active at once (else pending). */
  readonly autoApprove?: boolean;
  /** The upload endpoint's dependencies (uploadRoutesDeps): the deep-linking picker uploads with them. */
  readonly uploads?: UploadRoutesDeps;
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
  const rosterTokens = createRosterTokens(deriveKey(deps.secret, 'lti-roster'));
  const pickerTokens = createPickerTokens(deriveKey(deps.secret, 'lti-picker'));

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
      onLaunch: guarded(resourceLaunch({ services, publicUrl: deps.publicUrl, playerConfig, rosterTokens })),
      onDeepLinking: guarded(deepLinkingLaunch({ services, tokens: pickerTokens })),
      onRefusal: (reason: string, req: Request, res: Response) => refuse(reason, req, res),
    },

    /** The /lti adapter over a provider built with `handlers`; forgets ltijs's copies of removed platforms. */
    async adapter(provider: LtiProvider): Promise<{ path: string; router: Router }> {
      const sync = createPlatformSync({ provider, platforms: services.ltiPlatformRepository, logger: deps.logger.child({ module: 'lti' }) });
      await sync.prune();
      // Lectern's routes under /lti, before ltijs's (ours shadows its /register). Dynamic
      // registrations belong to the main site (1).
      const extraRoutes = Router();
      extraRoutes.use(registrationRouter({ platforms: services.ltiPlatformService, publicUrl: deps.publicUrl, autoApprove: deps.autoApprove ?? false, siteId: 1 }));
      const rosterLogger = deps.logger.child({ module: 'lti-roster' });
      const roster = createRosterClient({
        accessToken: (issuer, clientId, scopes) => provider.accessToken(issuer, clientId, scopes),
        forgetAccessToken: (issuer, clientId, scopes) => provider.forgetAccessToken(issuer, clientId, scopes),
        logger: rosterLogger,
      });
      const reports = createLtiProgressReportService({ links: services.ltiLinks, platforms: services.ltiPlatformRepository, viewings: services.ltiViewingRecords, roster, logger: rosterLogger });
      extraRoutes.use(rosterRouter({ tokens: rosterTokens, reports }));
      // The player of graded launches reports played segments (scores go to the LMS, AGS).
      extraRoutes.use(progressRoutes(services.ltiProgressService));
      // The deep-linking picker's pages, preview, upload and answer (signed with the platform's tool key).
      extraRoutes.use(pickerRoutes({ services, publicUrl: deps.publicUrl, tokens: pickerTokens, provider, playerConfig, ...(deps.uploads ? { uploads: deps.uploads } : {}) }));
      const router = ltiRouter({
        provider,
        states: createLoginStates(deriveKey(deps.secret, 'lti-login-states')),
        refuse,
        platforms: { find: (issuer, clientId) => services.ltiPlatformService.findForLaunch(issuer, clientId), sync },
        extraRoutes,
      });
      return { path: '/lti', router };
    },
  };
}
