import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { generatePassword, hashPassword, verifyPassword } from './password-hasher.js';
import type { UserRepository } from './user-repository.js';
import { USERNAME_PATTERN, type NewUser, type User } from './user.js';

export const DEFAULT_SITE_ID = 1;
export const MIN_PASSWORD_LENGTH = 12;

export interface UserServiceDeps {
  readonly users: UserRepository;
}

// Verified when the username is unknown, so that both answers take the same time.
const DUMMY_HASH = hashPassword('lectern-timing-equaliser');

export function createUserService({ users }: UserServiceDeps) {
  function assertPassword(password: string): void {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new ValidationError('password_too_short', `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`, {
        fields: [{ path: 'password', message: `at least ${MIN_PASSWORD_LENGTH} characters` }],
        params: { min: MIN_PASSWORD_LENGTH },
      });
    }
  }

  return {
    async create(input: NewUser): Promise<User> {
      if (!USERNAME_PATTERN.test(input.username)) {
        throw new ValidationError('invalid_username', 'A username has 1 to 150 letters, digits or the characters @ . + - _', {
          fields: [{ path: 'username', message: 'letters, digits and @.+-_ only, at most 150' }],
        });
      }
      if (input.password) assertPassword(input.password);
      const siteId = input.siteId ?? DEFAULT_SITE_ID;
      const created = await users.insert({
        siteId,
        username: input.username,
        firstName: input.firstName ?? '',
        lastName: input.lastName ?? '',
        email: input.email ?? '',
        affiliation: input.affiliation ?? 'member',
        role: input.role ?? 'student',
        authType: input.authType ?? 'local',
        passwordHash: input.password ? await hashPassword(input.password) : null,
      });
      if (!created) throw new ConflictError('username_taken', `The username "${input.username}" is already taken.`);
      return created;
    },

    /** The active user with this username and password, or null. */
    async authenticate(siteId: number, username: string, password: string): Promise<User | null> {
      const user = await users.findByUsername(siteId, username);
      const hash = user ? await users.passwordHashOf(user.id) : null;
      if (!user || !hash) {
        await verifyPassword(password, await DUMMY_HASH);
        return null;
      }
      if (!(await verifyPassword(password, hash)) || !user.isActive) return null;
      await users.touchLogin(user.id);
      return user;
    },

    async setPassword(userId: number, password: string): Promise<void> {
      assertPassword(password);
      await users.setPassword(userId, await hashPassword(password));
    },

    /** A user's own storage quota in bytes (0: unlimited), or null for the configured default. */
    async setQuota(username: string, quotaBytes: number | null, siteId = DEFAULT_SITE_ID): Promise<User> {
      if (quotaBytes !== null && (!Number.isSafeInteger(quotaBytes) || quotaBytes < 0)) {
        throw new ValidationError('invalid_quota', 'A quota is a whole number of bytes, 0 for unlimited.');
      }
      const user = await users.findByUsername(siteId, username);
      if (!user) throw new NotFoundError('user_not_found', `No user named "${username}".`);
      await users.setQuota(user.id, quotaBytes);
      return { ...user, quotaBytes };
    },

    async getById(id: number): Promise<User> {
      const user = await users.findById(id);
      if (!user) throw new NotFoundError('user_not_found', `No user with id ${id}.`);
      return user;
    },

    async getByUsername(username: string, siteId = DEFAULT_SITE_ID): Promise<User> {
      const user = await users.findByUsername(siteId, username);
      if (!user) throw new NotFoundError('user_not_found', `No user named "${username}".`);
      return user;
    },

    list(siteId = DEFAULT_SITE_ID): Promise<User[]> {
      return users.list(siteId);
    },

    /**
     * On a database with no user at all, creates the administrator. Returns the password to
     * show once when it was generated, null when it came from configuration or nothing was done.
     */
    async ensureFirstAdmin(admin: { username: string; password: string | null }): Promise<{ created: boolean; generatedPassword: string | null }> {
      if ((await users.count()) > 0) return { created: false, generatedPassword: null };
      const password = admin.password ?? generatePassword();
      const created = await users.insert({
        siteId: DEFAULT_SITE_ID,
        username: admin.username,
        firstName: '',
        lastName: '',
        email: '',
        affiliation: 'staff',
        role: 'admin',
        authType: 'local',
        passwordHash: await hashPassword(password),
      });
      // Another process created it between count and insert: nothing to announce.
      if (!created) return { created: false, generatedPassword: null };
      return { created: true, generatedPassword: admin.password ? null : password };
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
