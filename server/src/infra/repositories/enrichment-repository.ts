import { sql, type Selectable } from 'kysely';
import type { Enrichment } from '../../domain/enrichments/enrichment.js';
import type { EnrichmentRepository, EnrichmentRow } from '../../domain/enrichments/enrichment-repository.js';
import type { Db } from '../db.js';
import type { EnrichmentsTable } from '../db-schema.js';
import { saveOutcome } from './constraint-outcome.js';

function toEnrichment(row: Selectable<EnrichmentsTable>): Enrichment {
  return {
    id: row.id,
    videoId: row.video_id,
    title: row.title,
    type: row.type,
    start: Number(row.time_start),
    end: Number(row.time_end),
    stopVideo: row.stop_video,
    richtext: row.richtext,
    weblink: row.weblink,
    embed: row.embed,
    file: row.file_key ? { key: row.file_key, name: row.file_name ?? '', type: row.file_type ?? 'application/octet-stream', size: Number(row.file_size ?? 0) } : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const columns = (row: EnrichmentRow) => ({
  title: row.title,
  type: row.type,
  time_start: row.start,
  time_end: row.end,
  stop_video: row.stopVideo,
  richtext: row.richtext,
  weblink: row.weblink,
  embed: row.embed,
  file_key: row.file?.key ?? null,
  file_name: row.file?.name ?? null,
  file_type: row.file?.type ?? null,
  file_size: row.file?.size ?? null,
});

export function createEnrichmentRepository(db: Db): EnrichmentRepository {
  return {
    async list(videoId) {
      const rows = await db.selectFrom('enrichments').selectAll().where('video_id', '=', videoId).orderBy('time_start').orderBy('id').execute();
      return rows.map(toEnrichment);
    },
    async find(videoId, id) {
      const row = await db.selectFrom('enrichments').selectAll().where('video_id', '=', videoId).where('id', '=', id).executeTakeFirst();
      return row ? toEnrichment(row) : null;
    },
    async insert(videoId, row) {
      return saveOutcome(async () => toEnrichment(await db.insertInto('enrichments').values({ video_id: videoId, ...columns(row) }).returningAll().executeTakeFirstOrThrow()));
    },
    async update(videoId, id, row) {
      return saveOutcome(async () => {
        const updated = await db.updateTable('enrichments').set({ ...columns(row), updated_at: sql`now()` }).where('video_id', '=', videoId).where('id', '=', id).returningAll().executeTakeFirst();
        return updated && toEnrichment(updated);
      });
    },
    async delete(videoId, id) {
      const row = await db.deleteFrom('enrichments').where('video_id', '=', videoId).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? toEnrichment(row) : null;
    },
  };
}
