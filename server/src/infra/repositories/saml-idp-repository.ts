import { sql, type Expression, type ExpressionBuilder, type Selectable, type SqlBool } from 'kysely';
import type { SamlBinding, SamlIdp, SamlIdpDirectory, SamlMetadataSource } from '../../domain/sso/saml-idp.js';
import type { MetadataIdp, SamlMetadataRepository } from '../../domain/sso/saml-metadata.js';
import type { Db } from '../db.js';
import type { Database } from '../db-schema.js';
import type { SamlIdpsTable, SamlMetadataSourcesTable } from '../db-schema-sso.js';
import { saveOutcome } from './constraint-outcome.js';

/** Rows per INSERT of a refresh (11 parameters each: well under PostgreSQL's 65,535). */
const INSERT_BATCH = 500;

function toSource(row: Selectable<SamlMetadataSourcesTable>): SamlMetadataSource {
  return {
    id: row.id,
    siteId: row.site_id,
    name: row.name,
    url: row.url,
    xml: row.xml,
    signingCert: row.signing_cert,
    refreshHours: row.refresh_hours,
    lastRefreshedAt: row.last_refreshed_at,
    validUntil: row.valid_until,
    lastErrorCode: row.last_error_code,
    lastError: row.last_error,
  };
}

/** display_names as stored (jsonb): only string values are names. */
function namesOf(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function toIdp(row: Selectable<SamlIdpsTable>): SamlIdp {
  return {
    id: row.id,
    siteId: row.site_id,
    sourceId: row.source_id,
    entityId: row.entity_id,
    displayNames: namesOf(row.display_names),
    ssoUrl: row.sso_url,
    ssoBinding: row.sso_binding as SamlBinding,
    sloUrl: row.slo_url,
    sloBinding: row.slo_binding as SamlBinding | null,
    certificates: row.certificates,
    enabled: row.enabled,
  };
}

function idpRow(siteId: number, sourceId: number, idp: MetadataIdp) {
  return {
    site_id: siteId,
    source_id: sourceId,
    entity_id: idp.entityId,
    display_names: JSON.stringify(idp.displayNames),
    sso_url: idp.ssoUrl,
    sso_binding: idp.ssoBinding,
    slo_url: idp.sloUrl,
    slo_binding: idp.sloBinding,
    certificates: [...idp.certificates],
  };
}

/**
 * Inserts a batch of a source's IdPs, or updates those it already has (their `enabled` stays).
 * An entity id of another source of the site is left to it: no row comes back for it.
 */
function upsertIdps(trx: Db, siteId: number, sourceId: number, batch: readonly MetadataIdp[]) {
  return trx
    .insertInto('saml_idps')
    .values(batch.map((idp) => idpRow(siteId, sourceId, idp)))
    .onConflict((conflict) =>
      conflict
        .columns(['site_id', 'entity_id'])
        .doUpdateSet((eb) => ({
          display_names: eb.ref('excluded.display_names'),
          sso_url: eb.ref('excluded.sso_url'),
          sso_binding: eb.ref('excluded.sso_binding'),
          slo_url: eb.ref('excluded.slo_url'),
          slo_binding: eb.ref('excluded.slo_binding'),
          certificates: eb.ref('excluded.certificates'),
          updated_at: sql`now()`,
        }))
        .where('saml_idps.source_id', '=', sourceId),
    )
    // xmax is 0 for a row this statement inserted, not for one it updated.
    .returning(['entity_id', sql<boolean>`(xmax = 0)`.as('inserted')])
    .execute();
}

/** `%text%` for ILIKE, its own % and _ taken literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/** The listing order: the English name, else the French one, else the entity id. */
const byName = sql`lower(coalesce(display_names->>'en', display_names->>'fr', entity_id))`;

/**
 * The saml_metadata_sources and saml_idps tables: SamlIdpDirectory (the SP, the login page) and
 * the metadata service's reads and writes.
 */
export function createSamlIdpRepository(db: Db): SamlIdpDirectory & SamlMetadataRepository {
  const idps = () => db.selectFrom('saml_idps').selectAll();
  // Sign-in (the directory) trusts an IdP only while its metadata is valid: once the source's
  // validUntil has passed (its refreshes failing), its IdPs are refused, as a Shibboleth SP does.
  const trusted = () =>
    idps().where((eb) => eb.not(eb.exists(eb.selectFrom('saml_metadata_sources as s').select('s.id').whereRef('s.id', '=', 'saml_idps.source_id').where('s.valid_until', '<=', sql<Date>`now()`))));
  const oneIdp = async (query: ReturnType<typeof idps>) => {
    const row = await query.executeTakeFirst();
    return row ? toIdp(row) : null;
  };
  return {
    async listEnabled(siteId) {
      return (await trusted().where('site_id', '=', siteId).where('enabled', '=', true).orderBy(byName).orderBy('id').execute()).map(toIdp);
    },
    findById: (id) => oneIdp(trusted().where('id', '=', id)),
    findByEntityId: (siteId, entityId) => oneIdp(trusted().where('site_id', '=', siteId).where('entity_id', '=', entityId)),

    async setIdpEnabled(id, enabled) {
      const row = await db.updateTable('saml_idps').set({ enabled, updated_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? toIdp(row) : null;
    },

    async listIdps(siteId, filter) {
      const conditions = (eb: ExpressionBuilder<Database, 'saml_idps'>) => {
        const all: Expression<SqlBool>[] = [eb('site_id', '=', siteId)];
        if (filter.sourceId !== undefined) all.push(eb('source_id', '=', filter.sourceId));
        if (filter.enabled !== undefined) all.push(eb('enabled', '=', filter.enabled));
        const search = filter.search?.trim();
        if (search) {
          const pattern = likePattern(search);
          all.push(eb.or([eb('entity_id', 'ilike', pattern), sql<SqlBool>`exists (select 1 from jsonb_each_text(display_names) as n(lang, name) where n.name ilike ${pattern})`]));
        }
        return eb.and(all);
      };
      const [rows, count] = await Promise.all([
        idps().where(conditions).orderBy(byName).orderBy('id').limit(filter.limit).execute(),
        db.selectFrom('saml_idps').select((eb) => eb.fn.countAll<string>().as('total')).where(conditions).executeTakeFirstOrThrow(),
      ]);
      return { idps: rows.map(toIdp), total: Number(count.total) };
    },

    async insertSource(siteId, settings) {
      const outcome = await saveOutcome(() =>
        db
          .insertInto('saml_metadata_sources')
          .values({ site_id: siteId, name: settings.name, url: settings.url, xml: settings.xml, signing_cert: settings.signingCert, refresh_hours: settings.refreshHours })
          .returningAll()
          .executeTakeFirst(),
      );
      return outcome.kind === 'saved' ? toSource(outcome.item) : null;
    },

    async updateSource(id, changes) {
      const outcome = await saveOutcome(() =>
        db
          .updateTable('saml_metadata_sources')
          .set({
            ...(changes.name !== undefined ? { name: changes.name } : {}),
            ...(changes.refreshHours !== undefined ? { refresh_hours: changes.refreshHours } : {}),
            ...(changes.signingCert !== undefined ? { signing_cert: changes.signingCert } : {}),
            updated_at: sql`now()`,
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst(),
      );
      if (outcome.kind === 'conflict') return 'conflict';
      return outcome.kind === 'saved' ? toSource(outcome.item) : null;
    },

    async findSource(id) {
      const row = await db.selectFrom('saml_metadata_sources').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toSource(row) : null;
    },

    async listSources(siteId) {
      const rows = await db
        .selectFrom('saml_metadata_sources as s')
        .leftJoin('saml_idps as i', 'i.source_id', 's.id')
        .selectAll('s')
        .select([sql<string>`count(i.id)`.as('idp_count'), sql<string>`count(i.id) filter (where i.enabled)`.as('enabled_count')])
        .where('s.site_id', '=', siteId)
        .groupBy('s.id')
        .orderBy(sql`lower(s.name)`)
        .execute();
      return rows.map((row) => ({ ...toSource(row), idpCount: Number(row.idp_count), enabledCount: Number(row.enabled_count) }));
    },

    async listDueSources(now, retryAfterMs) {
      const rows = await db
        .selectFrom('saml_metadata_sources')
        .selectAll()
        .where('url', 'is not', null)
        .where((eb) => eb.or([eb('last_refreshed_at', 'is', null), eb(sql`last_refreshed_at + refresh_hours * interval '1 hour'`, '<=', now)]))
        .where((eb) => eb.or([eb('last_error_code', 'is', null), eb('updated_at', '<=', new Date(now.getTime() - retryAfterMs))]))
        .orderBy('id')
        .execute();
      return rows.map(toSource);
    },

    async removeSource(id) {
      const result = await db.deleteFrom('saml_metadata_sources').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async recordFailure(id, code, message, at) {
      await db.updateTable('saml_metadata_sources').set({ last_error_code: code, last_error: message, updated_at: at }).where('id', '=', id).execute();
    },

    async applyRefresh(id, list, marks) {
      return db.transaction().execute(async (trx) => {
        const source = await trx.selectFrom('saml_metadata_sources').select('site_id').where('id', '=', id).forUpdate().executeTakeFirst();
        if (!source) return null;
        const kept = new Set<string>();
        let added = 0;
        for (let start = 0; start < list.length; start += INSERT_BATCH) {
          for (const row of await upsertIdps(trx, source.site_id, id, list.slice(start, start + INSERT_BATCH))) {
            kept.add(row.entity_id);
            if (row.inserted) added += 1;
          }
        }
        const removed = await trx
          .deleteFrom('saml_idps')
          .where('source_id', '=', id)
          .where(sql<SqlBool>`entity_id <> all(${[...kept]}::text[])`)
          .executeTakeFirst();
        await trx
          .updateTable('saml_metadata_sources')
          .set({ last_refreshed_at: marks.refreshedAt, valid_until: marks.validUntil, last_error_code: null, last_error: null, updated_at: marks.refreshedAt })
          .where('id', '=', id)
          .execute();
        const conflicts = list.map((idp) => idp.entityId).filter((entityId) => !kept.has(entityId));
        return { added, updated: kept.size - added, removed: Number(removed.numDeletedRows), conflicts };
      });
    },
  };
}
