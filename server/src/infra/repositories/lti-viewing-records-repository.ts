import type { ViewingRecords } from '../../domain/lms/lti-progress-report-service.js';
import type { Db } from '../db.js';

/**
 * Reads `lti_progress` (written by the LTI progress service) with the viewers' names, for the
 * teacher's view of a link. Read only.
 */
export function createLtiViewingRecordsRepository(db: Db): ViewingRecords {
  return {
    async listForLink(linkId) {
      const rows = await db
        .selectFrom('lti_progress')
        .innerJoin('users', 'users.id', 'lti_progress.user_id')
        .select([
          'lti_progress.user_id',
          'lti_progress.subject',
          'lti_progress.watched',
          'lti_progress.posted',
          'lti_progress.posted_at',
          'lti_progress.score_error',
          'lti_progress.updated_at',
          'users.username',
          'users.first_name',
          'users.last_name',
          'users.email',
        ])
        .where('lti_progress.link_id', '=', linkId)
        .orderBy('lti_progress.user_id')
        .execute();
      return rows.map((row) => ({
        userId: row.user_id,
        subject: row.subject,
        name: `${row.first_name} ${row.last_name}`.trim() || row.username,
        email: row.email || null,
        watched: Number(row.watched),
        posted: row.posted === null ? null : Number(row.posted),
        postedAt: row.posted_at,
        scoreError: row.score_error,
        updatedAt: row.updated_at,
      }));
    },
  };
}
