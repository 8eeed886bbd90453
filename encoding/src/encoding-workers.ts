import os from 'node:os';
import type pg from 'pg';
import type { EncodingConfig } from '../../server/src/config/config.js';
import { ENCODE_VIDEO_JOB } from '../../server/src/domain/encoding/encoding-jobs.js';
import type { MediaProbe } from '../../server/src/domain/media/media-probe.js';
import type { MediaStorage } from '../../server/src/domain/media/media-storage.js';
import { startJobWorker, type JobWorker } from '../../server/src/infra/agenda.js';
import type { Db } from '../../server/src/infra/db.js';
import type { Logger } from '../../server/src/infra/logger.js';
import { createEncodingJobRepository } from '../../server/src/infra/repositories/encoding-job-repository.js';
import { createVideoRepository } from '../../server/src/infra/repositories/video-repository.js';
import { createFfmpegRunner } from './ffmpeg/ffmpeg-runner.js';
import { parseLadder } from './ffmpeg/rendition-ladder.js';
import { createEncodeVideoHandler, type EncodeVideoHandler } from './handlers/encode-video.job.js';

export interface EncodingWorkersDeps {
  readonly db: Db;
  readonly pool: pg.Pool;
  readonly config: EncodingConfig;
  readonly logger: Logger;
  readonly storage: MediaStorage;
  readonly probe: MediaProbe;
  readonly ffmpegPath: string;
  /** Workers to start in this process (each takes `config.concurrency` jobs at a time). */
  readonly count: number;
}

export interface EncodingWorkers {
  readonly names: readonly string[];
  /**
   * Stops taking jobs and lets running encodings finish for `graceMs`; encodings still running
   * then are stopped and go back to the queue for another worker (the attempt is not counted).
   */
  stop(graceMs: number): Promise<void>;
}

const SETTLE_MS = 5000;

/** Starts `count` encoding workers on the shared queue. Composition roots call this. */
export async function startEncodingWorkers(deps: EncodingWorkersDeps): Promise<EncodingWorkers> {
  const { db, pool, config, logger, storage, probe, count } = deps;
  const runner = createFfmpegRunner(deps.ffmpegPath);
  const ffmpegVersion = await runner.version();
  const settings = { ladder: parseLadder(config.ladder), quality: { preset: config.preset, crf: config.crf }, threads: config.threads };
  const jobs = createEncodingJobRepository(db);
  const videos = createVideoRepository(db);
  const handlers: EncodeVideoHandler[] = [];
  const workers: JobWorker[] = [];
  for (let index = 0; index < count; index += 1) {
    const name = `${os.hostname()}:${process.pid}:${index}`;
    const handler = createEncodeVideoHandler({
      jobs,
      videos,
      storage,
      probe,
      runner,
      ffmpegVersion,
      settings,
      retry: { maxAttempts: config.maxAttempts, baseDelayMs: config.retryDelayMs },
      worker: name,
      lockLifetimeMs: config.lockLifetimeMs,
      logger: logger.child({ module: 'encoding' }),
    });
    handlers.push(handler);
    workers.push(
      await startJobWorker({
        pool,
        logger,
        name,
        concurrency: config.concurrency,
        lockLifetimeMs: config.lockLifetimeMs,
        pollIntervalMs: config.pollIntervalMs,
        handlers: { [ENCODE_VIDEO_JOB]: (job) => handler.handle(job) },
      }),
    );
  }
  logger.info({ workers: count, concurrency: config.concurrency, ffmpeg: ffmpegVersion, ladder: settings.ladder.map((r) => r.name), ...settings.quality }, 'encoding workers ready');

  return {
    names: workers.map((worker) => worker.name),
    async stop(graceMs) {
      const drained = await Promise.all(workers.map((worker) => worker.drain(graceMs)));
      if (drained.every(Boolean)) return;
      logger.warn({ running: handlers.reduce((sum, h) => sum + h.runningCount, 0) }, 'encodings still running at shutdown: sending them back to the queue');
      for (const handler of handlers) handler.abortAll();
      const deadline = Date.now() + SETTLE_MS;
      while (handlers.some((h) => h.runningCount > 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    },
  };
}
