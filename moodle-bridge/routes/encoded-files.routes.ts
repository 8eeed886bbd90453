import { Router, type Request, type Response } from 'express';
import { NotFoundError } from '../../server/src/domain/errors.js';
import type { Video } from '../../server/src/domain/videos/video.js';
import { methodNotAllowed } from '../http/drf-errors.js';
import { bridgeClientOf } from '../http/pod-auth.js';
import { absoluteRequestUrl, queryInteger, queryPage, queryText } from '../http/pod-query.js';
import { decodeEncodedFileId, filesOfFamily, withExtension, type EncodedFamily, type EncodedFile } from '../presenters/encoded-files.js';
import { drfPage } from '../presenters/drf-page.js';
import { presentEncodedFile } from '../presenters/encoded-file.presenter.js';
import type { BridgeContext } from './bridge-context.js';

const COLLECTIONS: Record<EncodedFamily, string> = { video: 'encodings_video', audio: 'encodings_audio', playlist: 'playlist_videos' };

/**
 * Pod's encoded files: Call B of the Moodle plugin (`video_encodedfiles` / `audio_encodedfiles`,
 * bare arrays, video files by height; `source_file` an absolute URL carrying a media grant, so
 * Moodle's redirect plays while the media stay protected) and the `encodings_video`,
 * `encodings_audio` and `playlist_videos` resources scripts read.
 */
export function encodedFilesRoutes(ctx: BridgeContext): Router {
  const router = Router();

  async function videoOf(res: Response, id: number | null): Promise<Video | null> {
    if (id === null) return null;
    try {
      return await ctx.services.bridgeCatalogue.video(bridgeClientOf(res), id);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  const present = (video: Video, files: readonly EncodedFile[]) => {
    const grant = ctx.grantFor(video);
    return files.map((file) => presentEncodedFile(file, ctx.urls, grant));
  };

  function routesFor(family: EncodedFamily, action: string | null): void {
    const collection = COLLECTIONS[family];
    if (action) {
      // Not paginated, filtered on video and extension; an unknown or foreign video lists nothing.
      router
        .route(`/${collection}/${action}/`)
        .get(async (req, res) => {
          const video = await videoOf(res, queryInteger(req, 'video'));
          res.json(video ? present(video, withExtension(filesOfFamily(family, video.id, video.media), queryText(req, 'extension'))) : []);
        })
        .all(methodNotAllowed(['GET']));
    }
    router
      .route(`/${collection}/`)
      .get(async (req: Request, res) => {
        // Pod filters encodings_video/audio on `video`; playlist_videos has no filter, so scripts
        // must pass one here (listing every file of a site would mean reading every manifest).
        const video = await videoOf(res, queryInteger(req, 'video'));
        const files = video ? present(video, filesOfFamily(family, video.id, video.media)) : [];
        const requested = queryPage(req);
        const pageSize = bridgeClientOf(res).pageSize;
        const last = Math.max(1, Math.ceil(files.length / pageSize));
        const page = requested === 'last' ? last : requested;
        if (page < 1 || page > last) throw new NotFoundError('invalid_page', 'Invalid page.');
        res.json(drfPage(absoluteRequestUrl(ctx.publicUrl, req), { total: files.length, page, pageSize }, files.slice((page - 1) * pageSize, page * pageSize)));
      })
      .all(methodNotAllowed(['GET']));
    router
      .route(`/${collection}/:id/`)
      .get(async (req, res) => {
        const decoded = /^\d{1,12}$/.test(String(req.params.id)) ? decodeEncodedFileId(Number(req.params.id)) : null;
        const video = decoded ? await videoOf(res, decoded.videoId) : null;
        const file = video ? filesOfFamily(family, video.id, video.media).find((candidate) => candidate.id === Number(req.params.id)) : undefined;
        if (!video || !file) throw new NotFoundError('not_found', 'Not found.');
        res.json(present(video, [file])[0]);
      })
      .all(methodNotAllowed(['GET']));
  }

  routesFor('video', 'video_encodedfiles');
  routesFor('audio', 'audio_encodedfiles');
  routesFor('playlist', null);
  return router;
}
