import { Router } from 'express';
import { pathId } from '../http/drf-paging.js';
import { methodNotAllowed } from '../http/drf-errors.js';
import { bridgeClientOf } from '../http/pod-auth.js';
import { drfNotFoundMessage } from '../http/pod-field-errors.js';
import { absoluteRequestUrl } from '../http/pod-query.js';
import { videoListQuery } from '../http/video-filters.js';
import { drfPage } from '../presenters/drf-page.js';
import type { BridgeContext } from './bridge-context.js';
import { videoJson, videoJsonOf } from './video-json.js';
import { videoWriteHandlers } from './video-writes.js';

/**
 * Pod's `/rest/videos/` and `/rest/videos/<id>/`: the key's site's videos, newest first, with
 * Pod's filters (owner, type, date_added, is_draft, is_restricted, encoding_in_progress,
 * sites); create, replace, patch and delete. A filter naming nothing known lists nothing; a
 * malformed one is a 400.
 */
export function videoRoutes(ctx: BridgeContext): Router {
  const router = Router();
  const writes = videoWriteHandlers(ctx);
  const listQuery = videoListQuery(ctx.publicUrl);

  router
    .route('/videos/')
    .get(async (req, res) => {
      const page = await ctx.services.bridgeCatalogue.list(bridgeClientOf(res), listQuery(req));
      res.json(drfPage(absoluteRequestUrl(ctx.publicUrl, req), page, page.items.map((video) => videoJson(ctx, video, page.disciplines))));
    })
    .post(writes.create)
    .all(methodNotAllowed(['GET', 'POST']));

  router
    .route('/videos/:id/')
    .get(async (req, res) => {
      const client = bridgeClientOf(res);
      res.json(await videoJsonOf(ctx, client, await ctx.services.bridgeCatalogue.video(client, pathId(req))));
    })
    .put(writes.replace)
    .patch(writes.patch)
    .delete(async (req, res) => {
      await drfNotFoundMessage(ctx.services.bridgeVideos.remove(bridgeClientOf(res), pathId(req)));
      res.status(204).end();
    })
    .all(methodNotAllowed(['GET', 'PUT', 'PATCH', 'DELETE']));
  return router;
}
