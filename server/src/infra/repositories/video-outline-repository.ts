import { sql } from 'kysely';
import type { VideoOutline, VideoOutlineRepository } from '../../domain/bridge/video-outline.js';
import type { Db } from '../db.js';

export function createVideoOutlineRepository(db: Db): VideoOutlineRepository {
  return {
    async outlinesOf(videoIds) {
      if (videoIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('videos as v')
        .innerJoin('video_types as t', 't.id', 'v.type_id')
        .select([
          'v.id',
          't.title as type_title',
          sql<string[]>`coalesce((SELECT array_agg(c.title ORDER BY c.time_start) FROM chapters c WHERE c.video_id = v.id), '{}')`.as('chapters'),
          sql<string[]>`coalesce((SELECT array_agg(o.title ORDER BY o.time_start) FROM overlays o WHERE o.video_id = v.id), '{}')`.as('overlays'),
        ])
        .where('v.id', 'in', [...videoIds])
        .execute();
      return new Map<number, VideoOutline>(rows.map((row) => [row.id, { typeTitle: row.type_title, chapters: row.chapters, overlays: row.overlays }]));
    },
  };
}
