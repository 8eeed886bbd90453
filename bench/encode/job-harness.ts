import path from 'node:path';
import type { User } from '../../server/src/domain/users/user.js';
import type { Video } from '../../server/src/domain/videos/video.js';
import { resolveFfmpegBinaries, type FfmpegBinaries } from '../../server/src/infra/media/ffmpeg-binaries.js';
import { createFfprobeMediaProbe } from '../../server/src/infra/media/ffprobe-media-probe.js';
import { videoWithSourceFile } from '../../test/helpers/encoding.js';
import { createUser } from '../../test/helpers/factories.js';
import { buildTestApp, type TestApp } from '../../test/helpers/test-app.js';
import { startBenchDatabase } from './bench-database.js';

/**
 * The real application for pass (a), through the test harness: buildTestApp with one
 * in-process encoding worker (migrated PostgreSQL, Agenda queue, local storage) on the
 * benchmark's database, a staff user, and videos whose source is put in place as an upload
 * leaves it (file in storage, ffprobe facts, status 'uploaded').
 */
export interface JobHarness {
  readonly ctx: TestApp;
  readonly owner: User;
  readonly binaries: FfmpegBinaries;
  /** Which PostgreSQL the job runs on. */
  readonly database: string;
  close(): Promise<void>;
}

export async function startJobHarness(workspace: string, env: Record<string, string>): Promise<JobHarness> {
  const database = await startBenchDatabase(workspace);
  let ctx: TestApp;
  try {
    ctx = await buildTestApp({ LECTERN_VAR_DIR: path.join(workspace, 'var'), ...env }, undefined, { workers: 1 });
  } catch (error) {
    await database.stop();
    throw error;
  }
  const { user } = await createUser(ctx);
  return {
    ctx,
    owner: user,
    binaries: resolveFfmpegBinaries(ctx.config.ffmpeg, process.env.PATH),
    database: database.description,
    async close() {
      try {
        await ctx.close();
      } finally {
        await database.stop();
      }
    },
  };
}

/** A video whose source is `file`, with the probe's facts, status 'uploaded' (not queued yet). */
export async function videoWithSource(harness: JobHarness, file: string): Promise<Video> {
  const info = await createFfprobeMediaProbe(harness.binaries.ffprobe).probe(file);
  return videoWithSourceFile(harness.ctx, harness.owner, file, info);
}
