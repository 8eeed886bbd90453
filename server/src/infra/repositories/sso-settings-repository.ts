import { sql } from 'kysely';
import type { SsoSettingsRepository } from '../../domain/sso/sso-settings-service.js';
import type { Db } from '../db.js';

export function createSsoSettingsRepository(db: Db): SsoSettingsRepository {
  return {
    async find(siteId) {
      const row = await db.selectFrom('sso_settings').select(['local_login_enabled', 'mapping']).where('site_id', '=', siteId).executeTakeFirst();
      return row ? { localLoginEnabled: row.local_login_enabled, mapping: row.mapping } : null;
    },

    async save(settings) {
      const values = { local_login_enabled: settings.localLoginEnabled, mapping: JSON.stringify(settings.mapping), updated_at: sql<Date>`now()` };
      await db
        .insertInto('sso_settings')
        .values({ site_id: settings.siteId, ...values })
        .onConflict((oc) => oc.column('site_id').doUpdateSet(values))
        .execute();
    },
  };
}
