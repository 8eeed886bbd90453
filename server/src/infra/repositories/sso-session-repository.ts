import { sql } from 'kysely';
import type { SsoSessionRecord, SsoSessionRepository } from '../../domain/sso/sso.js';
import type { Db } from '../db.js';

/**
 * Table sso_sessions: which local session (express-session's `sessions` row) an SSO sign-in
 * opened. Ending sessions deletes their `sessions` rows (the session store's table): their
 * sso_sessions rows go by cascade, and the browsers holding them are signed out.
 */
export function createSsoSessionRepository(db: Db): SsoSessionRepository {
  return {
    async record(session) {
      const values = {
        provider: session.provider,
        issuer: session.issuer,
        user_id: session.userId,
        name_id: session.nameId,
        name_id_format: session.nameIdFormat,
        session_index: session.sessionIndex,
      };
      await db
        .insertInto('sso_sessions')
        .values({ session_id: session.sessionId, ...values })
        .onConflict((oc) => oc.column('session_id').doUpdateSet(values))
        .execute();
    },

    async findBySessionId(sessionId): Promise<SsoSessionRecord | null> {
      const row = await db.selectFrom('sso_sessions').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
      if (!row) return null;
      return { sessionId: row.session_id, provider: row.provider, issuer: row.issuer, userId: row.user_id, nameId: row.name_id, nameIdFormat: row.name_id_format, sessionIndex: row.session_index };
    },

    async endSessions(match) {
      // A request naming neither a session index nor a NameID names nobody (never every session of an IdP).
      if (!match.sessionIndex && !match.nameId) return 0;
      let sessions = db.selectFrom('sso_sessions').select('session_id').where('provider', '=', match.provider).where('issuer', '=', match.issuer);
      if (match.sessionIndex) sessions = sessions.where('session_index', '=', match.sessionIndex);
      if (match.nameId) sessions = sessions.where('name_id', '=', match.nameId);
      const ended = await sql<{ sid: string }>`DELETE FROM sessions WHERE sid IN (${sessions}) RETURNING sid`.execute(db);
      return ended.rows.length;
    },
  };
}
