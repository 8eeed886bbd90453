import type { Request, RequestHandler, Response } from 'express';
import type { BridgeClient } from '../../server/src/domain/bridge/bridge-client.js';
import type { ReceivedVideoFile } from '../../server/src/domain/bridge/bridge-videos.js';
import type { FieldProblem } from '../../server/src/domain/errors.js';
import type { VideoPatch } from '../../server/src/domain/videos/video.js';
import type { ReceivedFile } from '../../server/src/http/multipart-upload.js';
import { pathId } from '../http/drf-paging.js';
import { bridgeClientOf } from '../http/pod-auth.js';
import { withPodBody, type PodBodyOptions } from '../http/pod-body.js';
import { inPodFields } from '../http/pod-field-errors.js';
import { assertLinksExist, linkedObjects } from '../http/pod-relations.js';
import { fileProblems, parseDrf } from '../schemas/drf-fields.js';
import { toVideoPatch, VIDEO_LIST_FIELDS, videoLinkChecks, videoLinks, videoWriteBody } from '../schemas/video.schemas.js';
import type { BridgeContext } from './bridge-context.js';
import { videoJsonOf } from './video-json.js';

/** The domain's field names where Pod's differ. */
const POD_FIELD_NAMES = { type_id: 'type', disciplines: 'discipline', file: 'video' };

type Mode = 'create' | 'replace' | 'patch';

const received = (file: ReceivedFile): ReceivedVideoFile => ({ localPath: file.filePath, filename: file.filename });

/**
 * Writing Pod's videos: `POST /rest/videos/` (multipart with the `video` file; JSON or forms
 * otherwise), `PUT` and `PATCH /rest/videos/<id>/` (a new `video` file replaces the source).
 * Creating never starts the encoding: scripts call launch_encode_view. The received file is
 * removed whatever happens, unless it became the video's source.
 */
export function videoWriteHandlers(ctx: BridgeContext): { create: RequestHandler; replace: RequestHandler; patch: RequestHandler } {
  const { bridgeDirectory, bridgeVideos, bridgeCatalogue } = ctx.services;
  const schemas = { create: videoWriteBody(ctx.publicUrl, 'create'), replace: videoWriteBody(ctx.publicUrl, 'replace'), patch: videoWriteBody(ctx.publicUrl, 'patch') };
  const bodyOptions: PodBodyOptions = { directory: ctx.uploadsDir, maxFileBytes: ctx.maxUploadSize, fileField: 'video', listFields: VIDEO_LIST_FIELDS };

  /** The body's fields, checked and with their links resolved on the key's site (all problems in one 400). */
  async function readFields(client: BridgeClient, fields: Record<string, unknown>, mode: Mode, problems: FieldProblem[]): Promise<VideoPatch> {
    const body = parseDrf(schemas[mode], fields, problems);
    const linked = await linkedObjects(bridgeDirectory, client, videoLinks(body));
    assertLinksExist(videoLinkChecks(body, linked));
    return toVideoPatch(body, linked);
  }

  async function create(req: Request, res: Response): Promise<void> {
    const client = bridgeClientOf(res);
    const video = await withPodBody(req, bodyOptions, async ({ fields, file }) => {
      const patch = await readFields(client, fields, 'create', fileProblems('video', file, true));
      return inPodFields(POD_FIELD_NAMES, () => bridgeVideos.create(client, { ...patch, title: patch.title! }, received(file!)));
    });
    const json = await videoJsonOf(ctx, client, video);
    res.status(201).location(json.url).json(json);
  }

  const update =
    (mode: 'replace' | 'patch'): RequestHandler =>
    async (req, res) => {
      const client = bridgeClientOf(res);
      const id = pathId(req);
      const video = await withPodBody(req, bodyOptions, async ({ fields, file }) => {
        await bridgeCatalogue.video(client, id);
        const patch = await readFields(client, fields, mode, fileProblems('video', file, false));
        return inPodFields(POD_FIELD_NAMES, () => bridgeVideos.update(client, id, patch, file ? received(file) : null));
      });
      res.json(await videoJsonOf(ctx, client, video));
    };

  return { create, replace: update('replace'), patch: update('patch') };
}
