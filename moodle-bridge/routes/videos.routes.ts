import { Router } from 'express';
import { methodNotAllowed } from '../http/drf-errors.js';
import { bridgeClientOf } from '../http/pod-auth.js';
import { presentVideo } from '../presenters/video.presenter.js';
import { thumbnailPath } from '../presenters/user-video.presenter.js';
import type { BridgeContext } from './bridge-context.js';
import type { Video } from '../../server/src/domain/videos/video.js';
import type { BridgeClient } from '../../server/src/domain/bridge/bridge-client.js';
import { NotFoundError } from '../../server/src/domain/errors.js';

/** Pod's `/rest/videos/<id>/` (Call C of the Moodle plugin reads its `slug`). */
export function videoRoutes(ctx: BridgeContext): Router {
  const router = Router();

  async function present(client: BridgeClient, video: Video) {
    const { disciplines } = await ctx.services.bridgeCatalogue.referenceData(client);
    const grant = ctx.grantFor(video);
    return presentVideo(video, { urls: ctx.urls, grant, disciplines, thumbnailPath: thumbnailPath(video, { urls: ctx.urls, grant, defaultThumbnailPath: ctx.defaultThumbnailPath }) });
  }

  router
    .route('/videos/:id/')
    .get(async (req, res) => {
      const client = bridgeClientOf(res);
      if (!/^\d{1,9}$/.test(String(req.params.id))) throw new NotFoundError('not_found', 'Not found.');
      res.json(await present(client, await ctx.services.bridgeCatalogue.video(client, Number(req.params.id))));
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
