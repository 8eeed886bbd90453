import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { DomainLogger as Logger } from '../logger.js';
import type { UserRepository } from '../users/user-repository.js';
import { requireAdminRole, type User } from '../users/user.js';
import type { AccessGroup, AccessRepository } from './access-repository.js';

export const GROUP_CODE_PATTERN = /^[\p{L}\p{N}_.:@-]{1,250}$/u;

/** Who manages groups: an administrator, or the command line acting for a site. */
export type GroupActor = Pick<User, 'id' | 'role' | 'siteId'>;

/** The command line acts as an administrator of the site (user id 0 is nobody's). */
export function commandLineActor(siteId = 1): GroupActor {
  return { id: 0, role: 'admin', siteId };
}

/** Admins manage access groups (Esup-Pod's AccessGroup: code name, display name, members). */
export function createAccessGroupService(deps: { access: AccessRepository; users: UserRepository; logger: Logger }) {
  const { access, users, logger } = deps;
  const adminOnly = (actor: GroupActor) => {
    requireAdminRole(actor, 'Only administrators manage access groups.');
  };
  async function get(actor: GroupActor, codeName: string): Promise<AccessGroup> {
    const [group] = await access.findGroupsByCodes(actor.siteId, [codeName]);
    if (!group) throw new NotFoundError('group_not_found', `No access group "${codeName}".`);
    return group;
  }
  async function userIds(actor: GroupActor, usernames: readonly string[]): Promise<number[]> {
    const found = await users.findManyByUsernames(actor.siteId, usernames);
    const known = new Set(found.map((user) => user.username.toLowerCase()));
    const unknown = usernames.filter((name) => !known.has(name.toLowerCase()));
    if (unknown.length) throw new ValidationError('unknown_users', `Unknown users: ${unknown.join(', ')}.`, { params: { users: unknown.join(', ') } });
    return found.map((user) => user.id);
  }

  return {
    async list(actor: GroupActor): Promise<AccessGroup[]> {
      adminOnly(actor);
      return access.listGroups(actor.siteId);
    },
    get: async (actor: GroupActor, codeName: string) => {
      adminOnly(actor);
      return get(actor, codeName);
    },
    async create(actor: GroupActor, codeName: string, displayName: string): Promise<AccessGroup> {
      adminOnly(actor);
      const code = codeName.trim();
      if (!GROUP_CODE_PATTERN.test(code)) {
        throw new ValidationError('invalid_group_code', 'A code name has 1 to 250 letters, digits and _ . : @ - characters.', { fields: [{ path: 'code_name', message: 'invalid code name' }] });
      }
      const group = await access.createGroup(actor.siteId, code, displayName.trim().slice(0, 250));
      if (!group) throw new ConflictError('group_exists', `An access group "${code}" already exists.`);
      logger.info({ groupId: group.id, userId: actor.id }, 'access group created');
      return group;
    },
    async rename(actor: GroupActor, codeName: string, displayName: string): Promise<AccessGroup> {
      adminOnly(actor);
      const group = await get(actor, codeName);
      return (await access.renameGroup(group.id, displayName.trim().slice(0, 250))) ?? group;
    },
    async remove(actor: GroupActor, codeName: string): Promise<void> {
      adminOnly(actor);
      const group = await get(actor, codeName);
      await access.deleteGroup(group.id);
      logger.info({ groupId: group.id, userId: actor.id }, 'access group deleted');
    },
    async members(actor: GroupActor, codeName: string) {
      adminOnly(actor);
      return access.groupMembers((await get(actor, codeName)).id);
    },
    async addMembers(actor: GroupActor, codeName: string, usernames: readonly string[]): Promise<void> {
      adminOnly(actor);
      const group = await get(actor, codeName);
      await access.addGroupMembers(group.id, await userIds(actor, usernames));
    },
    async removeMembers(actor: GroupActor, codeName: string, usernames: readonly string[]): Promise<void> {
      adminOnly(actor);
      const group = await get(actor, codeName);
      await access.removeGroupMembers(group.id, await userIds(actor, usernames));
    },
  };
}

export type AccessGroupService = ReturnType<typeof createAccessGroupService>;
