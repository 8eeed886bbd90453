import type { User } from './user.js';

export type InsertUser = Pick<User, 'siteId' | 'username' | 'firstName' | 'lastName' | 'email' | 'affiliation' | 'role' | 'authType'> & {
  readonly passwordHash: string | null;
};

/** Filters of a site's user list (Esup-Pod's `id`, `username`, `email`; exact, the last two case-insensitive). */
export interface UserFilter {
  readonly siteId: number;
  readonly id?: number;
  readonly username?: string;
  readonly email?: string;
}

/** Port: where users are stored. Implemented in infra/repositories. */
export interface UserRepository {
  /** Null when the username is taken on that site. */
  insert(user: InsertUser): Promise<User | null>;
  findById(id: number): Promise<User | null>;
  findByUsername(siteId: number, username: string): Promise<User | null>;
  findManyByUsernames(siteId: number, usernames: readonly string[]): Promise<User[]>;
  /** Users of the site with this e-mail address (case-insensitive); more than one is possible. */
  findByEmail(siteId: number, email: string): Promise<User[]>;
  passwordHashOf(userId: number): Promise<string | null>;
  /** Names, e-mail, role (and affiliation, when given) as a sign-in elsewhere (LTI, SSO) gave them; null when the user is gone. */
  updateProfile(userId: number, profile: Pick<User, 'firstName' | 'lastName' | 'email' | 'role'> & { readonly affiliation?: string }): Promise<User | null>;
  setPassword(userId: number, passwordHash: string): Promise<void>;
  touchLogin(userId: number): Promise<void>;
  /** null: the configured default applies. */
  setQuota(userId: number, quotaBytes: number | null): Promise<void>;
  list(siteId: number): Promise<User[]>;
  /** Newest first (then by id), as Esup-Pod lists users. */
  findPage(filter: UserFilter, offset: number, limit: number): Promise<{ items: User[]; total: number }>;
  count(): Promise<number>;
}
