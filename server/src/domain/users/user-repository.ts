import type { AuthType, User, UserRole } from './user.js';

export interface InsertUser {
  readonly siteId: number;
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly affiliation: string;
  readonly role: UserRole;
  readonly authType: AuthType;
  readonly passwordHash: string | null;
}

/** Port: where users are stored. Implemented in infra/repositories. */
export interface UserRepository {
  /** Null when the username is taken on that site. */
  insert(user: InsertUser): Promise<User | null>;
  findById(id: number): Promise<User | null>;
  findByUsername(siteId: number, username: string): Promise<User | null>;
  findManyByUsernames(siteId: number, usernames: readonly string[]): Promise<User[]>;
  passwordHashOf(userId: number): Promise<string | null>;
  setPassword(userId: number, passwordHash: string): Promise<void>;
  touchLogin(userId: number): Promise<void>;
  list(siteId: number): Promise<User[]>;
  count(): Promise<number>;
}
