import fs from 'node:fs/promises';
import path from 'node:path';
import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import { AppError, PayloadTooLargeError, PreconditionFailedError, UnauthenticatedError } from '../../domain/errors.js';
import type { UploadService } from '../../domain/uploads/upload-service.js';
import type { User } from '../../domain/users/user.js';
import type { Video } from '../../domain/videos/video.js';
import { createTusUploadServer, type TusHooks, type TusUploadServer } from '../../infra/uploads/tus-upload-server.js';
import type { Logger } from '../../infra/logger.js';
import { internalProblem, problemOf, type Problem } from '../middlewares/error-handler.js';
import { FileOverLimit, receiveMultipartFile } from '../multipart-upload.js';
import { presentVideo, videoJson } from '../presenters/video.presenter.js';
import { requireRecordId } from '../record-id.js';
import type { ApiOperation } from './api-operation.js';
import { problem } from './problem.schema.js';

export const UPLOADS_PATH = '/api/v1/uploads';

export interface UploadRoutesDeps {
  readonly uploadService: UploadService;
  readonly uploadsDir: string;
  readonly maxSize: number;
  readonly expirationMs: number;
  readonly publicUrl: string;
  readonly logger: Logger;
  /** Where the tus server answers (its upload URLs are under it); /api/v1/uploads by default. */
  readonly tusPath?: string;
}

/** The upload endpoints' dependencies, from the configuration (the app and the LTI picker share them). */
export function uploadRoutesDeps(config: Pick<Config, 'varDir' | 'uploads' | 'publicUrl'>, uploadService: UploadService, logger: Logger): UploadRoutesDeps {
  return {
    uploadService,
    uploadsDir: path.join(config.varDir, 'uploads'),
    maxSize: config.uploads.maxSize,
    expirationMs: config.uploads.incompleteTtlHours * 3600_000,
    publicUrl: config.publicUrl,
    logger,
  };
}

function actorOf(req: Request): User {
  if (!req.user) throw new UnauthenticatedError('unauthenticated', 'Authentication is required: send "Authorization: Token <key>" or log in.');
  return req.user;
}

function optionalVideoId(raw: string | null | undefined): number | null {
  if (raw === undefined || raw === null || raw === '') return null;
  return requireRecordId(raw, 'invalid_video_id', 'videoId must be a video number.');
}

function videoHeaders(video: Video, publicUrl: string): Record<string, string> {
  return { 'Lectern-Video-Id': String(video.id), 'Lectern-Video-Url': `${publicUrl}/api/v1/videos/${video.id}` };
}

export function createTusEndpoint(deps: UploadRoutesDeps): TusUploadServer {
  const { uploadService, publicUrl, logger } = deps;
  const hooks: TusHooks<Request> = {
    async onCreate(req, upload) {
      await uploadService.begin(actorOf(req), {
        id: upload.id,
        size: upload.size ?? Number.NaN,
        filename: upload.metadata.filename ?? upload.metadata.name ?? 'upload',
        title: upload.metadata.title ?? null,
        videoId: optionalVideoId(upload.metadata.videoId ?? upload.metadata.video_id),
      });
    },
    async onAccess(req, uploadId) {
      // A cancellation (tus termination) is recorded before the files go, so that the quota
      // is free as soon as the answer arrives; reading or adding bytes only while receiving.
      if (req.method === 'DELETE') await uploadService.cancel(actorOf(req), uploadId);
      else await uploadService.getReceiving(actorOf(req), uploadId);
    },
    async onComplete(req, uploadId, filePath) {
      return videoHeaders(await uploadService.complete(actorOf(req), uploadId, filePath), publicUrl);
    },
    reject(req, error) {
      if (!(error instanceof AppError)) {
        req.log.error({ err: error }, 'upload failed unexpectedly');
        return { status: 500, body: JSON.stringify(internalProblem(req)) };
      }
      const body = problemOf(req, error);
      return { status: body.status, body: JSON.stringify(body) };
    },
    protocolError(req, status, message) {
      if (status >= 500) return { status, body: JSON.stringify(internalProblem(req)) };
      const code = `tus_${message.toLowerCase().replace(/[^a-z]+/g, '_').replace(/^_|_$/g, '')}`.slice(0, 60);
      return { status, body: JSON.stringify({ type: 'about:blank', title: 'upload protocol', status, code, detail: message, requestId: req.id } satisfies Problem) };
    },
  };
  return createTusUploadServer({ path: deps.tusPath ?? UPLOADS_PATH, allowedOrigins: [new URL(publicUrl).origin], directory: deps.uploadsDir, expirationMs: deps.expirationMs, hooks, logger: logger.child({ module: 'tus' }) });
}

/** The shared core of every one-shot upload (API and web form): receive, check, file. */
export async function receiveOneShotUpload(req: Request, deps: UploadRoutesDeps): Promise<Video> {
  const actor = actorOf(req);
  const storage = await deps.uploadService.storageOf(actor);
  const roomLeft = storage.quota === null ? Number.MAX_SAFE_INTEGER : Math.max(0, storage.quota - storage.used);
  const limit = Math.min(deps.maxSize, roomLeft);
  let received;
  try {
    received = await receiveMultipartFile(req, deps.uploadsDir, limit);
  } catch (error) {
    if (!(error instanceof FileOverLimit)) throw error;
    if (limit < deps.maxSize) throw new PayloadTooLargeError('quota_exceeded', 'This upload would exceed your storage quota.', { params: { used: storage.used, quota: storage.quota ?? 0 } });
    throw new PayloadTooLargeError('file_too_large', `The file is larger than the ${deps.maxSize}-byte limit.`, { params: { max: deps.maxSize } });
  }
  try {
    await deps.uploadService.begin(actor, {
      id: received.id,
      size: received.size,
      filename: received.filename,
      title: received.fields.title ?? null,
      videoId: optionalVideoId(received.fields.video_id ?? received.fields.videoId),
    });
    return await deps.uploadService.complete(actor, received.id, received.filePath);
  } finally {
    // complete() moved the file into storage on success; whatever is left here is refuse.
    await fs.rm(received.filePath, { force: true });
  }
}

/**
 * POST /uploads: a tus creation (Tus-Resumable header) or a one-shot multipart/form-data
 * upload; the other tus requests go to the tus server. Express rewrites req.url inside a
 * mounted router; tus must see the full path again.
 */
export function mountUploadEndpoint(router: Router, tus: TusUploadServer, deps: UploadRoutesDeps): void {
  const toTus: RequestHandler = async (req, res) => {
    if (req.method !== 'OPTIONS' && req.method !== 'GET' && !req.get('tus-resumable')) {
      throw new PreconditionFailedError('tus_resumable_required', 'This is a tus 1.0 endpoint: send Tus-Resumable: 1.0.0 (or a multipart/form-data POST).');
    }
    req.url = req.originalUrl;
    await tus.handle(req, res);
  };
  const oneShot = async (req: Request, res: Response) => {
    const video = await receiveOneShotUpload(req, deps);
    res.status(201).set(videoHeaders(video, deps.publicUrl)).json(presentVideo(video, deps.publicUrl));
  };
  router.all('/uploads', (req, res, next) => (req.method === 'POST' && req.is('multipart/form-data') ? oneShot(req, res) : toTus(req, res, next)));
  router.all('/uploads/:uploadId', toTus);
}

const tusHeaders = { 'Tus-Resumable': '1.0.0' };

/** What OpenAPI says of the upload endpoint (served by mountUploadEndpoint). */
export function uploadOperations(): ApiOperation[] {
  const uploadId = z.object({ uploadId: z.string().describe('The id at the end of the Location of the creation') });
  const unauthenticated = { 401: problem('Missing, invalid or revoked credentials') };
  return [
    {
      method: 'post',
      path: '/uploads',
      operationId: 'createUpload',
      summary:
        'Start a resumable tus 1.0 upload (Tus-Resumable, Upload-Length, Upload-Metadata: filename, title, videoId), or send a whole file at once as multipart/form-data (fields file, title, video_id)',
      tag: 'uploads',
      auth: 'user',
      requestContentTypes: ['application/offset+octet-stream', 'multipart/form-data'],
      requestHeaders: { ...tusHeaders, 'Upload-Length': 'Size in bytes (tus)', 'Upload-Metadata': 'tus metadata: filename, title, videoId (base64 values)' },
      responses: {
        201: { description: 'tus: the upload URL is in Location. Multipart: the video, with the Lectern-Video-Id header', schema: videoJson },
        400: problem('Empty file, bad metadata'),
        ...unauthenticated,
        403: problem('Not allowed to upload'),
        404: problem('The target video does not exist'),
        413: problem('Over the size limit (file_too_large) or the storage quota (quota_exceeded)'),
        422: problem('Not a media file, truncated or damaged (invalid_media, not_media, no_media_stream)'),
      },
    },
    { method: 'options', path: '/uploads', operationId: 'tusOptions', summary: 'tus capabilities', tag: 'uploads', auth: 'none', responses: { 204: { description: 'Tus-Version, Tus-Extension' } } },
    {
      method: 'head',
      path: '/uploads/:uploadId',
      operationId: 'getUploadOffset',
      summary: 'tus: how many bytes the server has (to resume)',
      tag: 'uploads',
      auth: 'user',
      params: uploadId,
      requestHeaders: tusHeaders,
      responses: { 200: { description: 'Upload-Offset and Upload-Length headers' }, ...unauthenticated, 404: problem('No such upload of yours') },
    },
    {
      method: 'patch',
      path: '/uploads/:uploadId',
      operationId: 'appendToUpload',
      summary: 'tus: send the next bytes from Upload-Offset; the last one files the video and answers Lectern-Video-Id',
      tag: 'uploads',
      auth: 'user',
      params: uploadId,
      requestContentTypes: ['application/offset+octet-stream'],
      requestHeaders: { ...tusHeaders, 'Upload-Offset': 'Where these bytes start' },
      responses: {
        204: { description: 'Stored; Upload-Offset is the new offset. On the last chunk, Lectern-Video-Id and Lectern-Video-Url' },
        ...unauthenticated,
        404: problem('No such upload of yours'),
        409: { description: 'Upload-Offset does not match the server' },
        422: problem('The finished file is not media; it has been removed'),
      },
    },
    {
      method: 'delete',
      path: '/uploads/:uploadId',
      operationId: 'cancelUpload',
      summary: 'tus termination: stop an upload and remove what was received',
      tag: 'uploads',
      auth: 'user',
      params: uploadId,
      requestHeaders: tusHeaders,
      responses: { 204: { description: 'Removed' }, ...unauthenticated, 404: problem('No such upload of yours') },
    },
  ];
}
