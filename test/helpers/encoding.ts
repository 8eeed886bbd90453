import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import type { EncodingJob } from '../../server/src/domain/encoding/encoding-job.js';
import type { MediaInfo } from '../../server/src/domain/media/media-info.js';
import type { User } from '../../server/src/domain/users/user.js';
import type { Video, VideoStatus } from '../../server/src/domain/videos/video.js';
import { createEncodingJobRepository } from '../../server/src/infra/repositories/encoding-job-repository.js';
import { createVideoRepository } from '../../server/src/infra/repositories/video-repository.js';
import { createVideo } from './factories.js';
import type { TestApp } from './test-app.js';

/** Uploads a file through the API (one multipart POST) and returns the new video's id. */
export async function uploadFile(ctx: TestApp, auth: Record<string, string>, file: string, filename = path.basename(file)): Promise<number> {
  const response = await request(ctx.app).post('/api/v1/uploads').set(auth).attach('file', await readFile(file), filename);
  if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.id as number;
}

/** What the upload's probe would have said: unknown, as the worker probes again anyway. */
const UNPROBED: MediaInfo = { formatName: 'unknown', durationSeconds: 1, bitRate: null, video: null, audio: null, subtitles: [] };

/**
 * Puts a file in place as a video's source, as an upload leaves it (status 'uploaded', not
 * queued), without the upload's checks: for benchmarks, and for the worker's own failure paths.
 */
export async function videoWithSourceFile(ctx: TestApp, owner: User, file: string, info: MediaInfo = UNPROBED): Promise<Video> {
  const video = await createVideo(ctx, owner, { title: path.basename(file) });
  const key = `videos/${video.id}/source/${path.basename(file)}`;
  const copy = path.join(ctx.varDir, `import-${video.id}${path.extname(file)}`);
  await copyFile(file, copy);
  const size = await ctx.services.storage.importFile(copy, key);
  await createVideoRepository(ctx.database.db).setSource(video.id, { filename: path.basename(file), size, key, info, status: 'uploaded' });
  return (await readVideo(ctx, video.id))!;
}

/** The same, with its encoding queued. */
export async function videoWithSource(ctx: TestApp, owner: User, file: string): Promise<Video> {
  const video = await videoWithSourceFile(ctx, owner, file);
  await ctx.services.encodingService.request(video, owner.id);
  return (await readVideo(ctx, video.id))!;
}

export async function readVideo(ctx: TestApp, videoId: number): Promise<Video | null> {
  return createVideoRepository(ctx.database.db).findById(videoId);
}

export async function readJob(ctx: TestApp, jobId: string): Promise<EncodingJob | null> {
  return createEncodingJobRepository(ctx.database.db).findById(jobId);
}

/** Polls until the video reaches one of `statuses` (encodings of test clips take seconds). */
export async function waitForVideo(ctx: TestApp, videoId: number, statuses: readonly VideoStatus[], timeoutMs = 60_000): Promise<Video> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const video = await readVideo(ctx, videoId);
    if (video && statuses.includes(video.status)) return video;
    if (Date.now() > deadline) throw new Error(`video ${videoId} is still ${video?.status ?? 'gone'} after ${timeoutMs} ms (waiting for ${statuses.join('/')})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

