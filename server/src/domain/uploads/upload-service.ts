import { ForbiddenError, NotFoundError, PayloadTooLargeError, UnsupportedMediaError, ValidationError } from '../errors.js';
import type { EncodingService } from '../encoding/encoding-service.js';
import type { DomainLogger } from '../logger.js';
import type { MediaProbe } from '../media/media-probe.js';
import type { MediaStorage } from '../media/media-storage.js';
import { canUpload, type User } from '../users/user.js';
import type { VideoRepository } from '../videos/video-repository.js';
import { DEFAULT_VIDEO_TYPE_ID, type VideoService } from '../videos/video-service.js';
import type { Video } from '../videos/video.js';
import { createSourceIntake } from './source-intake.js';
import { safeFilename, titleFromFilename } from './upload-filename.js';
import type { Upload, UploadRepository } from './upload-repository.js';

export interface UploadLimits {
  /** Largest accepted file, in bytes. */
  readonly maxSize: number;
  /** Default per-user storage quota in bytes; 0 means unlimited. */
  readonly defaultQuota: number;
}

export interface UploadServiceDeps {
  readonly uploads: UploadRepository;
  readonly videos: VideoRepository;
  readonly videoService: VideoService;
  readonly encodingService: EncodingService;
  readonly storage: MediaStorage;
  readonly probe: MediaProbe;
  readonly limits: UploadLimits;
  readonly logger: DomainLogger;
}

export interface UploadRequest {
  readonly id: string;
  readonly size: number;
  readonly filename: string;
  readonly title?: string | null;
  readonly videoId?: number | null;
}

/**
 * An upload's life: `begin` checks rights, size and quota before a byte is stored; `complete`
 * lets ffprobe decide whether the received file is media, files it under its video (a new one
 * unless the upload targets an existing video) and queues its encoding. A rejected file leaves
 * nothing behind.
 */
export function createUploadService(deps: UploadServiceDeps) {
  const { uploads, videos, videoService, limits, logger } = deps;
  const intake = createSourceIntake(deps);

  async function reject(upload: Upload, code: string, reason: string): Promise<never> {
    await uploads.finish(upload.id, { status: 'rejected', errorCode: code });
    logger.info({ uploadId: upload.id, userId: upload.userId, code }, 'upload rejected');
    throw new UnsupportedMediaError(code, reason);
  }

  const quotaOf = (user: User): number => user.quotaBytes ?? limits.defaultQuota;

  return {
    async begin(actor: User, request: UploadRequest): Promise<Upload> {
      if (!canUpload(actor)) throw new ForbiddenError('upload_not_allowed', 'Only staff members can upload videos.');
      if (!Number.isSafeInteger(request.size) || request.size < 0) {
        throw new ValidationError('invalid_upload_length', 'The upload length must be a whole number of bytes.');
      }
      if (request.size === 0) throw new ValidationError('empty_file', 'The file is empty.');
      if (request.size > limits.maxSize) {
        throw new PayloadTooLargeError('file_too_large', `The file is larger than the ${limits.maxSize}-byte limit.`, { params: { max: limits.maxSize } });
      }
      const quota = quotaOf(actor);
      if (quota > 0) {
        const used = (await videos.storageUsedBy(actor.id)) + (await uploads.reservedBytes(actor.id));
        if (used + request.size > quota) {
          throw new PayloadTooLargeError('quota_exceeded', `This upload would exceed your storage quota (${used} of ${quota} bytes used).`, {
            params: { used, quota },
          });
        }
      }
      if (request.videoId != null) await videoService.getManageable(actor, request.videoId);
      const upload = await uploads.insert({
        id: request.id,
        userId: actor.id,
        videoId: request.videoId ?? null,
        filename: safeFilename(request.filename),
        title: request.title?.trim() || null,
        size: request.size,
      });
      logger.info({ uploadId: upload.id, userId: actor.id, size: request.size, videoId: upload.videoId }, 'upload started');
      return upload;
    },

    /** The upload if it belongs to this user; a stranger's id is answered as unknown. */
    async getOwn(actor: User, uploadId: string): Promise<Upload> {
      const upload = await uploads.findById(uploadId);
      if (!upload || upload.userId !== actor.id) throw new NotFoundError('upload_not_found', 'No such upload.');
      return upload;
    },

    /** The user's upload, still receiving bytes: an expired or finished one is gone. */
    async getReceiving(actor: User, uploadId: string): Promise<Upload> {
      const upload = await uploads.findById(uploadId);
      if (!upload || upload.userId !== actor.id) throw new NotFoundError('upload_not_found', 'No such upload.');
      if (upload.status !== 'receiving') throw new NotFoundError('upload_expired', 'This upload is over (finished, cancelled or expired); start a new one.');
      return upload;
    },

    /**
     * Called once every byte is on disk at `filePath`. The caller removes `filePath` when this
     * throws; on success the file has been moved into storage.
     */
    async complete(actor: User, uploadId: string, filePath: string): Promise<Video> {
      const upload = await this.getReceiving(actor, uploadId);
      const source = { localPath: filePath, filename: upload.filename, sourceName: `source-${upload.id.slice(0, 12)}` };
      return intake.ingest(source, {
        requestedBy: actor.id,
        refused: (verdict) => {
          if (verdict.stderrTail !== null) logger.info({ uploadId: upload.id, stderr: verdict.stderrTail }, 'ffprobe could not read the upload');
          return reject(upload, verdict.code, verdict.reason);
        },
        video: async () =>
          upload.videoId === null
            ? { video: await videoService.create(actor, { title: upload.title ?? titleFromFilename(upload.filename), typeId: DEFAULT_VIDEO_TYPE_ID }), created: true }
            : { video: await videoService.getManageable(actor, upload.videoId), created: false },
        stored: async (video) => {
          await uploads.finish(upload.id, { status: 'completed', videoId: video.id });
          logger.info({ uploadId: upload.id, videoId: video.id, userId: actor.id }, 'upload completed');
        },
      });
    },

    /** The user stopped an upload: its reserved quota is freed. */
    async cancel(actor: User, uploadId: string): Promise<void> {
      const upload = await uploads.findById(uploadId);
      if (!upload || upload.userId !== actor.id) throw new NotFoundError('upload_not_found', 'No such upload.');
      if (await uploads.finish(uploadId, { status: 'rejected', errorCode: 'cancelled' })) {
        logger.info({ uploadId, userId: actor.id }, 'upload cancelled');
      }
    },

    /** Bytes used (stored sources plus uploads in progress) and the quota (null: unlimited). */
    async storageOf(user: User): Promise<{ used: number; quota: number | null }> {
      const quota = quotaOf(user);
      const used = (await videos.storageUsedBy(user.id)) + (await uploads.reservedBytes(user.id));
      return { used, quota: quota > 0 ? quota : null };
    },

    /** Marks uploads received for too long as abandoned, which frees their reserved quota. */
    async expireAbandoned(olderThan: Date): Promise<number> {
      const stale = await uploads.listStale(olderThan);
      for (const upload of stale) await uploads.finish(upload.id, { status: 'rejected', errorCode: 'expired' });
      if (stale.length) logger.info({ count: stale.length }, 'abandoned uploads expired');
      return stale.length;
    },
  };
}

export type UploadService = ReturnType<typeof createUploadService>;
