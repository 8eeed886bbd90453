import { randomBytes } from 'node:crypto';
import type { EncodingService } from '../encoding/encoding-service.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import type { IncomingSource, SourceIntake } from '../uploads/source-intake.js';
import { videoIdOfSlug } from '../videos/slug.js';
import type { VideoService } from '../videos/video-service.js';
import type { Video, VideoCreate, VideoPatch } from '../videos/video.js';
import type { BridgeClient } from './bridge-client.js';

/** A file received for a video (Pod's `video` field), on local disk; the caller removes what is left of it. */
export interface ReceivedVideoFile {
  readonly localPath: string;
  readonly filename: string;
}

type VideoTarget = () => Promise<{ readonly video: Video; readonly created: boolean }>;

/**
 * Esup-Pod's video writes for its bulk scripts: an administrator creates a video for an owner
 * with its file, changes or deletes it, and launches its encoding as a separate step
 * (`launch_encode_view`), as Pod does. A file ffprobe refuses creates or changes nothing.
 */
export function createBridgeVideos(deps: { videoService: VideoService; encodingService: EncodingService; intake: SourceIntake; logger: DomainLogger }) {
  const { videoService, encodingService, intake, logger } = deps;

  const refused = (verdict: { code: string; reason: string }): Promise<never> => {
    throw new ValidationError(verdict.code, verdict.reason, { fields: [{ path: 'video', message: verdict.reason }] });
  };

  /**
   * The file becomes the source of the video `target` gives (created for it or changed), through
   * the shared source intake; the encoding is NOT queued (Pod scripts call launch_encode_view).
   */
  async function attach(client: BridgeClient, file: ReceivedVideoFile, target: VideoTarget): Promise<Video> {
    const source: IncomingSource = { localPath: file.localPath, filename: file.filename, sourceName: `source-${randomBytes(6).toString('hex')}` };
    return intake.ingest(source, { requestedBy: client.actor.id, refused, video: target, encode: false });
  }

  const inProgress = (video: Video) => video.status === 'queued' || video.status === 'encoding';

  return {
    /** A new video of `fields.ownerId` (the actor when absent) whose source is `file`. */
    async create(client: BridgeClient, fields: VideoCreate, file: ReceivedVideoFile): Promise<Video> {
      const video = await attach(client, file, async () => ({ video: await videoService.create(client.actor, fields), created: true }));
      logger.info({ videoId: video.id, ownerId: video.owner.id, userId: client.actor.id, tokenId: client.tokenId }, 'video created through the Pod API');
      return video;
    },

    /** Changes the fields given; a file replaces the source (its encoding is then the script's to launch). */
    async update(client: BridgeClient, id: number, patch: VideoPatch, file: ReceivedVideoFile | null): Promise<Video> {
      await videoService.getManageable(client.actor, id);
      if (!file) return videoService.update(client.actor, id, patch);
      return attach(client, file, async () => ({ video: await videoService.update(client.actor, id, patch), created: false }));
    },

    remove: (client: BridgeClient, id: number): Promise<void> => videoService.remove(client.actor, id),

    /** Pod's `launch_encode_view`: queues an encoding of the video with this slug, unless one is under way. */
    async launchEncode(client: BridgeClient, slug: string): Promise<Video> {
      const id = videoIdOfSlug(slug);
      const video = id === null ? null : await videoService.getManageable(client.actor, id).catch((error: unknown) => {
        if (error instanceof NotFoundError) return null;
        throw error;
      });
      if (!video || video.slug !== slug) throw new NotFoundError('video_not_found', 'Not found.');
      if (inProgress(video)) return video;
      if (!video.source) {
        const message = 'This video has no file to encode: send one in its "video" field first.';
        throw new ValidationError('no_source', message, { fields: [{ path: 'video', message }] });
      }
      await encodingService.request(video, client.actor.id);
      return videoService.getManageable(client.actor, video.id);
    },
  };
}

export type BridgeVideos = ReturnType<typeof createBridgeVideos>;
