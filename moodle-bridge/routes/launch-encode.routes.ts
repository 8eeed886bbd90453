import { Router } from 'express';
import { NotFoundError } from '../../server/src/domain/errors.js';
import { methodNotAllowed } from '../http/drf-errors.js';
import { bridgeClientOf } from '../http/pod-auth.js';
import { queryText } from '../http/pod-query.js';
import type { BridgeContext } from './bridge-context.js';
import { videoJsonOf } from './video-json.js';

/**
 * Pod's `GET /rest/launch_encode_view/?slug=<slug>`: queues the video's encoding unless one is
 * under way, and answers the Video JSON. Unknown slug: 404; a video without a file: 400.
 */
export function launchEncodeRoutes(ctx: BridgeContext): Router {
  const router = Router();
  router
    .route('/launch_encode_view/')
    .get(async (req, res) => {
      const client = bridgeClientOf(res);
      const slug = queryText(req, 'slug')?.trim();
      if (!slug) throw new NotFoundError('video_not_found', 'Not found.');
      res.json(await videoJsonOf(ctx, client, await ctx.services.bridgeVideos.launchEncode(client, slug)));
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
