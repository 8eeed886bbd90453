import { sql, type Selectable } from 'kysely';
import type { LtiPlatform, LtiPlatformRepository, LtiPlatformSettings } from '../../domain/lms/lti-platform.js';
import type { Db } from '../db.js';
import type { LtiPlatformsTable } from '../db-schema.js';
import { saveOutcome } from './constraint-outcome.js';

function toPlatform(row: Selectable<LtiPlatformsTable>): LtiPlatform {
  return {
    id: row.id,
    siteId: row.site_id,
    name: row.name,
    issuer: row.issuer,
    clientId: row.client_id,
    authenticationEndpoint: row.authentication_endpoint,
    accessTokenEndpoint: row.access_token_endpoint,
    jwksUrl: row.jwks_url,
    deploymentIds: row.deployment_ids,
    status: row.status,
    origin: row.origin,
    product: row.product,
    toolKid: row.tool_kid,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const columns = (settings: LtiPlatformSettings) => ({
  name: settings.name,
  issuer: settings.issuer,
  client_id: settings.clientId,
  authentication_endpoint: settings.authenticationEndpoint,
  access_token_endpoint: settings.accessTokenEndpoint,
  jwks_url: settings.jwksUrl,
  deployment_ids: [...settings.deploymentIds],
});

export function createLtiPlatformRepository(db: Db): LtiPlatformRepository {
  return {
    async insert(siteId, settings, extra) {
      // A unique violation: that (issuer, client id) is registered already (the service says so).
      const outcome = await saveOutcome(() => db.insertInto('lti_platforms').values({ site_id: siteId, ...columns(settings), ...extra }).returningAll().executeTakeFirst());
      return outcome.kind === 'saved' ? toPlatform(outcome.item) : null;
    },
    async update(id, settings) {
      const row = await db.updateTable('lti_platforms').set({ ...columns(settings), updated_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? toPlatform(row) : null;
    },
    async setStatus(id, status) {
      const row = await db.updateTable('lti_platforms').set({ status, updated_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? toPlatform(row) : null;
    },
    async remove(id) {
      const result = await db.deleteFrom('lti_platforms').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async findById(id) {
      const row = await db.selectFrom('lti_platforms').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toPlatform(row) : null;
    },
    async findByIssuer(issuer, clientId) {
      const row = await db.selectFrom('lti_platforms').selectAll().where('issuer', '=', issuer).where('client_id', '=', clientId).executeTakeFirst();
      return row ? toPlatform(row) : null;
    },
    async list(siteId) {
      const rows = await db.selectFrom('lti_platforms').selectAll().where('site_id', '=', siteId).orderBy('name').orderBy('id').execute();
      return rows.map(toPlatform);
    },
    async listByIssuer(issuer) {
      return (await db.selectFrom('lti_platforms').selectAll().where('issuer', '=', issuer).orderBy('id').execute()).map(toPlatform);
    },
    async listAll() {
      return (await db.selectFrom('lti_platforms').selectAll().orderBy('id').execute()).map(toPlatform);
    },
    async setToolKid(id, kid) {
      await db.updateTable('lti_platforms').set({ tool_kid: kid }).where('id', '=', id).execute();
    },
    async forgetToolKey(id) {
      const row = await db.updateTable('lti_platforms').set({ tool_kid: null, updated_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? toPlatform(row) : null;
    },
  };
}
