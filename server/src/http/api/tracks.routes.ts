import { z } from 'zod';
import { TRACK_MAX_BYTES } from '../../domain/enrichments/enrichment.js';
import type { EnrichmentService } from '../../domain/enrichments/enrichment-service.js';
import { ValidationError } from '../../domain/errors.js';
import { listOf, presentList, presentTrack, trackJson } from '../presenters/enrichments.presenter.js';
import { incomingSubtitles, parseFields, withRequestBody } from '../request-body.js';
import type { ApiOperation } from './api-operation.js';
import { itemProblems } from './chapters.routes.js';
import { trackFields, trackParams, trackPatchFields } from './enrichments.schemas.js';
import { problem } from './problem.schema.js';
import { videoIdParams } from './videos.schemas.js';

export interface ItemRoutesDeps {
  readonly enrichmentService: EnrichmentService;
  /** Where request files wait while they are checked (the uploads folder). */
  readonly uploadsDir: string;
}

/** A binary multipart part, as OpenAPI 3.1 describes it. */
export const binaryPart = (description: string) => z.string().meta({ contentMediaType: 'application/octet-stream', description });

const fileProblems = {
  413: problem('The file is over the 2 MiB limit (file_too_large)'),
  422: problem('The file is not UTF-8 (track_not_utf8), not valid WebVTT or SubRip (track_invalid_vtt, with the line), or has no cue (track_empty)'),
};

/** Subtitle and caption tracks of a video, for its managers: WebVTT, or SubRip converted to it. */
export function trackOperations({ enrichmentService, uploadsDir }: ItemRoutesDeps): ApiOperation[] {
  const tracks = enrichmentService.tracks;
  return [
    {
      method: 'get',
      path: '/videos/:id/tracks',
      operationId: 'listTracks',
      summary: 'List the subtitle and caption tracks of a video',
      tag: 'tracks',
      auth: 'user',
      params: videoIdParams,
      responses: { 200: { description: 'The tracks', schema: listOf(trackJson) }, ...itemProblems },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        res.json(presentList(await tracks.list(req.user!, id), presentTrack));
      },
    },
    {
      method: 'post',
      path: '/videos/:id/tracks',
      operationId: 'createTrack',
      summary: 'Add a track (multipart/form-data: kind, lang, label, and the WebVTT or SubRip file in `file`); one per kind and language',
      tag: 'tracks',
      auth: 'user',
      params: videoIdParams,
      requestSchemas: { 'multipart/form-data': trackFields.extend({ file: binaryPart('WebVTT or SubRip (.srt), UTF-8, at most 2 MiB') }) },
      responses: {
        201: { description: 'Created', schema: trackJson },
        400: problem('Invalid fields, not multipart (multipart_required) or no file (file_missing)'),
        ...itemProblems,
        409: problem('The video already has a track of this kind and language (track_exists)'),
        ...fileProblems,
      },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        if (!req.is('multipart/form-data')) throw new ValidationError('multipart_required', 'Send the track as multipart/form-data, with the subtitle file in a part named "file".');
        const track = await withRequestBody(req, uploadsDir, TRACK_MAX_BYTES, async ({ fields, file }) => {
          const body = parseFields(trackFields, fields);
          if (!file) throw new ValidationError('file_missing', 'Send the subtitle file in a form field named "file".');
          return tracks.create(req.user!, id, { ...body, file: await incomingSubtitles(file) });
        });
        res.status(201).json(presentTrack(track));
      },
    },
    {
      method: 'patch',
      path: '/videos/:id/tracks/:trackId',
      operationId: 'updateTrack',
      summary: 'Change a track’s kind, language or label (JSON), and/or replace its file (multipart/form-data)',
      tag: 'tracks',
      auth: 'user',
      params: trackParams,
      requestSchemas: { 'application/json': trackPatchFields, 'multipart/form-data': trackPatchFields.extend({ file: binaryPart('A new WebVTT or SubRip file').optional() }) },
      responses: { 200: { description: 'The track', schema: trackJson }, 400: problem('Invalid fields, or nothing to change'), ...itemProblems, 409: problem('Another track has this kind and language (track_exists)'), ...fileProblems },
      handler: async (req, res) => {
        const { id, trackId } = req.valid.params as z.infer<typeof trackParams>;
        const track = await withRequestBody(req, uploadsDir, TRACK_MAX_BYTES, async ({ fields, file }) => {
          const body = parseFields(trackPatchFields, fields);
          if (!file && Object.keys(body).length === 0) throw new ValidationError('validation_failed', 'Send at least one field to change, or a new file.', { fields: [{ path: 'body', message: 'send at least one field to change' }] });
          return tracks.update(req.user!, id, trackId, { ...body, ...(file ? { file: await incomingSubtitles(file) } : {}) });
        });
        res.json(presentTrack(track));
      },
    },
    {
      method: 'delete',
      path: '/videos/:id/tracks/:trackId',
      operationId: 'deleteTrack',
      summary: 'Delete a track and its file',
      tag: 'tracks',
      auth: 'user',
      params: trackParams,
      responses: { 204: { description: 'Deleted' }, ...itemProblems },
      handler: async (req, res) => {
        const { id, trackId } = req.valid.params as z.infer<typeof trackParams>;
        await tracks.remove(req.user!, id, trackId);
        res.status(204).end();
      },
    },
  ];
}
