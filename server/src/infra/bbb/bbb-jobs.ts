import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import type { Config } from '../../config/config.js';
import type { RetryPolicy } from '../../domain/encoding/encoding-jobs.js';
import type { BbbApis, BbbServerRepository } from '../../domain/meetings/bbb-server.js';
import { RECORDING_IMPORT_JOB, RECORDING_IMPORT_RETRY, type RecordingImportRepository } from '../../domain/meetings/recording-import.js';
import type { RecordingImportService } from '../../domain/meetings/recording-import-service.js';
import { startJobWorker } from '../agenda.js';
import type { Logger } from '../logger.js';
import { createImportRecordingHandler } from './import-recording.job.js';

export interface BbbJobsDeps {
  readonly pool: pg.Pool;
  /** From createServices. */
  readonly services: {
    readonly recordingImportService: Pick<RecordingImportService, 'complete' | 'checkQuota'>;
    readonly recordingImportRepository: RecordingImportRepository;
    readonly bbbServers: Pick<BbbServerRepository, 'findById'>;
    readonly bbbApis: BbbApis;
  };
  readonly config: Pick<Config, 'varDir' | 'bbb'>;
  readonly logger: Logger;
  /** Tests shorten these. */
  readonly retry?: RetryPolicy;
  readonly pollIntervalMs?: number;
  /** Agenda re-checks a running job's lock every half lifetime with a timer that keeps the process alive: tests shorten it. */
  readonly lockLifetimeMs?: number;
  /** Wait before resuming a cut download the first time (doubled each time). */
  readonly downloadBackoffMs?: number;
}

export interface BbbJobs {
  /** Stops taking jobs and lets running ones finish for `graceMs` (the rest go back to the queue and resume their download). */
  stop(graceMs: number): Promise<void>;
}

/** Two downloads at a time: they are network-bound, and each ends in an ffprobe and a file move. */
const CONCURRENCY = 2;
const LOCK_LIFETIME_MS = 5 * 60_000;
const POLL_INTERVAL_MS = 5_000;
const DOWNLOAD_BACKOFF_MS = 2_000;

/**
 * The BigBlueButton jobs' consumer (recording imports): it runs in the web process, next to the
 * services that make the videos. Composition roots start and stop it.
 */
export async function startBbbJobs(deps: BbbJobsDeps): Promise<BbbJobs> {
  const logger = deps.logger.child({ module: 'bbb-jobs' });
  const lockLifetimeMs = deps.lockLifetimeMs ?? LOCK_LIFETIME_MS;
  const handler = createImportRecordingHandler({
    imports: deps.services.recordingImportRepository,
    service: deps.services.recordingImportService,
    servers: deps.services.bbbServers,
    apis: deps.services.bbbApis,
    downloadDir: path.join(deps.config.varDir, 'uploads', 'bbb'),
    download: {
      maxSize: deps.config.bbb.recordingMaxSize,
      timeoutMs: deps.config.bbb.timeoutMs,
      attempts: deps.config.bbb.downloadAttempts,
      backoffMs: deps.downloadBackoffMs ?? DOWNLOAD_BACKOFF_MS,
    },
    retry: deps.retry ?? RECORDING_IMPORT_RETRY,
    heartbeatMs: Math.max(250, Math.floor(lockLifetimeMs / 4)),
    logger,
  });
  const worker = await startJobWorker({
    pool: deps.pool,
    logger,
    name: `bbb:${os.hostname()}:${process.pid}`,
    concurrency: CONCURRENCY,
    lockLifetimeMs,
    pollIntervalMs: deps.pollIntervalMs ?? POLL_INTERVAL_MS,
    handlers: { [RECORDING_IMPORT_JOB]: handler },
  });
  return {
    async stop(graceMs) {
      if (!(await worker.shutdown(graceMs))) logger.warn({ graceMs }, 'recording imports still running at shutdown: they go back to the queue');
    },
  };
}
