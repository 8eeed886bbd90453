import type { SiteRepository } from '../../domain/sites/site.js';
import type { Db } from '../db.js';

export function createSiteRepository(db: Db): SiteRepository {
  return {
    async findById(id) {
      const row = await db.selectFrom('sites').select(['id', 'name', 'domain']).where('id', '=', id).executeTakeFirst();
      return row ?? null;
    },
    async list() {
      return db.selectFrom('sites').select(['id', 'name', 'domain']).orderBy('id').execute();
    },
  };
}
