import { sql, type Selectable } from 'kysely';
import type { Overlay, OverlayPosition } from '../../domain/enrichments/enrichment.js';
import type { OverlayRepository, OverlayRow } from '../../domain/enrichments/enrichment-repository.js';
import type { Db } from '../db.js';
import type { OverlaysTable } from '../db-schema.js';
import { saveOutcome } from './constraint-outcome.js';

function toOverlay(row: Selectable<OverlaysTable>): Overlay {
  return {
    id: row.id,
    videoId: row.video_id,
    title: row.title,
    content: row.content,
    position: row.position as OverlayPosition,
    background: row.background,
    start: Number(row.time_start),
    end: Number(row.time_end),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const columns = (row: OverlayRow) => ({ title: row.title, content: row.content, position: row.position, background: row.background, time_start: row.start, time_end: row.end });

export function createOverlayRepository(db: Db): OverlayRepository {
  return {
    async list(videoId) {
      const rows = await db.selectFrom('overlays').selectAll().where('video_id', '=', videoId).orderBy('time_start').orderBy('id').execute();
      return rows.map(toOverlay);
    },
    async find(videoId, id) {
      const row = await db.selectFrom('overlays').selectAll().where('video_id', '=', videoId).where('id', '=', id).executeTakeFirst();
      return row ? toOverlay(row) : null;
    },
    async insert(videoId, row) {
      return saveOutcome(async () => toOverlay(await db.insertInto('overlays').values({ video_id: videoId, ...columns(row) }).returningAll().executeTakeFirstOrThrow()));
    },
    async update(videoId, id, row) {
      return saveOutcome(async () => {
        const updated = await db.updateTable('overlays').set({ ...columns(row), updated_at: sql`now()` }).where('video_id', '=', videoId).where('id', '=', id).returningAll().executeTakeFirst();
        return updated && toOverlay(updated);
      });
    },
    async delete(videoId, id) {
      const row = await db.deleteFrom('overlays').where('video_id', '=', videoId).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? toOverlay(row) : null;
    },
  };
}
