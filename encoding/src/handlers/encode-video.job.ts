import { defaultThumbnailIndex, type EncodedMedia } from '../../../server/src/domain/encoding/encoded-media.js';
import { EncodingAborted, EncodingFailure } from '../../../server/src/domain/encoding/encoding-failure.js';
import type { EncodingJob } from '../../../server/src/domain/encoding/encoding-job.js';
import type { EncodingJobRepository } from '../../../server/src/domain/encoding/encoding-job-repository.js';
import { discardPreparedTracks, prepareExtractedTracks } from '../../../server/src/domain/enrichments/extracted-subtitles.js';
import { encodeVideoPayloadSchema, RetryLater, retryDelayMs, type RetryPolicy } from '../../../server/src/domain/encoding/encoding-jobs.js';
import type { DomainLogger } from '../../../server/src/domain/logger.js';
import { assessMedia } from '../../../server/src/domain/media/media-info.js';
import type { MediaProbe } from '../../../server/src/domain/media/media-probe.js';
import { videoFolderKey, videoMediaFolderKey, videoWorkFolderKey, type MediaStorage } from '../../../server/src/domain/media/media-storage.js';
import type { VideoRepository } from '../../../server/src/domain/videos/video-repository.js';
import type { FfmpegRunner } from '../ffmpeg/ffmpeg-runner.js';
import { classifyFailure } from '../pipeline/classify-failure.js';
import { encodeMedia, type EncodeSettings } from '../pipeline/encode-media.js';
import { startProgressTracker } from '../pipeline/job-progress.js';

export interface EncodeVideoDeps {
  readonly jobs: EncodingJobRepository;
  readonly videos: VideoRepository;
  readonly storage: MediaStorage;
  readonly probe: MediaProbe;
  readonly runner: FfmpegRunner;
  readonly ffmpegVersion: string;
  readonly settings: EncodeSettings;
  readonly retry: RetryPolicy;
  readonly worker: string;
  readonly lockLifetimeMs: number;
  readonly logger: DomainLogger;
}

/** What the queue hands a handler (the Agenda wrapper's RunningJob, narrowed). */
export interface QueuedJob {
  readonly data: unknown;
  heartbeat(): Promise<void>;
}

const REPORT_INTERVAL_MS = 2000;

/**
 * The `video.encode` job: claim → encode into a work folder → publish by rename → point the
 * video at it. Idempotent: a replayed, stale or cancelled job finds nothing to do; a retry
 * starts from a clean folder; readers only ever see a complete media folder.
 */
export function createEncodeVideoHandler(deps: EncodeVideoDeps) {
  const { jobs, videos, storage, probe, worker, logger } = deps;
  const running = new Map<string, AbortController>();

  async function encode(claimed: EncodingJob, workKey: string, job: QueuedJob, controller: AbortController, log: DomainLogger): Promise<void> {
    const tracker = startProgressTracker({
      jobs,
      jobId: claimed.id,
      worker,
      heartbeat: () => job.heartbeat(),
      reportIntervalMs: Math.min(REPORT_INTERVAL_MS, deps.lockLifetimeMs / 4),
      heartbeatIntervalMs: deps.lockLifetimeMs / 4,
      controller,
      logger: log,
    });
    try {
      const video = await videos.findById(claimed.videoId);
      if (!video?.source) throw new EncodingFailure('source_missing', 'The video has no uploaded file.', false);
      const sourcePath = storage.localPath(video.source.key);
      if (!(await storage.exists(video.source.key))) throw new EncodingFailure('source_missing', 'The uploaded file is missing from storage.', false);
      const info = await probe.probe(sourcePath);
      const verdict = assessMedia(info);
      if (!verdict.ok) throw new EncodingFailure(verdict.code === 'invalid_media' ? 'source_unreadable' : 'no_media_stream', verdict.reason, false);
      await cleanLeftovers(claimed, workKey);
      const workDir = await storage.createFolder(workKey);
      const media = await encodeMedia(sourcePath, info, {
        runner: deps.runner,
        ffmpegVersion: deps.ffmpegVersion,
        probe,
        settings: deps.settings,
        workDir,
        progress: (step, fraction) => tracker.set(step, fraction),
        signal: controller.signal,
        logger: log,
        logContext: { jobId: claimed.id, videoId: claimed.videoId },
      });
      tracker.set('publish', 0);
      await tracker.flush();
      controller.signal.throwIfAborted();
      await publish(claimed, workKey, media, video.mainLang, log);
    } finally {
      tracker.stop();
    }
  }

  /** Work folders of dead attempts and media folders no row points at (a crash after the rename). */
  async function cleanLeftovers(claimed: EncodingJob, workKey: string): Promise<void> {
    const current = await jobs.currentMediaFolder(claimed.videoId);
    const folder = videoFolderKey(claimed.videoId);
    for (const name of await storage.list(folder)) {
      const key = `${folder}/${name}`;
      const staleWork = name.startsWith(`.work-${claimed.id}-`) && key !== workKey;
      const orphanMedia = name.startsWith('media-') && key !== current;
      if (staleWork || orphanMedia) await storage.removeFolder(key);
    }
  }

  async function publish(claimed: EncodingJob, workKey: string, media: EncodedMedia, mainLang: string, log: DomainLogger): Promise<void> {
    const mediaKey = videoMediaFolderKey(claimed.videoId, claimed.id);
    await storage.publishFolder(workKey, mediaKey);
    // The source's text subtitles become tracks in the same transaction as the publish.
    const subtitles = { storage, logger: log };
    const tracks = await prepareExtractedTracks(subtitles, { videoId: claimed.videoId, mediaFolderKey: mediaKey, subtitles: media.subtitles, mainLang });
    const outcome = await jobs.publish(claimed.id, worker, { folder: mediaKey, media, thumbnailIndex: defaultThumbnailIndex(media), tracks: tracks.map((track) => track.row) }).catch(async (error: unknown) => {
      await discardPreparedTracks(subtitles, tracks, []);
      throw error;
    });
    await discardPreparedTracks(subtitles, tracks, outcome?.insertedTrackKeys ?? []);
    if (!outcome) {
      log.info({}, 'job was replaced while publishing: its output is discarded');
      await storage.removeFolder(mediaKey);
      return;
    }
    if (outcome.previousFolder && outcome.previousFolder !== mediaKey) {
      await storage.removeFolder(outcome.previousFolder).catch((error: unknown) => {
        // The new media are live; the old folder is only wasted space, and the next encoding
        // of this video removes it (cleanLeftovers), so going on is safe.
        log.error({ err: error, folder: outcome.previousFolder }, 'could not remove the replaced media folder');
      });
    }
    log.info({ kind: media.kind, renditions: media.renditions.map((r) => r.name), tracks: outcome.insertedTrackKeys.length }, 'encoding published');
  }

  async function handleError(error: unknown, claimed: EncodingJob, workKey: string, log: DomainLogger): Promise<void> {
    await storage.removeFolder(workKey).catch((removeError: unknown) => log.error({ err: removeError, workKey }, 'could not remove the work folder'));
    if (error instanceof EncodingAborted && error.reason === 'cancelled') {
      log.info({}, 'encoding stopped: the video was deleted or re-encoded');
      return;
    }
    if (error instanceof EncodingAborted) {
      await jobs.requeue(claimed.id, worker, new Date(), null, true);
      throw new RetryLater(0, 'worker shutting down; the job goes back to the queue');
    }
    const failure = classifyFailure(error);
    const delay = failure.retryable ? retryDelayMs(deps.retry, claimed.attempts) : null;
    const detail = { code: failure.code, message: failure.message, stderrTail: failure.stderrTail };
    if (delay !== null) {
      log.warn({ code: failure.code, attempt: claimed.attempts, retryInMs: delay }, 'encoding failed; it will be retried');
      await jobs.appendLog(claimed.id, { at: new Date().toISOString(), level: 'warn', message: `Attempt ${claimed.attempts} failed (${failure.code}): ${failure.message}. Retrying in ${Math.round(delay / 1000)} s.` });
      await jobs.requeue(claimed.id, worker, new Date(Date.now() + delay), detail, false);
      throw new RetryLater(delay, failure.message);
    }
    log.error({ code: failure.code, attempt: claimed.attempts, stderr: failure.stderrTail }, 'encoding failed');
    await jobs.fail(claimed.id, detail);
  }

  async function handle(job: QueuedJob): Promise<void> {
    const parsed = encodeVideoPayloadSchema.safeParse(job.data);
    if (!parsed.success) {
      // Nothing can ever run this payload: dropping it (with a record) beats retrying forever.
      logger.error({ data: job.data, issues: parsed.error.issues }, 'invalid encoding job payload dropped');
      return;
    }
    const { encodingJobId, videoId } = parsed.data;
    const log = logger.child({ jobId: encodingJobId, videoId, worker });
    const claimed = await jobs.claim(encodingJobId, worker);
    if (!claimed) {
      log.info({}, 'encoding job no longer current (cancelled, replaced or done): nothing to do');
      return;
    }
    if (claimed.attempts > deps.retry.maxAttempts) {
      const message = `The encoding was interrupted ${claimed.attempts - 1} times without finishing (the worker stopped or ran out of memory).`;
      await jobs.fail(claimed.id, { code: 'worker_lost', message, stderrTail: null });
      log.error({ attempts: claimed.attempts }, 'encoding abandoned after repeated interruptions');
      return;
    }
    await jobs.appendLog(claimed.id, { at: new Date().toISOString(), level: 'info', message: `Attempt ${claimed.attempts} started on ${worker}.` });
    log.info({ attempt: claimed.attempts }, 'encoding started');
    const workKey = videoWorkFolderKey(videoId, claimed.id, claimed.attempts);
    const controller = new AbortController();
    running.set(claimed.id, controller);
    try {
      await encode(claimed, workKey, job, controller, log);
    } catch (error) {
      await handleError(controller.signal.aborted ? controller.signal.reason : error, claimed, workKey, log);
    } finally {
      running.delete(claimed.id);
    }
  }

  return {
    handle,
    /** Stops every running encoding (worker shutdown): their jobs go back to the queue. */
    abortAll(): void {
      for (const controller of running.values()) controller.abort(new EncodingAborted('shutdown'));
    },
    get runningCount(): number {
      return running.size;
    },
  };
}

export type EncodeVideoHandler = ReturnType<typeof createEncodeVideoHandler>;
