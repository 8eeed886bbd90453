import { sql } from 'kysely';
import type { EncodingJob, EncodingJobListing, EncodingJobStatus, EncodingLogEntry, EncodingStep } from '../../domain/encoding/encoding-job.js';
import { ENCODING_JOB_STATUSES } from '../../domain/encoding/encoding-job.js';
import type { EncodingJobRepository } from '../../domain/encoding/encoding-job-repository.js';
import type { Db } from '../db.js';
import { insertTracksIfAbsent } from './track-repository.js';
import type { EncodingJobsTable } from '../db-schema.js';
import type { Selectable } from 'kysely';

type JobRow = Selectable<EncodingJobsTable>;

/** The job log keeps its last entries only: a job retried forever must not grow without bound. */
const LOG_LIMIT = 200;
const STDERR_LIMIT = 8000;

function toJob(row: JobRow): EncodingJob {
  return {
    id: row.id,
    videoId: row.video_id,
    siteId: row.site_id,
    requestedBy: row.requested_by,
    status: row.status,
    step: row.step as EncodingStep | null,
    progress: Number(row.progress),
    attempts: row.attempts,
    worker: row.worker,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    stderrTail: row.stderr_tail,
    log: (row.log ?? []) as EncodingLogEntry[],
    queuedAt: row.queued_at,
    retryAt: row.retry_at,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    finishedAt: row.finished_at,
  };
}

const tail = (text: string | null): string | null => (text === null ? null : text.slice(-STDERR_LIMIT));

function logEntry(level: EncodingLogEntry['level'], message: string): string {
  return JSON.stringify([{ at: new Date().toISOString(), level, message }]);
}

/** Appends to the jsonb log, keeping the last LOG_LIMIT entries. */
const appendTo = (entries: string) =>
  sql<string>`(SELECT coalesce(jsonb_agg(e ORDER BY n), '[]'::jsonb) FROM (
      SELECT e, n FROM jsonb_array_elements(log || ${entries}::jsonb) WITH ORDINALITY AS t(e, n)
      ORDER BY n DESC LIMIT ${LOG_LIMIT}) recent)`;

export function createEncodingJobRepository(db: Db): EncodingJobRepository {
  return {
    async request(job) {
      return db.transaction().execute(async (trx) => {
        const video = await trx.selectFrom('videos').select('id').where('id', '=', job.videoId).forUpdate().executeTakeFirst();
        if (!video) return false;
        await trx
          .updateTable('encoding_jobs')
          .set({ status: 'cancelled', finished_at: sql`now()`, log: appendTo(logEntry('info', 'Replaced by a newer encoding request.')) })
          .where('video_id', '=', job.videoId)
          .where('status', 'in', ['queued', 'running'])
          .execute();
        await trx
          .insertInto('encoding_jobs')
          .values({ id: job.id, video_id: job.videoId, site_id: job.siteId, requested_by: job.requestedBy, log: logEntry('info', 'Queued.') })
          .execute();
        await trx.updateTable('videos').set({ status: 'queued', encoding_job_id: job.id, updated_at: sql`now()` }).where('id', '=', job.videoId).execute();
        return true;
      });
    },

    async findById(id) {
      const row = await db.selectFrom('encoding_jobs').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toJob(row) : null;
    },

    async list({ siteId, statuses, limit }) {
      if (statuses.length === 0) return [];
      const rows = await db
        .selectFrom('encoding_jobs as j')
        .innerJoin('videos as v', 'v.id', 'j.video_id')
        .innerJoin('users as o', 'o.id', 'v.owner_id')
        .selectAll('j')
        .select(['v.title as video_title', 'v.slug as video_slug', 'o.username as owner_username', sql<boolean>`v.encoding_job_id = j.id`.as('is_current')])
        .where('j.site_id', '=', siteId)
        .where('j.status', 'in', [...statuses])
        .orderBy('j.queued_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row): EncodingJobListing => ({ ...toJob(row), videoTitle: row.video_title, videoSlug: row.video_slug, ownerUsername: row.owner_username, isCurrent: row.is_current === true }));
    },

    async countByStatus(siteId) {
      const rows = await db.selectFrom('encoding_jobs').select(['status', sql<string>`count(*)`.as('count')]).where('site_id', '=', siteId).groupBy('status').execute();
      const counts = Object.fromEntries(ENCODING_JOB_STATUSES.map((status) => [status, 0])) as Record<EncodingJobStatus, number>;
      for (const row of rows) counts[row.status] = Number(row.count);
      return counts;
    },

    async claim(id, worker) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('encoding_jobs')
          .set({
            status: 'running',
            attempts: sql`attempts + 1`,
            worker,
            step: 'probe',
            progress: 0,
            retry_at: null,
            started_at: sql`now()`,
            heartbeat_at: sql`now()`,
          })
          .where('id', '=', id)
          .where('status', 'in', ['queued', 'running'])
          .returningAll()
          .executeTakeFirst();
        if (!row) return null;
        await trx.updateTable('videos').set({ status: 'encoding', updated_at: sql`now()` }).where('id', '=', row.video_id).where('encoding_job_id', '=', id).execute();
        return toJob(row);
      });
    },

    async report(id, worker, step: EncodingStep, progress) {
      const result = await db
        .updateTable('encoding_jobs')
        .set({ step, progress: Math.min(100, Math.max(0, progress)), heartbeat_at: sql`now()` })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .where('worker', '=', worker)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async appendLog(id, entry) {
      await db.updateTable('encoding_jobs').set({ log: appendTo(JSON.stringify([entry])) }).where('id', '=', id).execute();
    },

    async requeue(id, worker, retryAt, failure, refundAttempt) {
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('encoding_jobs')
          .set({
            status: 'queued',
            retry_at: retryAt,
            attempts: refundAttempt ? sql`greatest(attempts - 1, 0)` : sql`attempts`,
            error_code: failure?.code ?? null,
            error_message: failure?.message ?? null,
            stderr_tail: tail(failure?.stderrTail ?? null),
          })
          .where('id', '=', id)
          .where('status', '=', 'running')
          .where('worker', '=', worker)
          .returning('video_id')
          .executeTakeFirst();
        if (row) await trx.updateTable('videos').set({ status: 'queued', updated_at: sql`now()` }).where('id', '=', row.video_id).where('encoding_job_id', '=', id).execute();
      });
    },

    async fail(id, failure) {
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('encoding_jobs')
          .set({
            status: 'failed',
            error_code: failure.code,
            error_message: failure.message,
            stderr_tail: tail(failure.stderrTail),
            finished_at: sql`now()`,
            log: appendTo(logEntry('error', `Failed (${failure.code}): ${failure.message}`)),
          })
          .where('id', '=', id)
          .where('status', 'in', ['queued', 'running'])
          .returning('video_id')
          .executeTakeFirst();
        if (row) await trx.updateTable('videos').set({ status: 'failed', updated_at: sql`now()` }).where('id', '=', row.video_id).where('encoding_job_id', '=', id).execute();
      });
    },

    async publish(id, worker, published) {
      return db.transaction().execute(async (trx) => {
        const job = await trx.selectFrom('encoding_jobs').select(['video_id', 'status', 'worker']).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!job || job.status !== 'running' || job.worker !== worker) return undefined;
        const video = await trx.selectFrom('videos').select(['media_folder', 'encoding_job_id']).where('id', '=', job.video_id).forUpdate().executeTakeFirst();
        if (!video || video.encoding_job_id !== id) return undefined;
        await trx
          .updateTable('videos')
          .set({
            status: 'ready',
            media_folder: published.folder,
            media: JSON.stringify(published.media),
            thumbnail_index: published.thumbnailIndex,
            duration_seconds: published.media.durationSeconds,
            encoded_at: sql`now()`,
            updated_at: sql`now()`,
          })
          .where('id', '=', job.video_id)
          .execute();
        await trx
          .updateTable('encoding_jobs')
          .set({ status: 'succeeded', step: 'publish', progress: 100, error_code: null, error_message: null, finished_at: sql`now()`, log: appendTo(logEntry('info', 'Published.')) })
          .where('id', '=', id)
          .execute();
        const insertedTrackKeys = await insertTracksIfAbsent(trx, job.video_id, published.tracks ?? []);
        return { previousFolder: video.media_folder, insertedTrackKeys };
      });
    },

    async currentMediaFolder(videoId) {
      const row = await db.selectFrom('videos').select('media_folder').where('id', '=', videoId).executeTakeFirst();
      return row?.media_folder ?? null;
    },
  };
}
