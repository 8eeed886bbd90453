import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda, type Job } from 'agenda';
import type pg from 'pg';
import { ENCODE_VIDEO_JOB, RetryLater, type EncodingQueue } from '../domain/encoding/encoding-jobs.js';
import { LTI_SCORE_JOB, type LtiScoreQueue } from '../domain/lms/lti-score.js';
import { RECORDING_IMPORT_JOB, type RecordingImportQueue } from '../domain/meetings/recording-import.js';
import type { Logger } from './logger.js';

/**
 * The one wrapper around Agenda 6 and its PostgreSQL backend (ARCHITECTURE §4.9). The web
 * process gets a producer (enqueue, cancel); workers get a consumer that runs handlers with
 * our narrow types: a job id, its payload, and a heartbeat that keeps the lock while ffmpeg runs.
 */

const TABLE = 'agenda_jobs';
/** Serialises Agenda's CREATE TABLE IF NOT EXISTS across processes starting together. */
const SCHEMA_LOCK_KEY = 0x6c656374; // "lect"

export interface RunningJob {
  readonly id: string;
  readonly name: string;
  readonly data: unknown;
  /** Failed runs of this job so far (Agenda's failCount): the attempt running is failures + 1. */
  readonly failures: number;
  /** Extends the lock (call well within the lock lifetime); throws if Agenda cancelled the job. */
  heartbeat(): Promise<void>;
}

export type JobHandler = (job: RunningJob) => Promise<void>;

async function ensureQueueSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK_KEY]);
    try {
      const backend = new PostgresBackend({ pool, tableName: TABLE, ensureSchema: true, disableNotifications: true });
      await backend.connect();
      await backend.disconnect();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

function newAgenda(pool: pg.Pool, logger: Logger, name: string, options: { processEveryMs?: number; maxConcurrency?: number; lockLifetimeMs?: number } = {}): Agenda {
  const backend = new PostgresBackend({ pool, tableName: TABLE, ensureSchema: false });
  // The LISTEN connection reports its losses as 'error' events (it reconnects by itself): an
  // EventEmitter 'error' nobody listens to would crash the process.
  backend.notificationChannel?.on('error', (error: Error) => logger.warn({ err: error, queue: name }, 'job notification channel error; it reconnects'));
  const agenda = new Agenda({
    backend,
    name,
    removeOnComplete: true,
    ...(options.processEveryMs ? { processEvery: options.processEveryMs } : {}),
    ...(options.maxConcurrency ? { maxConcurrency: options.maxConcurrency, defaultConcurrency: options.maxConcurrency } : {}),
    ...(options.lockLifetimeMs ? { defaultLockLifetime: options.lockLifetimeMs } : {}),
  });
  agenda.on('error', (error: Error) => logger.error({ err: error, queue: name }, 'job queue error'));
  return agenda;
}

export interface JobQueueProducer extends EncodingQueue, LtiScoreQueue, RecordingImportQueue {
  close(): Promise<void>;
}

/** The web process's side: it only enqueues and cancels. */
export async function createJobQueueProducer(pool: pg.Pool, logger: Logger): Promise<JobQueueProducer> {
  await ensureQueueSchema(pool);
  const agenda = newAgenda(pool, logger, `producer:${process.pid}`);
  // start() with no job defined processes nothing; it is what connects the notification
  // channel, so that a new job wakes an idle worker at once (NOTIFY) instead of at its next poll.
  await agenda.start();
  return {
    async enqueueEncode(payload) {
      await agenda.now(ENCODE_VIDEO_JOB, payload);
    },
    async enqueueLtiScore(payload) {
      await agenda.now(LTI_SCORE_JOB, payload);
    },
    async enqueueRecordingImport(payload) {
      await agenda.now(RECORDING_IMPORT_JOB, payload);
    },
    async cancelVideo(videoId) {
      const removed = await agenda.cancel({ name: ENCODE_VIDEO_JOB, data: { videoId } });
      if (removed) logger.info({ videoId, removed, module: 'queue' }, 'queued encoding jobs removed');
    },
    async close() {
      await agenda.stop(false);
    },
  };
}

export interface JobWorkerOptions {
  readonly pool: pg.Pool;
  readonly logger: Logger;
  readonly name: string;
  readonly concurrency: number;
  readonly lockLifetimeMs: number;
  readonly pollIntervalMs: number;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** Jobs (of `handlers`) that run every interval ('15 minutes'): one queued run per name, whichever worker takes it. */
  readonly every?: Readonly<Record<string, string>>;
}

export interface JobWorker {
  readonly name: string;
  /** Stops taking jobs and waits for running ones; false if some were still running at the deadline. */
  drain(timeoutMs: number): Promise<boolean>;
  /** Stops at once, unlocking running jobs for other workers. */
  stop(): Promise<void>;
  /** Drains for `graceMs`, then stops; false when jobs were still running (they go back to the queue). */
  shutdown(graceMs: number): Promise<boolean>;
}

function toRunningJob(job: Job): RunningJob {
  return {
    id: String(job.attrs._id),
    name: job.attrs.name,
    data: job.attrs.data,
    failures: job.attrs.failCount ?? 0,
    heartbeat: () => job.touch(),
  };
}

/** A worker: takes jobs from the shared queue and runs the handlers, `concurrency` at a time. */
export async function startJobWorker(options: JobWorkerOptions): Promise<JobWorker> {
  const { pool, logger, name, concurrency, lockLifetimeMs, pollIntervalMs, handlers } = options;
  await ensureQueueSchema(pool);
  const agenda = newAgenda(pool, logger, name, { processEveryMs: pollIntervalMs, maxConcurrency: concurrency, lockLifetimeMs });
  agenda.on('fail', (error: Error, job: Job, remote?: boolean) => {
    // Other queues' failures come back through the notification channel (remote = true, with a
    // notification instead of a job): their own worker logs them.
    if (remote) return;
    const retry = error instanceof RetryLater;
    logger.warn({ worker: name, agendaJobId: String(job.attrs._id), job: job.attrs.name, err: retry ? undefined : error, retryInMs: retry ? error.delayMs : undefined }, retry ? 'job will be retried' : 'job failed');
  });
  for (const [jobName, handler] of Object.entries(handlers)) {
    agenda.define(jobName, (job: Job) => handler(toRunningJob(job)), {
      concurrency,
      lockLimit: concurrency,
      lockLifetime: lockLifetimeMs,
      backoff: (context) => (context.error instanceof RetryLater ? context.error.delayMs : null),
    });
  }
  await agenda.start();
  for (const [jobName, interval] of Object.entries(options.every ?? {})) await agenda.every(interval, jobName);
  logger.info({ worker: name, concurrency, jobs: Object.keys(handlers) }, 'worker started');
  const drain = async (timeoutMs: number) => !(await agenda.drain(timeoutMs)).timedOut;
  const stop = () => agenda.stop(false);
  return {
    name,
    drain,
    stop,
    async shutdown(graceMs) {
      if (await drain(graceMs)) return true;
      await stop();
      return false;
    },
  };
}
