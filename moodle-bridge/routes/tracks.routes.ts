import { readFile } from 'node:fs/promises';
import { Router } from 'express';
import { TRACK_MAX_BYTES } from '../../server/src/domain/enrichments/enrichment.js';
import { listPage, pathId } from '../http/drf-paging.js';
import { methodNotAllowed } from '../http/drf-errors.js';
import { bridgeClientOf } from '../http/pod-auth.js';
import { withPodBody } from '../http/pod-body.js';
import { drfNotFoundMessage, inPodFields } from '../http/pod-field-errors.js';
import { presentTrack } from '../presenters/completion.presenter.js';
import { trackBody } from '../schemas/completion.schemas.js';
import { fileProblems, parseDrf } from '../schemas/drf-fields.js';
import type { BridgeContext } from './bridge-context.js';
import { linkedVideos } from './linked-video.js';

const POD_FIELD_NAMES = { file: 'src' };

/**
 * Pod's `/rest/tracks/` (filter `video`): subtitle and caption tracks through the track service.
 * Created from a multipart form whose `src` part is the WebVTT (or SRT) file; `src` on read is
 * the file's absolute URL behind the video's media grant. Tracks are created and deleted, not
 * changed (PUT and PATCH are 405).
 */
export function tracksRoutes(ctx: BridgeContext): Router {
  const router = Router();
  const tracks = ctx.services.enrichmentService.tracks;
  const videos = linkedVideos(ctx);
  const schema = trackBody(ctx.publicUrl);

  router
    .route('/tracks/')
    .get(async (req, res) => {
      const client = bridgeClientOf(res);
      const video = await videos.filter(client, req);
      const items = video ? await tracks.list(client.actor, video.id) : [];
      const grant = video ? ctx.grantFor(video) : '';
      res.json(listPage(req, res, ctx.publicUrl, items, (track) => presentTrack(track, ctx.urls, grant)));
    })
    .post(async (req, res) => {
      const client = bridgeClientOf(res);
      const { track, video } = await withPodBody(req, { directory: ctx.uploadsDir, maxFileBytes: TRACK_MAX_BYTES, fileField: 'src' }, async ({ fields, file }) => {
        const body = parseDrf(schema, fields, fileProblems('src', file, true));
        const linked = await videos.link(client, body.video);
        const input = { kind: body.kind, lang: body.lang, file: { filename: file!.filename, bytes: await readFile(file!.filePath) } };
        return { track: await inPodFields(POD_FIELD_NAMES, () => tracks.create(client.actor, linked.id, input)), video: linked };
      });
      const json = presentTrack(track, ctx.urls, ctx.grantFor(video));
      res.status(201).location(json.url).json(json);
    })
    .all(methodNotAllowed(['GET', 'POST']));

  router
    .route('/tracks/:id/')
    .get(async (req, res) => {
      const client = bridgeClientOf(res);
      const track = await drfNotFoundMessage(tracks.locate(client.actor, pathId(req)));
      res.json(presentTrack(track, ctx.urls, ctx.grantFor(await ctx.services.bridgeCatalogue.video(client, track.videoId))));
    })
    .delete(async (req, res) => {
      const actor = bridgeClientOf(res).actor;
      const track = await drfNotFoundMessage(tracks.locate(actor, pathId(req)));
      await tracks.remove(actor, track.videoId, track.id);
      res.status(204).end();
    })
    .all(methodNotAllowed(['GET', 'DELETE']));
  return router;
}
