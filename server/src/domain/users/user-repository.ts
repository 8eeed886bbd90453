import type { User } from './user.js';

export type InsertUser = Pick<User, 'siteId' | 'username' | 'firstName' | 'lastName' | 'email' | 'affiliation' | 'role' | 'authType'> & {
  readonly passwordHash: string | null;
};

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
  setPassword(userId: number, passwordHash: string): Promise<void>;
  touchLogin(userId: number): Promise<void>;
  /** null: the configured default applies. */
  setQuota(userId: number, quotaBytes: number | null): Promise<void>;
  list(siteId: number): Promise<User[]>;
  count(): Promise<number>;
}
