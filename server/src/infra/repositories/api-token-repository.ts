import { sql, type Selectable } from 'kysely';
import type { ApiTokenRepository } from '../../domain/tokens/api-token-repository.js';
import type { ApiToken, BridgeSettings } from '../../domain/tokens/api-token.js';
import type { Db } from '../db.js';
import { toUser, type UserRow } from './user-repository.js';
import type { ApiTokensTable } from '../db-schema.js';

function toApiToken(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.token_prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    kind: row.kind,
    siteId: row.site_id,
    usernameMapping: row.username_mapping,
    identityIssuer: row.identity_issuer,
    pageSize: row.page_size,
  };
}

/** A users row as to_json() gives it: timestamps as text. */
type UserJson = Omit<UserRow, 'last_login_at' | 'created_at' | 'updated_at'> & { last_login_at: string | null; created_at: string; updated_at: string };

const userFromJson = (json: UserJson) =>
  toUser({ ...json, last_login_at: json.last_login_at === null ? null : new Date(json.last_login_at), created_at: new Date(json.created_at), updated_at: new Date(json.updated_at) });

const bridgeColumns = (settings: BridgeSettings) => ({
  site_id: settings.siteId,
  username_mapping: settings.usernameMapping,
  identity_issuer: settings.identityIssuer,
  page_size: settings.pageSize,
});

export function createApiTokenRepository(db: Db): ApiTokenRepository {
  return {
    async insert({ userId, name, hash, prefix, bridge }) {
      const row = await db
        .insertInto('api_tokens')
        .values({ user_id: userId, name, token_hash: hash, token_prefix: prefix, ...(bridge ? { kind: 'bridge' as const, ...bridgeColumns(bridge) } : {}) })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toApiToken(row);
    },

    async findByHash(hash) {
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('api_tokens')
        .select(sql<UserJson>`to_json(users)`.as('user'))
        .where('api_tokens.token_hash', '=', hash)
        .executeTakeFirst();
      return row ? { token: toApiToken(row), user: userFromJson(row.user) } : null;
    },

    async listForUser(userId) {
      const rows = await db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('id').execute();
      return rows.map(toApiToken);
    },

    async findById(tokenId) {
      const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst();
      return row ? toApiToken(row) : null;
    },

    async listBridgeKeys(siteId) {
      const rows = await db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('api_tokens')
        .where('api_tokens.kind', '=', 'bridge')
        // Bound to the site, or made by one of its administrators (whatever site they bound it to).
        .where((eb) => eb.or([eb('api_tokens.site_id', '=', siteId), eb('users.site_id', '=', siteId)]))
        .orderBy('api_tokens.id', 'desc')
        .execute();
      return rows.map(toApiToken);
    },

    async updateBridgeSettings(tokenId, name, settings) {
      const row = await db
        .updateTable('api_tokens')
        .set({ name, ...bridgeColumns(settings) })
        .where('id', '=', tokenId)
        .where('kind', '=', 'bridge')
        .returningAll()
        .executeTakeFirst();
      return row ? toApiToken(row) : null;
    },

    async revokeById(tokenId) {
      const row = await db.updateTable('api_tokens').set({ revoked_at: sql`now()` }).where('id', '=', tokenId).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
      return row ? toApiToken(row) : null;
    },

    async revoke(userId, tokenId) {
      const row = await db
        .updateTable('api_tokens')
        .set({ revoked_at: sql`now()` })
        .where('id', '=', tokenId)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return row ? toApiToken(row) : null;
    },

    async touch(tokenId) {
      await db
        .updateTable('api_tokens')
        .set({ last_used_at: sql`now()` })
        .where('id', '=', tokenId)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
        .execute();
    },
  };
}
