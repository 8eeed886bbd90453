import { NotFoundError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import type { UserRepository } from '../users/user-repository.js';
import type { UserService } from '../users/user-service.js';
import type { User, UserRole } from '../users/user.js';
import { invalidPage } from './bridge-catalogue.js';
import type { BridgeClient } from './bridge-client.js';

/** A user as an Esup-Pod script creates one (`POST /rest/users/`); there is no password: people sign in by SSO. */
export interface PodUserInput {
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  /** Pod's `is_staff`: may use the admin API, Lectern's administrator. */
  readonly isStaff: boolean;
  /** Lectern's extension: the role itself, which wins over the affiliation. */
  readonly role: UserRole | null;
  /** Pod's affiliation (eduPersonAffiliation: faculty, employee, staff, student, member…). */
  readonly affiliation: string | null;
}

export interface PodUserQuery {
  readonly id: number | null;
  readonly username: string | null;
  readonly email: string | null;
  readonly page: number | 'last';
}

export interface UserPage {
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly items: readonly User[];
}

/** Affiliations whose people teach or work at the university: they may publish videos. */
export const STAFF_AFFILIATIONS: readonly string[] = ['faculty', 'employee', 'staff'];
/** The affiliation Esup-Pod gives a user created without one. */
export const POD_DEFAULT_AFFILIATION = 'student';

/** is_staff → administrator; else the role asked for; else staff for faculty, employees and staff; else student. */
export function podUserRole(input: Pick<PodUserInput, 'isStaff' | 'role' | 'affiliation'>): UserRole {
  if (input.isStaff) return 'admin';
  if (input.role) return input.role;
  return input.affiliation && STAFF_AFFILIATIONS.includes(input.affiliation.trim().toLowerCase()) ? 'staff' : 'student';
}

/** The affiliation recorded: the one given, else what the role implies (Pod's default for students). */
export function podUserAffiliation(input: Pick<PodUserInput, 'affiliation'>, role: UserRole): string {
  return input.affiliation?.trim().toLowerCase() || (role === 'student' ? POD_DEFAULT_AFFILIATION : 'staff');
}

/** The users of the key's site as Esup-Pod's `/rest/users/` shows and creates them. */
export function createBridgeUsers(deps: { users: UserRepository; userService: UserService; logger: DomainLogger }) {
  const { users, userService, logger } = deps;

  return {
    /** Newest first, filtered on id, username and e-mail address (exact; case-insensitive). */
    async list(client: BridgeClient, query: PodUserQuery): Promise<UserPage> {
      const filter = {
        siteId: client.siteId,
        ...(query.id === null ? {} : { id: query.id }),
        ...(query.username === null ? {} : { username: query.username }),
        ...(query.email === null ? {} : { email: query.email }),
      };
      const total = query.page === 'last' ? (await users.findPage(filter, 0, 0)).total : null;
      const page = query.page === 'last' ? Math.max(1, Math.ceil(total! / client.pageSize)) : query.page;
      if (!Number.isSafeInteger(page) || page < 1) throw invalidPage();
      const found = await users.findPage(filter, (page - 1) * client.pageSize, client.pageSize);
      if (page > 1 && found.items.length === 0) throw invalidPage();
      return { total: found.total, page, pageSize: client.pageSize, items: found.items };
    },

    async get(client: BridgeClient, id: number): Promise<User> {
      const user = Number.isSafeInteger(id) ? await users.findById(id) : null;
      if (!user || user.siteId !== client.siteId) throw new NotFoundError('user_not_found', 'Not found.');
      return user;
    },

    async create(client: BridgeClient, input: PodUserInput): Promise<User> {
      const role = podUserRole(input);
      const user = await userService.create({
        siteId: client.siteId,
        username: input.username,
        firstName: input.firstName.trim(),
        lastName: input.lastName.trim(),
        email: input.email.trim(),
        role,
        affiliation: podUserAffiliation(input, role),
        authType: 'local',
        password: null,
      });
      logger.info({ userId: user.id, siteId: client.siteId, role, by: client.actor.id, tokenId: client.tokenId }, 'user created through the Pod API');
      return user;
    },
  };
}

export type BridgeUsers = ReturnType<typeof createBridgeUsers>;
