import { sql } from 'kysely';
import type { ShareLinkRepository, ShareLinkRow, ViewPositionRepository } from '../../domain/access/access-repository.js';
import type { Db } from '../db.js';

interface Row {
  id: number;
  video_id: number;
  salt: string;
  label: string;
  created_at: Date;
  revoked_at: Date | null;
  creator_id: number | null;
  creator_username: string | null;
  creator_first_name: string | null;
  creator_last_name: string | null;
}

const toShareLink = (row: Row): ShareLinkRow => ({
  id: row.id,
  videoId: row.video_id,
  salt: row.salt,
  label: row.label,
  createdBy: row.creator_id === null ? null : { id: row.creator_id, username: row.creator_username ?? '', firstName: row.creator_first_name ?? '', lastName: row.creator_last_name ?? '' },
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

export function createShareLinkRepository(db: Db): ShareLinkRepository {
  const base = () =>
    db
      .selectFrom('video_share_links as s')
      .leftJoin('users as u', 'u.id', 's.created_by')
      .select(['s.id', 's.video_id', 's.salt', 's.label', 's.created_at', 's.revoked_at', 'u.id as creator_id', 'u.username as creator_username', 'u.first_name as creator_first_name', 'u.last_name as creator_last_name']);
  return {
    async insert(videoId, salt, label, createdBy) {
      const { id } = await db.insertInto('video_share_links').values({ video_id: videoId, salt, label, created_by: createdBy }).returning('id').executeTakeFirstOrThrow();
      return toShareLink(await base().where('s.id', '=', id).executeTakeFirstOrThrow());
    },
    async list(videoId) {
      return (await base().where('s.video_id', '=', videoId).orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').execute()).map(toShareLink);
    },
    async find(id) {
      const row = await base().where('s.id', '=', id).executeTakeFirst();
      return row ? toShareLink(row) : null;
    },
    async revoke(id) {
      return db.transaction().execute(async (trx) => {
        const row = await trx.updateTable('video_share_links').set({ revoked_at: sql`now()` }).where('id', '=', id).where('revoked_at', 'is', null).returning('video_id').executeTakeFirst();
        if (!row) return false;
        await trx.updateTable('videos').set({ access_epoch: sql`access_epoch + 1` }).where('id', '=', row.video_id).execute();
        return true;
      });
    },
  };
}

export function createViewPositionRepository(db: Db): ViewPositionRepository {
  return {
    async get(userId, videoId) {
      const row = await db.selectFrom('view_positions').select('position').where('user_id', '=', userId).where('video_id', '=', videoId).executeTakeFirst();
      return row ? row.position : null;
    },
    async save(userId, videoId, position) {
      await db
        .insertInto('view_positions')
        .values({ user_id: userId, video_id: videoId, position })
        .onConflict((oc) => oc.columns(['user_id', 'video_id']).doUpdateSet({ position, updated_at: sql`now()` }))
        .execute();
    },
  };
}
