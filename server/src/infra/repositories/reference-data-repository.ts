import type { ReferenceDataRepository } from '../../domain/videos/reference-data-repository.js';
import type { Db } from '../db.js';

const toItem = (row: { id: number; site_id: number; title: string; description: string }) => ({
  id: row.id,
  siteId: row.site_id,
  title: row.title,
  description: row.description,
});

export function createReferenceDataRepository(db: Db): ReferenceDataRepository {
  return {
    async listTypes(siteId) {
      const rows = await db.selectFrom('video_types').selectAll().where('site_id', '=', siteId).orderBy('id').execute();
      return rows.map(toItem);
    },
    async listDisciplines(siteId) {
      const rows = await db.selectFrom('disciplines').selectAll().where('site_id', '=', siteId).orderBy('title').execute();
      return rows.map(toItem);
    },
    async createType(siteId, title, description) {
      const row = await db.insertInto('video_types').values({ site_id: siteId, title, description }).returningAll().executeTakeFirstOrThrow();
      return toItem(row);
    },
    async createDiscipline(siteId, title, description) {
      const row = await db.insertInto('disciplines').values({ site_id: siteId, title, description }).returningAll().executeTakeFirstOrThrow();
      return toItem(row);
    },
  };
}
