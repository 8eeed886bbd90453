import type { EncodedMedia } from '../../server/src/domain/encoding/encoded-media.js';
import type { EncodingJobRepository, JobFailure } from '../../server/src/domain/encoding/encoding-job-repository.js';
import type { User } from '../../server/src/domain/users/user.js';
import type { Video } from '../../server/src/domain/videos/video.js';
import type { Db } from '../../server/src/infra/db.js';
import { createEncodingJobRepository } from '../../server/src/infra/repositories/encoding-job-repository.js';
import { createVideoRepository } from '../../server/src/infra/repositories/video-repository.js';
import { videoWithSource } from './encoding.js';
import { textAsMp4 } from './media.js';
import type { TestApp } from './test-app.js';

/**
 * Encoding states made without ffmpeg: the test plays the worker through the job repository
 * (claim → report → fail or publish), as a worker named FAKE_WORKER would.
 */
export const FAKE_WORKER = 'test-host:1:0';

export const DECODE_FAILURE: JobFailure = { code: 'decode_failed', message: 'ffmpeg exited with code 1', stderrTail: '[h264 @ 0x1] error while decoding MB 3 7\nConversion failed!' };

/** Acts on the encoding of a video in the database at `db` (a test app's, or a browser test server's). */
export function encodingDriver(db: Db) {
  const jobs: EncodingJobRepository = createEncodingJobRepository(db);
  const videos = createVideoRepository(db);
  const jobOf = async (videoId: number): Promise<string> => {
    const video = await videos.findById(videoId);
    if (!video?.encoding) throw new Error(`video ${videoId} has no encoding job`);
    return video.encoding.jobId;
  };
  return {
    jobOf,
    /** Claims the queued job and reports progress at `step`: the video is "encoding". */
    async start(videoId: number, progress = 0, step: 'probe' | 'transcode' = 'transcode'): Promise<string> {
      const id = await jobOf(videoId);
      if (!(await jobs.claim(id, FAKE_WORKER))) throw new Error(`job ${id} could not be claimed`);
      await jobs.report(id, FAKE_WORKER, step, progress);
      return id;
    },
    async report(videoId: number, progress: number, step: 'probe' | 'transcode' = 'transcode'): Promise<void> {
      if (!(await jobs.report(await jobOf(videoId), FAKE_WORKER, step, progress))) throw new Error(`video ${videoId} is not encoding`);
    },
    /** Back to the queue with a retry time, as after a retryable failure. */
    async requeue(videoId: number, retryAt: Date, failure: JobFailure = { code: 'storage_error', message: 'ENOSPC', stderrTail: null }): Promise<void> {
      await jobs.requeue(await jobOf(videoId), FAKE_WORKER, retryAt, failure, false);
    },
    async fail(videoId: number, failure: JobFailure = DECODE_FAILURE): Promise<void> {
      await jobs.fail(await jobOf(videoId), failure);
    },
    /** Publishes media with `thumbnails` candidates (no files written): the video is "ready". */
    async publish(videoId: number, thumbnails = 3): Promise<void> {
      const id = await jobOf(videoId);
      const media: EncodedMedia = {
        kind: 'video',
        durationSeconds: 2,
        master: 'master.m3u8',
        renditions: [],
        audio: { mp3: null, m4a: null },
        thumbnails: Array.from({ length: thumbnails }, (_, index) => `thumbnails/${index}.jpg`),
        storyboard: null,
        subtitles: [],
        encoder: { ffmpeg: 'test', preset: 'veryfast', crf: 23 },
      };
      const published = await jobs.publish(id, FAKE_WORKER, { folder: `videos/${videoId}/media-${id}`, media, thumbnailIndex: thumbnails ? 1 : null });
      if (!published) throw new Error(`job ${id} could not publish`);
    },
  };
}

/** A video with an uploaded source (a stand-in file), queued for encoding, titled `title`. */
export async function queuedVideo(ctx: TestApp, owner: User, title: string): Promise<Video> {
  const video = await videoWithSource(ctx, owner, await textAsMp4());
  return ctx.services.videoService.update(owner, video.id, { title }, null);
}

/** A video in `state`, driven there through the repository. */
export async function videoIn(ctx: TestApp, owner: User, title: string, state: 'queued' | 'encoding' | 'failed' | 'ready'): Promise<Video> {
  const video = await queuedVideo(ctx, owner, title);
  const driver = encodingDriver(ctx.database.db);
  if (state !== 'queued') await driver.start(video.id, 42);
  if (state === 'failed') await driver.fail(video.id);
  if (state === 'ready') await driver.publish(video.id);
  return ctx.services.videoService.getManageable(owner, video.id);
}
