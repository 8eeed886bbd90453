import { sql, type Selectable } from 'kysely';
import type { BbbChecksumAlgorithm } from '../../domain/meetings/bbb.js';
import type { BbbServer, BbbServerRepository, BbbServerSettings } from '../../domain/meetings/bbb-server.js';
import type { Db } from '../db.js';
import type { BbbServersTable } from '../db-schema-meetings.js';
import { saveOutcome } from './constraint-outcome.js';

function toServer(row: Selectable<BbbServersTable>): BbbServer {
  return {
    id: row.id,
    siteId: row.site_id,
    name: row.name,
    apiUrl: row.api_url,
    secret: row.secret,
    checksumAlgorithm: row.checksum_algorithm as BbbChecksumAlgorithm,
    isDefault: row.is_default,
    isActive: row.is_active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createBbbServerRepository(db: Db): BbbServerRepository {
  const one = async (id: number) => {
    const row = await db.selectFrom('bbb_servers').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toServer(row) : null;
  };
  return {
    async insert(siteId, settings: BbbServerSettings, extra) {
      const outcome = await saveOutcome(() =>
        db.transaction().execute(async (trx) => {
          if (extra.isDefault) await trx.updateTable('bbb_servers').set({ is_default: false }).where('site_id', '=', siteId).where('is_default', '=', true).execute();
          return trx
            .insertInto('bbb_servers')
            .values({ site_id: siteId, name: settings.name, api_url: settings.apiUrl, secret: settings.secret, checksum_algorithm: settings.checksumAlgorithm, is_default: extra.isDefault })
            .returningAll()
            .executeTakeFirst();
        }),
      );
      return outcome.kind === 'saved' ? toServer(outcome.item) : null;
    },
    async update(id, settings) {
      const outcome = await saveOutcome(() =>
        db
          .updateTable('bbb_servers')
          .set({
            name: settings.name,
            api_url: settings.apiUrl,
            // A blank secret in a form means "keep the one we have" (it is never shown back).
            ...(settings.secret ? { secret: settings.secret } : {}),
            checksum_algorithm: settings.checksumAlgorithm,
            updated_at: sql`now()`,
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst(),
      );
      if (outcome.kind === 'conflict') return 'conflict';
      return outcome.kind === 'saved' ? toServer(outcome.item) : null;
    },
    findById: one,
    async list(siteId) {
      const rows = await db.selectFrom('bbb_servers').selectAll().where('site_id', '=', siteId).orderBy('is_default', 'desc').orderBy('name').orderBy('id').execute();
      return rows.map(toServer);
    },
    async findDefault(siteId) {
      const row = await db.selectFrom('bbb_servers').selectAll().where('site_id', '=', siteId).where('is_default', '=', true).where('is_active', '=', true).executeTakeFirst();
      return row ? toServer(row) : null;
    },
    async setDefault(id) {
      return db.transaction().execute(async (trx) => {
        const target = await trx.selectFrom('bbb_servers').select('site_id').where('id', '=', id).forUpdate().executeTakeFirst();
        if (!target) return null;
        await trx.updateTable('bbb_servers').set({ is_default: false }).where('site_id', '=', target.site_id).where('is_default', '=', true).execute();
        const row = await trx.updateTable('bbb_servers').set({ is_default: true, updated_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        return toServer(row);
      });
    },
    async setActive(id, active) {
      const row = await db.updateTable('bbb_servers').set({ is_active: active, updated_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? toServer(row) : null;
    },
    async remove(id) {
      const result = await db.deleteFrom('bbb_servers').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async countImports(id) {
      const row = await db.selectFrom('bbb_recording_imports').select((eb) => eb.fn.countAll<string>().as('count')).where('server_id', '=', id).executeTakeFirstOrThrow();
      return Number(row.count);
    },
    async siteAutoImport(siteId) {
      const row = await db.selectFrom('sites').select('bbb_auto_import').where('id', '=', siteId).executeTakeFirst();
      return row?.bbb_auto_import ?? false;
    },
    async setSiteAutoImport(siteId, on) {
      await db.updateTable('sites').set({ bbb_auto_import: on }).where('id', '=', siteId).execute();
    },
  };
}
