import { sql, type Selectable } from 'kysely';
import type { InsertUser, UserFilter, UserRepository } from '../../domain/users/user-repository.js';
import type { User } from '../../domain/users/user.js';
import type { Db } from '../db.js';
import type { UsersTable } from '../db-schema.js';

export type UserRow = Selectable<UsersTable>;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    siteId: row.site_id,
    username: row.username,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    affiliation: row.affiliation,
    role: row.role,
    authType: row.auth_type,
    quotaBytes: row.quota_bytes === null ? null : Number(row.quota_bytes),
    isActive: row.is_active,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
  };
}

/** The row a new user is inserted as (one at a time here, in batches by imports). */
export function userRowOf(user: InsertUser) {
  return {
    site_id: user.siteId,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    email: user.email,
    affiliation: user.affiliation,
    role: user.role,
    auth_type: user.authType,
    password_hash: user.passwordHash,
  };
}

export function createUserRepository(db: Db): UserRepository {
  return {
    async insert(user: InsertUser): Promise<User | null> {
      const row = await db
        .insertInto('users')
        .values(userRowOf(user))
        .onConflict((oc) => oc.expression(sql`site_id, lower(username)`).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row ? toUser(row) : null;
    },

    async findById(id: number): Promise<User | null> {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUser(row) : null;
    },

    async findByUsername(siteId: number, username: string): Promise<User | null> {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('site_id', '=', siteId)
        .where(sql<string>`lower(username)`, '=', username.toLowerCase())
        .executeTakeFirst();
      return row ? toUser(row) : null;
    },

    async findByEmail(siteId, email) {
      if (!email) return [];
      const rows = await db.selectFrom('users').selectAll().where('site_id', '=', siteId).where('email', '<>', '').where(sql<string>`lower(email)`, '=', email.toLowerCase()).limit(10).execute();
      return rows.map(toUser);
    },

    async findManyByUsernames(siteId: number, usernames: readonly string[]): Promise<User[]> {
      if (usernames.length === 0) return [];
      const rows = await db
        .selectFrom('users')
        .selectAll()
        .where('site_id', '=', siteId)
        .where(sql<string>`lower(username)`, 'in', usernames.map((name) => name.toLowerCase()))
        .execute();
      return rows.map(toUser);
    },

    async updateProfile(userId, profile) {
      const row = await db
        .updateTable('users')
        .set({ first_name: profile.firstName, last_name: profile.lastName, email: profile.email, role: profile.role, ...(profile.affiliation === undefined ? {} : { affiliation: profile.affiliation }), updated_at: sql`now()` })
        .where('id', '=', userId)
        .returningAll()
        .executeTakeFirst();
      return row ? toUser(row) : null;
    },

    async passwordHashOf(userId: number): Promise<string | null> {
      const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
      return row?.password_hash ?? null;
    },

    async setPassword(userId: number, passwordHash: string): Promise<void> {
      await db.updateTable('users').set({ password_hash: passwordHash, updated_at: sql`now()` }).where('id', '=', userId).execute();
    },

    async touchLogin(userId: number): Promise<void> {
      await db.updateTable('users').set({ last_login_at: sql`now()` }).where('id', '=', userId).execute();
    },

    async setQuota(userId: number, quotaBytes: number | null): Promise<void> {
      await db.updateTable('users').set({ quota_bytes: quotaBytes, updated_at: sql`now()` }).where('id', '=', userId).execute();
    },

    async list(siteId: number): Promise<User[]> {
      const rows = await db.selectFrom('users').selectAll().where('site_id', '=', siteId).orderBy('username').execute();
      return rows.map(toUser);
    },

    async findPage(filter: UserFilter, offset: number, limit: number) {
      let query = db.selectFrom('users').where('site_id', '=', filter.siteId);
      if (filter.id !== undefined) query = query.where('id', '=', filter.id);
      if (filter.username !== undefined) query = query.where(sql<string>`lower(username)`, '=', filter.username.toLowerCase());
      if (filter.email !== undefined) query = query.where(sql<string>`lower(email)`, '=', filter.email.toLowerCase());
      const { total } = await query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
      const rows = limit > 0 ? await query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(offset).limit(limit).execute() : [];
      return { items: rows.map(toUser), total: Number(total) };
    },

    async count(): Promise<number> {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
