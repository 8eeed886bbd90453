import { sql } from 'kysely';
import type { EncodingJobStatus, EncodingStep } from '../../domain/encoding/encoding-job.js';
import type { ImportDataRepository } from '../../domain/imports/import-data-repository.js';
import type { VideoStatus } from '../../domain/videos/video.js';
import type { Db } from '../db.js';
import { userRowOf } from './user-repository.js';

/** The bulk queries of imports and exports: batch inserts, key lookups, secrets for exports, encoding states. */
export function createImportDataRepository(db: Db): ImportDataRepository {
  return {
    async insertUsers(siteId, users) {
      if (users.length === 0) return [];
      const rows = await db
        .insertInto('users')
        .values(users.map((user) => userRowOf({ ...user, siteId, authType: 'local', passwordHash: null })))
        .onConflict((oc) => oc.expression(sql`site_id, lower(username)`).doNothing())
        .returning('username')
        .execute();
      return rows.map((row) => row.username);
    },

    async existingImportKeys(siteId, keys) {
      if (keys.length === 0) return new Set();
      const rows = await db.selectFrom('videos').select('import_key').where('site_id', '=', siteId).where('import_key', 'in', [...keys]).execute();
      return new Set(rows.map((row) => row.import_key!));
    },

    async videoSecrets(siteId) {
      const rows = await db.selectFrom('videos').select(['id', 'import_key', 'password_hash']).where('site_id', '=', siteId).execute();
      return new Map(rows.map((row) => [row.id, { importKey: row.import_key, passwordHash: row.password_hash }]));
    },

    async encodingOf(videoIds) {
      if (videoIds.length === 0) return [];
      const rows = await db
        .selectFrom('videos as v')
        .leftJoin('encoding_jobs as j', 'j.id', 'v.encoding_job_id')
        .select(['v.id', 'v.title', 'v.slug', 'v.status', 'j.status as job_status', 'j.step', 'j.progress', 'j.error_code', 'j.error_message'])
        .where('v.id', 'in', [...videoIds])
        .execute();
      const byId = new Map(rows.map((row) => [row.id, row]));
      return videoIds.flatMap((id) => {
        const row = byId.get(id);
        if (!row) return [];
        const encoding = row.job_status
          ? { status: row.job_status as EncodingJobStatus, step: row.step as EncodingStep | null, progress: Number(row.progress ?? 0), errorCode: row.error_code, errorMessage: row.error_message }
          : null;
        return [{ id: row.id, title: row.title, slug: row.slug, status: row.status as VideoStatus, encoding }];
      });
    },
  };
}
