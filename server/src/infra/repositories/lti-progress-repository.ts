import { sql, type Selectable } from 'kysely';
import type { Segment } from '../../domain/lms/played-segments.js';
import type { LtiProgress, LtiProgressRepository, ProgressKey } from '../../domain/lms/lti-progress.js';
import type { Db } from '../db.js';
import type { LtiProgressTable } from '../db-schema.js';

function toProgress(row: Selectable<LtiProgressTable>): LtiProgress {
  return {
    linkId: row.link_id,
    userId: row.user_id,
    videoId: row.video_id,
    subject: row.subject,
    segments: (row.segments as [number, number][]).map(([start, end]) => [start, end] as Segment),
    watched: row.watched,
    posted: row.posted,
    postedAt: row.posted_at,
    scoreError: row.score_error,
    scoreQueuedAt: row.score_queued_at,
  };
}

const MAX_ERROR = 1000;

export function createLtiProgressRepository(db: Db): LtiProgressRepository {
  const pair = ({ linkId, userId }: ProgressKey) => db.updateTable('lti_progress').where('link_id', '=', linkId).where('user_id', '=', userId);

  return {
    async target({ linkId, userId }) {
      const row = await db
        .selectFrom('lti_links as l')
        .innerJoin('lti_platforms as p', 'p.id', 'l.platform_id')
        .innerJoin('videos as v', 'v.id', 'l.video_id')
        .select(['l.id', 'l.video_id', 'l.line_item_url', 'l.completion_threshold', 'p.issuer', 'p.client_id', 'v.duration_seconds'])
        .select((eb) =>
          eb
            .selectFrom('user_identities as i')
            .select('i.subject')
            .where('i.provider', '=', 'lti')
            .whereRef('i.issuer', '=', 'p.issuer')
            .where('i.user_id', '=', userId)
            .orderBy('i.last_seen_at', 'desc')
            .limit(1)
            .as('subject'),
        )
        .where('l.id', '=', linkId)
        .executeTakeFirst();
      if (!row) return null;
      return {
        linkId: row.id,
        userId,
        videoId: row.video_id,
        durationSeconds: row.duration_seconds,
        lineItemUrl: row.line_item_url,
        completionThreshold: row.completion_threshold,
        issuer: row.issuer,
        clientId: row.client_id,
        subject: row.subject ?? null,
      };
    },

    async find({ linkId, userId }) {
      const row = await db.selectFrom('lti_progress').selectAll().where('link_id', '=', linkId).where('user_id', '=', userId).executeTakeFirst();
      return row ? toProgress(row) : null;
    },

    async update(key, initial, change, staleQueueSeconds) {
      return db.transaction().execute(async (trx) => {
        await trx
          .insertInto('lti_progress')
          .values({ link_id: key.linkId, user_id: key.userId, video_id: initial.videoId, subject: initial.subject, segments: '[]' })
          .onConflict((oc) => oc.columns(['link_id', 'user_id']).doNothing())
          .execute();
        const current = await trx.selectFrom('lti_progress').selectAll().where('link_id', '=', key.linkId).where('user_id', '=', key.userId).forUpdate().executeTakeFirstOrThrow();
        const next = change(toProgress(current));
        const staleBefore = Date.now() - staleQueueSeconds * 1000;
        const enqueue = next.wantsScore && (current.score_queued_at === null || current.score_queued_at.getTime() < staleBefore);
        const row = await trx
          .updateTable('lti_progress')
          .set({
            video_id: next.videoId,
            subject: next.subject,
            segments: JSON.stringify(next.segments),
            watched: next.watched,
            updated_at: sql`now()`,
            ...(enqueue ? { score_queued_at: sql`now()` } : {}),
          })
          .where('link_id', '=', key.linkId)
          .where('user_id', '=', key.userId)
          .returningAll()
          .executeTakeFirstOrThrow();
        return { progress: toProgress(row), enqueue };
      });
    },

    async unmarkQueued(key) {
      await pair(key).set({ score_queued_at: null }).execute();
    },

    async recordPosted(key, posted, postedAt) {
      await pair(key).set({ posted, posted_at: postedAt, score_error: null }).execute();
    },

    async recordFailure(key, message, final) {
      await pair(key)
        .set({ score_error: message.slice(0, MAX_ERROR), ...(final ? { score_queued_at: null } : {}) })
        .execute();
    },

    async finishQueued(key, watched) {
      const result = await pair(key).set({ score_queued_at: null }).where('watched', '=', watched).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
