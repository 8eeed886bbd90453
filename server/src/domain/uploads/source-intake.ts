import type { EncodingService } from '../encoding/encoding-service.js';
import type { DomainLogger } from '../logger.js';
import { assessMedia, type MediaInfo } from '../media/media-info.js';
import { MediaProbeError, type MediaProbe } from '../media/media-probe.js';
import { videoSourceKey, type MediaStorage } from '../media/media-storage.js';
import type { VideoRepository } from '../videos/video-repository.js';
import type { Video } from '../videos/video.js';
import { mediaExtension } from './upload-filename.js';

export interface SourceIntakeDeps {
  readonly videos: VideoRepository;
  readonly encodingService: EncodingService;
  readonly storage: MediaStorage;
  readonly probe: MediaProbe;
  readonly logger: DomainLogger;
}

/** ffprobe's verdict on a file: media we can encode, or why not (with ffprobe's last words when it failed). */
export type SourceVerdict =
  | { readonly ok: true; readonly info: MediaInfo }
  | { readonly ok: false; readonly code: string; readonly reason: string; readonly stderrTail: string | null };

/** A file on local disk about to become a video's source. It is moved, never copied. */
export interface IncomingSource {
  readonly localPath: string;
  /** The name people gave it (shown, and its extension kept when it is a media one). */
  readonly filename: string;
  /** The stored file's name without extension, unique within the video (`source-<upload id>`). */
  readonly sourceName: string;
}

/** What the caller decides around the shared steps. */
export interface IntakeTarget {
  /** Called once ffprobe accepted the file: the video it becomes the source of (created for it, or an existing one). */
  readonly video: () => Promise<{ readonly video: Video; readonly created: boolean }>;
  /** Called when ffprobe refused the file; must throw (or return a rejected promise). */
  readonly refused: (verdict: Extract<SourceVerdict, { ok: false }>) => Promise<never>;
  /** Called once the source is recorded, before its encoding is queued. */
  readonly stored?: (video: Video) => Promise<void>;
  /** Who asked (recorded on the encoding job); null for the command line. */
  readonly requestedBy: number | null;
  /** false: the encoding is not queued (the caller queues it later, as Pod's launch_encode_view). Default true. */
  readonly encode?: boolean;
}

/**
 * The one path by which a file becomes a video's source, for uploads, imports and the Pod API:
 * ffprobe decides whether it is media, only then is the video created (or found), the file is
 * moved into storage, recorded as the source (the replaced source file is removed), and the
 * encoding is queued (unless the caller says not to). A refused file creates nothing; when
 * storing fails, a video created for the file is deleted again. The caller removes
 * `localPath` when this throws.
 */
export function createSourceIntake(deps: SourceIntakeDeps) {
  const { videos, encodingService, storage, probe, logger } = deps;

  async function examine(localPath: string): Promise<SourceVerdict> {
    let info: MediaInfo;
    try {
      info = await probe.probe(localPath);
    } catch (error) {
      if (!(error instanceof MediaProbeError)) throw error;
      return { ok: false, code: 'invalid_media', reason: 'This file cannot be read as video or audio: it is damaged, truncated or not a media file.', stderrTail: error.stderrTail };
    }
    const verdict = assessMedia(info);
    return verdict.ok ? { ok: true, info } : { ...verdict, stderrTail: null };
  }

  async function store(video: Video, created: boolean, source: IncomingSource, info: MediaInfo): Promise<void> {
    const key = videoSourceKey(video.id, source.sourceName, mediaExtension(source.filename, info.formatName));
    try {
      const size = await storage.importFile(source.localPath, key);
      const result = await videos.setSource(video.id, { filename: source.filename, size, key, info, status: 'uploaded' });
      if (result?.previousKey && result.previousKey !== key) {
        await storage.remove(result.previousKey).catch((error: unknown) => {
          // The new source is in place; the old file is only wasted space, so go on.
          logger.error({ err: error, videoId: video.id, key: result.previousKey }, 'could not remove the replaced source file');
        });
      }
    } catch (error) {
      if (created) await videos.delete(video.id);
      await storage.remove(key).catch((removeError: unknown) => logger.error({ err: removeError, key }, 'could not remove a partly imported source'));
      throw error;
    }
  }

  return {
    examine,

    async ingest(source: IncomingSource, target: IntakeTarget): Promise<Video> {
      const verdict = await examine(source.localPath);
      if (!verdict.ok) return target.refused(verdict);
      const { video, created } = await target.video();
      await store(video, created, source, verdict.info);
      await target.stored?.(video);
      if (target.encode !== false) await encodingService.request(video, target.requestedBy);
      return (await videos.findById(video.id))!;
    },
  };
}

export type SourceIntake = ReturnType<typeof createSourceIntake>;
