import { sql, type Selectable } from 'kysely';
import type { CasServer } from '../../domain/sso/cas-server.js';
import type { CasServerRepository } from '../../domain/sso/cas-server-service.js';
import type { Db } from '../db.js';
import type { CasServersTable } from '../db-schema-sso.js';
import { saveOutcome } from './constraint-outcome.js';

function toServer(row: Selectable<CasServersTable>): CasServer {
  return { id: row.id, siteId: row.site_id, name: row.name, baseUrl: row.base_url, enabled: row.enabled };
}

/** The cas_servers table: CasServerDirectory (sign-in, login page) and the administrators' writes. */
export function createCasServerRepository(db: Db): CasServerRepository {
  const listed = (siteId: number) => db.selectFrom('cas_servers').selectAll().where('site_id', '=', siteId).orderBy('name').orderBy('id');
  return {
    async findById(id) {
      const row = await db.selectFrom('cas_servers').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toServer(row) : null;
    },
    async listEnabled(siteId) {
      return (await listed(siteId).where('enabled', '=', true).execute()).map(toServer);
    },
    async list(siteId) {
      return (await listed(siteId).execute()).map(toServer);
    },
    async insert(siteId, settings) {
      const outcome = await saveOutcome(() =>
        db.insertInto('cas_servers').values({ site_id: siteId, name: settings.name, base_url: settings.baseUrl }).returningAll().executeTakeFirst(),
      );
      return outcome.kind === 'saved' ? toServer(outcome.item) : null;
    },
    async update(id, settings) {
      const outcome = await saveOutcome(() =>
        db.updateTable('cas_servers').set({ name: settings.name, base_url: settings.baseUrl, updated_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirst(),
      );
      if (outcome.kind === 'conflict') return 'conflict';
      return outcome.kind === 'saved' ? toServer(outcome.item) : null;
    },
    async setEnabled(id, enabled) {
      const row = await db.updateTable('cas_servers').set({ enabled, updated_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? toServer(row) : null;
    },
    async remove(id) {
      const result = await db.deleteFrom('cas_servers').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async countIdentities(server) {
      const row = await db
        .selectFrom('user_identities as i')
        .innerJoin('users as u', 'u.id', 'i.user_id')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('i.provider', '=', 'cas')
        .where('i.issuer', '=', server.baseUrl)
        .where('u.site_id', '=', server.siteId)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}
