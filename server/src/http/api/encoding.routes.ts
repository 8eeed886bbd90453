import path from 'node:path';
import type { z } from 'zod';
import type { EncodingService } from '../../domain/encoding/encoding-service.js';
import { NotFoundError } from '../../domain/errors.js';
import type { MediaStorage } from '../../domain/media/media-storage.js';
import type { VideoService } from '../../domain/videos/video-service.js';
import { presentEncodingJob, presentEncodingJobListing } from '../presenters/encoding-job.presenter.js';
import { videoJson } from '../presenters/video.presenter.js';
import { sendVideo } from './send-video.js';
import type { ApiOperation } from './api-operation.js';
import { chooseThumbnailBody, encodingJobJson, encodingJobListJson, encodingJobListQuery, thumbnailParams } from './encoding.schemas.js';
import { problem } from './problem.schema.js';
import { videoIdParams } from './videos.schemas.js';

export interface EncodingRoutesDeps {
  readonly encodingService: EncodingService;
  readonly videoService: VideoService;
  readonly storage: MediaStorage;
  readonly publicUrl: string;
}

const common = { 401: problem('Missing, invalid or revoked credentials') };

/** Encoding state, retries, the job log, thumbnails: for a video's managers and for admins. */
export function encodingOperations({ encodingService, videoService, storage, publicUrl }: EncodingRoutesDeps): ApiOperation[] {
  return [
    {
      method: 'post',
      path: '/videos/:id/encode',
      operationId: 'encodeVideo',
      summary: 'Encode the video again: after a failure (retry), or to re-encode a ready video',
      tag: 'encoding',
      auth: 'user',
      params: videoIdParams,
      responses: {
        202: { description: 'Queued; follow `encoding` on the video', schema: videoJson },
        ...common,
        403: problem('Not an owner'),
        404: problem('No such video'),
        409: problem('Already encoding (encoding_in_progress), or nothing uploaded yet (no_source)'),
      },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        const video = await encodingService.retry(req.user!, id);
        sendVideo(res, video, publicUrl, 202);
      },
    },
    {
      method: 'get',
      path: '/videos/:id/encoding',
      operationId: 'getVideoEncoding',
      summary: "The video's latest encoding job, with its log and ffmpeg's last words when it failed",
      tag: 'encoding',
      auth: 'user',
      params: videoIdParams,
      responses: { 200: { description: 'The job', schema: encodingJobJson }, ...common, 403: problem('Not an owner'), 404: problem('No such video, or never encoded (not_encoded)') },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        res.json(presentEncodingJob(await encodingService.forVideo(req.user!, id)));
      },
    },
    {
      method: 'put',
      path: '/videos/:id/thumbnail',
      operationId: 'chooseThumbnail',
      summary: 'Choose which thumbnail candidate represents the video',
      tag: 'encoding',
      auth: 'user',
      params: videoIdParams,
      body: chooseThumbnailBody,
      responses: {
        200: { description: 'The video', schema: videoJson },
        400: problem('No such candidate (invalid_thumbnail)'),
        ...common,
        403: problem('Not an owner'),
        404: problem('No such video'),
        409: problem('Not encoded yet (not_encoded)'),
      },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        const { index } = req.valid.body as z.infer<typeof chooseThumbnailBody>;
        const video = await videoService.chooseThumbnail(req.user!, id, index);
        sendVideo(res, video, publicUrl);
      },
    },
    {
      method: 'get',
      path: '/videos/:id/thumbnails/:index',
      operationId: 'getThumbnailCandidate',
      summary: 'A thumbnail candidate (JPEG), for the video’s managers choosing one',
      tag: 'encoding',
      auth: 'user',
      params: thumbnailParams,
      responses: { 200: { description: 'The image', contentType: 'image/jpeg' }, ...common, 403: problem('Not an owner'), 404: problem('No such video or candidate') },
      handler: async (req, res) => {
        const { id, index } = req.valid.params as z.infer<typeof thumbnailParams>;
        const video = await videoService.getManageable(req.user!, id);
        const file = video.media?.manifest.thumbnails[index];
        if (!video.media || !file) throw new NotFoundError('thumbnail_not_found', 'No such thumbnail.');
        res.setHeader('Cache-Control', 'private, max-age=300');
        res.type('image/jpeg').sendFile(path.join(storage.localPath(video.media.folder), file));
      },
    },
    {
      method: 'get',
      path: '/encoding-jobs',
      operationId: 'listEncodingJobs',
      summary: 'Encoding jobs of the site, newest first (administrators)',
      tag: 'encoding',
      auth: 'user',
      query: encodingJobListQuery,
      responses: { 200: { description: 'Jobs and counts by status', schema: encodingJobListJson }, 400: problem('Unknown status'), ...common, 403: problem('Not an administrator') },
      handler: async (req, res) => {
        const query = req.valid.query as z.infer<typeof encodingJobListQuery>;
        const { jobs, counts } = await encodingService.list(req.user!, query.status, query.limit);
        res.json({ counts, results: jobs.map(presentEncodingJobListing) });
      },
    },
  ];
}
