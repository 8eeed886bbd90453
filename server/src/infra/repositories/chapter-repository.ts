import { sql, type Selectable } from 'kysely';
import type { Chapter } from '../../domain/enrichments/enrichment.js';
import type { ChapterRepository, ChapterRow } from '../../domain/enrichments/enrichment-repository.js';
import type { Db } from '../db.js';
import type { ChaptersTable } from '../db-schema.js';
import { saveOutcome } from './constraint-outcome.js';

function toChapter(row: Selectable<ChaptersTable>): Chapter {
  return { id: row.id, videoId: row.video_id, title: row.title, start: Number(row.time_start), createdAt: row.created_at, updatedAt: row.updated_at };
}

const columns = (row: ChapterRow) => ({ title: row.title, time_start: row.start });

export function createChapterRepository(db: Db): ChapterRepository {
  return {
    async list(videoId) {
      const rows = await db.selectFrom('chapters').selectAll().where('video_id', '=', videoId).orderBy('time_start').orderBy('id').execute();
      return rows.map(toChapter);
    },
    async videoIdOf(id) {
      const row = await db.selectFrom('chapters').select('video_id').where('id', '=', id).executeTakeFirst();
      return row?.video_id ?? null;
    },
    async find(videoId, id) {
      const row = await db.selectFrom('chapters').selectAll().where('video_id', '=', videoId).where('id', '=', id).executeTakeFirst();
      return row ? toChapter(row) : null;
    },
    async insert(videoId, row) {
      return saveOutcome(async () => toChapter(await db.insertInto('chapters').values({ video_id: videoId, ...columns(row) }).returningAll().executeTakeFirstOrThrow()));
    },
    async update(videoId, id, row) {
      return saveOutcome(async () => {
        const updated = await db.updateTable('chapters').set({ ...columns(row), updated_at: sql`now()` }).where('video_id', '=', videoId).where('id', '=', id).returningAll().executeTakeFirst();
        return updated && toChapter(updated);
      });
    },
    async delete(videoId, id) {
      const row = await db.deleteFrom('chapters').where('video_id', '=', videoId).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? toChapter(row) : null;
    },
  };
}
