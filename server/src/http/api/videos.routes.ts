import type { Request } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../domain/errors.js';
import type { VideoService } from '../../domain/videos/video-service.js';
import type { VideoCreate } from '../../domain/videos/video.js';
import { presentVideo, videoJson, videoPageJson } from '../presenters/video.presenter.js';
import { sendVideo } from './send-video.js';
import type { ApiOperation } from './api-operation.js';
import { problem } from './problem.schema.js';
import { createVideoBody, patchVideoBody, toVideoPatch, videoIdParams, videoListQuery } from './videos.schemas.js';

export interface VideoRoutesDeps {
  readonly videoService: VideoService;
  readonly publicUrl: string;
}

/** `If-Match: "3.<digest>"` or `"3"` → 3; absent → null; anything else is a 400. */
function expectedVersion(req: Request): number | null {
  const header = req.get('if-match');
  if (header === undefined) return null;
  const match = /^\s*(?:W\/)?"(\d{1,9})(?:\.[0-9a-f]{1,64})?"\s*$/.exec(header);
  if (!match) throw new ValidationError('invalid_if_match', 'If-Match must be the ETag of the video, such as "3.1f2e3d4c5b6a" (or its version, "3").');
  return Number(match[1]);
}

function pageLink(req: Request, publicUrl: string, page: number): string {
  const url = new URL(`${publicUrl}${req.baseUrl}${req.path}`);
  for (const [key, value] of Object.entries(req.query)) if (typeof value === 'string' && key !== 'page') url.searchParams.set(key, value);
  url.searchParams.set('page', String(page));
  return url.toString();
}

const common = { 401: problem('Missing, invalid or revoked credentials') };

export function videoOperations({ videoService, publicUrl }: VideoRoutesDeps): ApiOperation[] {
  return [
    {
      method: 'get',
      path: '/videos',
      operationId: 'listVideos',
      summary: 'List the videos you own or co-own (or, for administrators with scope=all, the whole site)',
      tag: 'videos',
      auth: 'user',
      query: videoListQuery,
      responses: { 200: { description: 'A page of videos, newest first', schema: videoPageJson }, 400: problem('Bad paging or search'), ...common, 404: problem('Page out of range') },
      handler: async (req, res) => {
        const query = req.valid.query as z.infer<typeof videoListQuery>;
        const page = await videoService.list(req.user!, { search: query.search, page: query.page, pageSize: query.page_size, scope: query.scope });
        const last = Math.max(1, Math.ceil(page.total / page.pageSize));
        res.json({
          count: page.total,
          page: page.page,
          page_size: page.pageSize,
          next: page.page < last ? pageLink(req, publicUrl, page.page + 1) : null,
          previous: page.page > 1 ? pageLink(req, publicUrl, page.page - 1) : null,
          results: page.items.map((video) => presentVideo(video, publicUrl)),
        });
      },
    },
    {
      method: 'post',
      path: '/videos',
      operationId: 'createVideo',
      summary: 'Create a video record (upload its file through /uploads with its id)',
      tag: 'videos',
      auth: 'user',
      body: createVideoBody,
      responses: { 201: { description: 'Created', schema: videoJson }, 400: problem('Invalid fields'), ...common, 403: problem('Not allowed to add videos') },
      handler: async (req, res) => {
        const video = await videoService.create(req.user!, toVideoPatch(req.valid.body as z.infer<typeof createVideoBody>) as VideoCreate);
        res.location(`${publicUrl}/api/v1/videos/${video.id}`);
        sendVideo(res, video, publicUrl, 201);
      },
    },
    {
      method: 'get',
      path: '/videos/:id',
      operationId: 'getVideo',
      summary: 'Read a video you own or co-own',
      tag: 'videos',
      auth: 'user',
      params: videoIdParams,
      responses: { 200: { description: 'The video', schema: videoJson, headers: { ETag: '"<version>.<digest>": changes with anything shown; send it back in If-Match' } }, ...common, 403: problem('Not an owner'), 404: problem('No such video') },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        const video = await videoService.getManageable(req.user!, id);
        sendVideo(res, video, publicUrl);
      },
    },
    {
      method: 'patch',
      path: '/videos/:id',
      operationId: 'updateVideo',
      summary: 'Change some fields of a video; with If-Match, only if nobody changed it meanwhile',
      tag: 'videos',
      auth: 'user',
      params: videoIdParams,
      body: patchVideoBody,
      requestHeaders: { 'If-Match': 'Optional ETag ("<version>.<digest>", or "<version>") the change is based on: only the version is compared' },
      responses: {
        200: { description: 'The updated video', schema: videoJson },
        400: problem('Invalid fields'),
        ...common,
        403: problem('Not an owner'),
        404: problem('No such video'),
        412: problem('The video changed since that version (If-Match)'),
      },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        const version = expectedVersion(req);
        const video = await videoService.update(req.user!, id, toVideoPatch(req.valid.body as z.infer<typeof patchVideoBody>), version);
        sendVideo(res, video, publicUrl);
      },
    },
    {
      method: 'delete',
      path: '/videos/:id',
      operationId: 'deleteVideo',
      summary: 'Delete a video and all its files (owner or administrator)',
      tag: 'videos',
      auth: 'user',
      params: videoIdParams,
      responses: { 204: { description: 'Deleted' }, ...common, 403: problem('Not the owner'), 404: problem('No such video') },
      handler: async (req, res) => {
        const { id } = req.valid.params as z.infer<typeof videoIdParams>;
        await videoService.remove(req.user!, id);
        res.status(204).end();
      },
    },
  ];
}
