import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import type { Services } from '../server/src/services.js';
import { basicAuthRateLimit } from '../server/src/http/middlewares/login-rate-limit.js';
import { drfErrorHandler, drfNotFound } from './http/drf-errors.js';
import { basicUsername, podAuthentication } from './http/pod-auth.js';
import { podUrls } from './presenters/pod-urls.js';
import type { PodRendition } from './presenters/reference.presenter.js';
import { accessGroupsRoutes } from './routes/access-groups.routes.js';
import type { BridgeContext } from './routes/bridge-context.js';
import { chaptersRoutes } from './routes/chapters.routes.js';
import { encodedFilesRoutes } from './routes/encoded-files.routes.js';
import { launchEncodeRoutes } from './routes/launch-encode.routes.js';
import { referenceRoutes } from './routes/reference.routes.js';
import { rootRoutes } from './routes/root.routes.js';
import { tracksRoutes } from './routes/tracks.routes.js';
import { typesRoutes } from './routes/types.routes.js';
import { userVideosRoutes } from './routes/user-videos.routes.js';
import { usersRoutes } from './routes/users.routes.js';
import { videoRoutes } from './routes/videos.routes.js';

export interface MoodleBridgeDeps {
  readonly services: Services;
  readonly publicUrl: string;
  readonly varDir: string;
  readonly maxUploadSize: number;
  readonly rateLimit: { readonly limit: number; readonly windowMinutes: number };
  /** The encoding ladder (config), shown as Pod's `renditions`. */
  readonly renditions: readonly PodRendition[];
}

export const DEFAULT_THUMBNAIL_PATH = '/assets/default-thumbnail.svg';

/**
 * Esup-Pod's REST dialect at `/rest/`: the Moodle repository_pod plugin's three calls and the
 * admin API Pod scripts use. Its own authentication (Token, Basic; administrators only), its
 * own body parsers and DRF-shaped errors; no sessions, no CSRF (no cookies are read).
 */
export function createMoodleBridge(deps: MoodleBridgeDeps): { path: string; router: RequestHandler } {
  const { services } = deps;
  const ctx: BridgeContext = {
    services,
    publicUrl: deps.publicUrl,
    urls: podUrls(deps.publicUrl),
    uploadsDir: path.join(deps.varDir, 'uploads', 'pod'),
    maxUploadSize: deps.maxUploadSize,
    grantFor: (video) => services.playbackService.grantFor(video).grant,
    defaultThumbnailPath: DEFAULT_THUMBNAIL_PATH,
  };
  const router = Router({ strict: false });
  router.use(...podAuthentication({ tokens: services.tokenService, users: services.userService, basicRateLimit: basicAuthRateLimit(deps.rateLimit, basicUsername) }));
  router.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));
  router.use(express.urlencoded({ extended: false, limit: '256kb' }));
  router.use(rootRoutes(ctx));
  router.use(usersRoutes(ctx));
  router.use(typesRoutes(ctx));
  router.use(referenceRoutes(ctx, deps.renditions));
  router.use(accessGroupsRoutes(ctx));
  router.use(userVideosRoutes(ctx));
  router.use(encodedFilesRoutes(ctx));
  router.use(videoRoutes(ctx));
  router.use(launchEncodeRoutes(ctx));
  router.use(chaptersRoutes(ctx));
  router.use(tracksRoutes(ctx));
  router.use(drfNotFound);
  router.use(drfErrorHandler);
  return { path: '/rest', router };
}
