import { sql, type Selectable } from 'kysely';
import type { Upload, UploadRepository } from '../../domain/uploads/upload-repository.js';
import type { Db } from '../db.js';
import type { UploadsTable } from '../db-schema.js';

function toUpload(row: Selectable<UploadsTable>): Upload {
  return {
    id: row.id,
    userId: row.user_id,
    videoId: row.video_id,
    filename: row.filename,
    title: row.title,
    size: Number(row.size),
    status: row.status,
    errorCode: row.error_code,
    createdAt: row.created_at,
  };
}

export function createUploadRepository(db: Db): UploadRepository {
  return {
    async insert(upload) {
      const row = await db
        .insertInto('uploads')
        .values({ id: upload.id, user_id: upload.userId, video_id: upload.videoId, filename: upload.filename, title: upload.title, size: upload.size })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toUpload(row);
    },
    async findById(id) {
      const row = await db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUpload(row) : null;
    },
    async finish(id, outcome) {
      const result = await db
        .updateTable('uploads')
        .set({
          status: outcome.status,
          video_id: outcome.status === 'completed' ? outcome.videoId : undefined,
          error_code: outcome.status === 'rejected' ? outcome.errorCode : null,
          finished_at: sql`now()`,
        })
        .where('id', '=', id)
        .where('status', '=', 'receiving')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async reservedBytes(userId) {
      const row = await db
        .selectFrom('uploads')
        .select(sql<string>`coalesce(sum(size), 0)`.as('reserved'))
        .where('user_id', '=', userId)
        .where('status', '=', 'receiving')
        .executeTakeFirstOrThrow();
      return Number(row.reserved);
    },
    async listStale(olderThan) {
      const rows = await db.selectFrom('uploads').selectAll().where('status', '=', 'receiving').where('created_at', '<', olderThan).execute();
      return rows.map(toUpload);
    },
  };
}
