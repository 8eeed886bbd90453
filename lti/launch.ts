import type { Request, Response } from 'express';
import type { ResourceLaunch } from '../server/src/domain/lms/lti-launch-service.js';
import type { LtiPlatform } from '../server/src/domain/lms/lti-platform.js';
import { isLocale, translator } from '../server/src/http/i18n/i18n.js';
import { scriptJson } from '../server/src/http/presenters/player-config.presenter.js';
import type { PlayerConfigBuilder } from '../server/src/http/presenters/player-config-builder.js';
import { html } from '../server/src/http/views/html.js';
import { renderEmbedDocument } from '../server/src/http/views/layout.view.js';
import { renderWatchPage } from '../server/src/http/views/watch.view.js';
import type { Services } from '../server/src/services.js';
import { launchClaimsOf } from './launch-claims.js';
import type { LtijsToken } from './lti-provider.js';
import { refuse } from './lti-refusal.js';
import { withProgress } from './progress.routes.js';
import { rosterEntry } from './roster-page.js';
import type { RosterTokens } from './roster-routes.js';

export interface LaunchDeps {
  readonly services: Services;
  readonly publicUrl: string;
  readonly playerConfig: PlayerConfigBuilder;
  /** Teacher tokens for the "Learners' progress" view (offered to people who teach in the course). */
  readonly rosterTokens?: RosterTokens;
}

/** The launch's language: the platform's launch_presentation.locale (fr-FR, en_US…) when it is ours. */
export function useLaunchLocale(req: Request, token: LtijsToken): void {
  const language = token.platformContext.launchPresentation?.locale?.toLowerCase().split(/[-_]/)[0];
  if (isLocale(language)) {
    req.locale = language;
    req.t = translator(language);
  }
}

/** The platform lti-router.ts admitted this request for, or null. */
export function admittedPlatformOf(res: Response): LtiPlatform | null {
  return (res.locals.ltiPlatform as LtiPlatform | undefined) ?? null;
}

/** The id_token's payload as the router decoded it (ltijs verified the same token). */
export function rawClaimsOf(res: Response): Record<string, unknown> {
  return (res.locals.idTokenClaims as Record<string, unknown> | undefined) ?? {};
}

/**
 * A resource-link launch: the user and course recorded, then the linked video's player in the
 * LMS frame. The page carries its media grant and its viewer token: after this answer, nothing
 * depends on cookies (a cross-site iframe with third-party cookies blocked works).
 */
export function resourceLaunch(deps: LaunchDeps) {
  return async (token: LtijsToken, req: Request, res: Response): Promise<void> => {
    useLaunchLocale(req, token);
    const launch = await deps.services.ltiLaunchService.resourceLaunch(launchClaimsOf(token, rawClaimsOf(res)), admittedPlatformOf(res));
    res.setHeader('Cache-Control', 'private, no-store');
    if (launch.kind === 'unbound') {
      renderUnbound(req, res, launch);
      return;
    }
    const { access, user } = launch;
    if (!access.decision.allowed) {
      refuse('lti_video_forbidden', req, res, { videoId: access.video.id, userId: user.id, reason: access.decision.reason });
      return;
    }
    const { video } = access;
    const pageUrl = `${deps.publicUrl}/video/${video.slug}/`;
    const configJson = video.media ? scriptJson(withProgress(await deps.playerConfig(access, user, req.locale, pageUrl), launch, deps.services.ltiProgressService)) : null;
    const tools = launch.teaches && deps.rosterTokens ? rosterEntry(req, deps.rosterTokens.issue(user.id, launch.link.id, req.locale)) : undefined;
    res.status(200).type('html').send(renderWatchPage(req, '', { video, configJson, pageUrl, embedUrl: `${pageUrl}?is_iframe=true`, oembedUrl: null, canManage: false, downloads: [], ...(tools ? { tools } : {}) }, true));
  };
}

function renderUnbound(req: Request, res: Response, launch: Extract<ResourceLaunch, { kind: 'unbound' }>): void {
  const explanation = launch.reason === 'bad_video' ? req.t('lti.unbound.badVideo') : launch.teaches ? req.t('lti.unbound.teacher') : req.t('lti.unbound.student');
  res.status(200).type('html').send(renderEmbedDocument(req, req.t('lti.unbound.title'), html`<h1>${req.t('lti.unbound.title')}</h1><p>${explanation}</p>`));
}
