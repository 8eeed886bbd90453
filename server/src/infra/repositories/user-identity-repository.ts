import { sql } from 'kysely';
import type { UserIdentityRepository } from '../../domain/users/user-identity.js';
import type { Db } from '../db.js';

export function createUserIdentityRepository(db: Db): UserIdentityRepository {
  return {
    async record(identity) {
      await db
        .insertInto('user_identities')
        .values({ user_id: identity.userId, provider: identity.provider, issuer: identity.issuer, subject: identity.subject, username: identity.username })
        // A launch or sign-in repeats it: rewrite the row only on a change, or hourly for last_seen_at.
        .onConflict((oc) =>
          oc
            .columns(['provider', 'issuer', 'subject'])
            .doUpdateSet({ user_id: identity.userId, username: identity.username, last_seen_at: sql`now()` })
            .where((eb) => eb.or([eb('user_identities.user_id', '<>', identity.userId), sql<boolean>`user_identities.username IS DISTINCT FROM ${identity.username}`, eb('user_identities.last_seen_at', '<', sql<Date>`now() - interval '1 hour'`)])),
        )
        .execute();
    },

    async findUserIds(siteId, match) {
      const column = match.field === 'username' ? sql<string>`lower(i.username)` : sql<string>`lower(i.subject)`;
      let query = db
        .selectFrom('user_identities as i')
        .innerJoin('users as u', 'u.id', 'i.user_id')
        .select('u.id')
        .distinct()
        .where('u.site_id', '=', siteId)
        .where('i.provider', '=', match.provider)
        .where(column, '=', match.value.toLowerCase());
      if (match.issuer !== null) query = query.where('i.issuer', '=', match.issuer);
      const rows = await query.limit(10).execute();
      return rows.map((row) => row.id);
    },

    async userOf(provider, issuer, subject) {
      const row = await db.selectFrom('user_identities').select('user_id').where('provider', '=', provider).where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst();
      return row?.user_id ?? null;
    },

    async remove(identity) {
      const result = await db
        .deleteFrom('user_identities')
        .where('user_id', '=', identity.userId)
        .where('provider', '=', identity.provider)
        .where('issuer', '=', identity.issuer)
        .where('subject', '=', identity.subject)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async listForUser(userId) {
      const rows = await db.selectFrom('user_identities').selectAll().where('user_id', '=', userId).orderBy('id').execute();
      return rows.map((row) => ({ userId: row.user_id, provider: row.provider, issuer: row.issuer, subject: row.subject, username: row.username }));
    },
  };
}
