import { Router } from 'express';
import { ValidationError } from '../../server/src/domain/errors.js';
import { methodNotAllowed } from '../http/drf-errors.js';
import { bridgeClientOf } from '../http/pod-auth.js';
import { absoluteRequestUrl, queryBoolean, queryPage, querySites, queryText } from '../http/pod-query.js';
import { drfPage } from '../presenters/drf-page.js';
import { presentUserVideo } from '../presenters/user-video.presenter.js';
import { EMPTY_OUTLINE } from '../../server/src/domain/bridge/video-outline.js';
import type { BridgeContext } from './bridge-context.js';

/**
 * Call A of Moodle's repository_pod plugin: `GET /rest/videos/user_videos/` lists the videos a
 * user owns, newest first, one DRF page at a time (the key's page size; 404 past the end).
 */
export function userVideosRoutes(ctx: BridgeContext): Router {
  const router = Router();
  router
    .route('/videos/user_videos/')
    .get(async (req, res) => {
      const client = bridgeClientOf(res);
      const sites = querySites(req);
      if (sites) {
        const known = new Set((await ctx.services.sites.list()).map((site) => site.id));
        const unknown = sites.find((id) => !known.has(id));
        if (unknown !== undefined) {
          throw new ValidationError('invalid_filter', `sites: unknown site ${unknown}.`, { fields: [{ path: 'sites', message: `Select a valid choice. ${unknown} is not one of the available choices.` }] });
        }
      }
      const page = await ctx.services.bridgeCatalogue.userVideos(client, {
        username: queryText(req, 'username') ?? '',
        searchTitle: queryText(req, 'search_title')?.trim() || null,
        encodingInProgress: queryBoolean(req, 'encoding_in_progress'),
        sites,
        page: queryPage(req),
      });
      const extensionsParam = queryText(req, 'extensions');
      // Pod splits on "," without trimming and compares without the dot.
      const extensions = extensionsParam ? extensionsParam.split(',').map((ext) => ext.toLowerCase().replace(/^\./, '')) : null;
      const results = page.items.map((video) =>
        presentUserVideo(video, {
          urls: ctx.urls,
          grant: ctx.grantFor(video),
          disciplines: page.disciplines,
          outline: page.outlines.get(video.id) ?? EMPTY_OUTLINE,
          extensions,
          defaultThumbnailPath: ctx.defaultThumbnailPath,
        }),
      );
      res.json(drfPage(absoluteRequestUrl(ctx.publicUrl, req), page, results));
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
