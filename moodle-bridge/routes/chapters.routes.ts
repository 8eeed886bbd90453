import { Router, type RequestHandler } from 'express';
import { ValidationError } from '../../server/src/domain/errors.js';
import { listPage, pathId } from '../http/drf-paging.js';
import { methodNotAllowed } from '../http/drf-errors.js';
import { bridgeClientOf } from '../http/pod-auth.js';
import { withPodBody, type PodBodyOptions } from '../http/pod-body.js';
import { drfNotFoundMessage, inPodFields } from '../http/pod-field-errors.js';
import { presentChapter } from '../presenters/completion.presenter.js';
import { chapterBody, chapterPatchBody } from '../schemas/completion.schemas.js';
import { parseDrf } from '../schemas/drf-fields.js';
import type { BridgeContext } from './bridge-context.js';
import { linkedVideos } from './linked-video.js';

const POD_FIELD_NAMES = { start: 'time_start' };

/** Pod's `/rest/chapters/` (filter `video`): a video's chapters, through the chapter service. */
export function chaptersRoutes(ctx: BridgeContext): Router {
  const router = Router();
  const chapters = ctx.services.enrichmentService.chapters;
  const videos = linkedVideos(ctx);
  const schemas = { full: chapterBody(ctx.publicUrl), partial: chapterPatchBody(ctx.publicUrl) };
  const bodyOptions: PodBodyOptions = { directory: ctx.uploadsDir, maxFileBytes: 1, fileField: null };

  router
    .route('/chapters/')
    .get(async (req, res) => {
      const client = bridgeClientOf(res);
      const video = await videos.filter(client, req);
      const items = video ? await chapters.list(client.actor, video.id) : [];
      res.json(listPage(req, res, ctx.publicUrl, items, (chapter) => presentChapter(chapter, ctx.urls)));
    })
    .post(async (req, res) => {
      const client = bridgeClientOf(res);
      const body = await withPodBody(req, bodyOptions, async ({ fields }) => parseDrf(schemas.full, fields));
      const video = await videos.link(client, body.video);
      const chapter = await inPodFields(POD_FIELD_NAMES, () => chapters.create(client.actor, video.id, { title: body.title, start: body.time_start }));
      const json = presentChapter(chapter, ctx.urls);
      res.status(201).location(json.url).json(json);
    })
    .all(methodNotAllowed(['GET', 'POST']));

  const update =
    (partial: boolean): RequestHandler =>
    async (req, res) => {
      const client = bridgeClientOf(res);
      const id = pathId(req);
      const chapter = await withPodBody(req, bodyOptions, async ({ fields }) => {
        const current = await drfNotFoundMessage(chapters.locate(client.actor, id));
        const body = parseDrf(partial ? schemas.partial : schemas.full, fields);
        if (body.video !== undefined && body.video !== current.videoId) {
          await videos.link(client, body.video);
          const message = 'A chapter cannot move to another video: delete it and create it on the other one.';
          throw new ValidationError('chapter_video_fixed', message, { fields: [{ path: 'video', message }] });
        }
        return inPodFields(POD_FIELD_NAMES, () => chapters.update(client.actor, current.videoId, id, { title: body.title, start: body.time_start }));
      });
      res.json(presentChapter(chapter, ctx.urls));
    };

  router
    .route('/chapters/:id/')
    .get(async (req, res) => {
      res.json(presentChapter(await drfNotFoundMessage(chapters.locate(bridgeClientOf(res).actor, pathId(req))), ctx.urls));
    })
    .put(update(false))
    .patch(update(true))
    .delete(async (req, res) => {
      const actor = bridgeClientOf(res).actor;
      const chapter = await drfNotFoundMessage(chapters.locate(actor, pathId(req)));
      await chapters.remove(actor, chapter.videoId, chapter.id);
      res.status(204).end();
    })
    .all(methodNotAllowed(['GET', 'PUT', 'PATCH', 'DELETE']));
  return router;
}
