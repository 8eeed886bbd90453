import { sql, type Selectable, type Transaction } from 'kysely';
import type { Track } from '../../domain/enrichments/enrichment.js';
import type { TrackRepository, TrackRow } from '../../domain/enrichments/enrichment-repository.js';
import type { Db } from '../db.js';
import type { Database, TracksTable } from '../db-schema.js';
import { saveOutcome } from './constraint-outcome.js';

function toTrack(row: Selectable<TracksTable>): Track {
  return {
    id: row.id,
    videoId: row.video_id,
    kind: row.kind,
    lang: row.lang,
    label: row.label,
    fileKey: row.file_key,
    origin: row.origin,
    cueCount: row.cue_count,
    size: row.size,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const columns = (row: TrackRow) => ({ kind: row.kind, lang: row.lang, label: row.label, file_key: row.fileKey, origin: row.origin, cue_count: row.cueCount, size: row.size });

/**
 * Inserts tracks the video does not have yet (same kind and language), inside the caller's
 * transaction (an encoding's publish); returns the file keys of the rows inserted.
 */
export async function insertTracksIfAbsent(trx: Transaction<Database>, videoId: number, rows: readonly TrackRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await trx
    .insertInto('tracks')
    .values(rows.map((row) => ({ video_id: videoId, ...columns(row) })))
    .onConflict((conflict) => conflict.columns(['video_id', 'kind', 'lang']).doNothing())
    .returning('file_key')
    .execute();
  return inserted.map((row) => row.file_key);
}

export function createTrackRepository(db: Db): TrackRepository {
  return {
    async list(videoId) {
      const rows = await db.selectFrom('tracks').selectAll().where('video_id', '=', videoId).orderBy('kind', 'desc').orderBy('lang').orderBy('id').execute();
      return rows.map(toTrack);
    },
    async videoIdOf(id) {
      const row = await db.selectFrom('tracks').select('video_id').where('id', '=', id).executeTakeFirst();
      return row?.video_id ?? null;
    },
    async find(videoId, id) {
      const row = await db.selectFrom('tracks').selectAll().where('video_id', '=', videoId).where('id', '=', id).executeTakeFirst();
      return row ? toTrack(row) : null;
    },
    async insert(videoId, row) {
      return saveOutcome(async () => toTrack(await db.insertInto('tracks').values({ video_id: videoId, ...columns(row) }).returningAll().executeTakeFirstOrThrow()));
    },
    async update(videoId, id, row) {
      return saveOutcome(async () => {
        const updated = await db.updateTable('tracks').set({ ...columns(row), updated_at: sql`now()` }).where('video_id', '=', videoId).where('id', '=', id).returningAll().executeTakeFirst();
        return updated && toTrack(updated);
      });
    },
    async delete(videoId, id) {
      const row = await db.deleteFrom('tracks').where('video_id', '=', videoId).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? toTrack(row) : null;
    },
  };
}
