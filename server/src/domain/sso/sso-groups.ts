import { GROUP_CODE_PATTERN } from '../access/access-group-service.js';
import type { AccessGroup, AccessRepository } from '../access/access-repository.js';
import type { DomainLogger } from '../logger.js';
import type { MappedPerson } from './identity-mapping.js';

export interface GroupSyncOutcome {
  readonly joined: number;
  readonly left: number;
  readonly skipped: readonly string[];
}

/**
 * Esup-Pod's group rules at each SSO login (populatedCASbackend: delete_synchronized_access_group,
 * create_accessgroups): the user's memberships of auto-synchronised groups are recomputed; a
 * group per affiliation is created when missing (auto-synchronised); a value of the groups
 * attribute joins an existing group, or creates one (auto-synchronised) only with `createGroups`.
 * Memberships of groups that are not auto-synchronised are added, never removed. Code names that
 * are not valid are skipped (and logged by the caller).
 */
export function createSsoGroupSync(deps: { access: AccessRepository; logger: DomainLogger }) {
  const { access, logger } = deps;

  async function groupsFor(siteId: number, codes: readonly string[], create: boolean): Promise<AccessGroup[]> {
    if (!codes.length) return [];
    const found = await access.findGroupsByCodes(siteId, codes);
    if (!create) return found;
    const known = new Set(found.map((group) => group.codeName.toLowerCase()));
    for (const code of codes.filter((one) => !known.has(one.toLowerCase()))) {
      // Null: another sign-in created it meanwhile; it is found below.
      const created = await access.createGroup(siteId, code, code, { autoSync: true });
      if (created) logger.info({ groupId: created.id, siteId }, 'access group created from an SSO sign-in');
      found.push(...(created ? [created] : await access.findGroupsByCodes(siteId, [code])));
    }
    return found;
  }

  return {
    async sync(userId: number, siteId: number, person: MappedPerson, createGroups: boolean): Promise<GroupSyncOutcome> {
      const valid = (codes: readonly string[]) => codes.filter((code) => GROUP_CODE_PATTERN.test(code));
      const skipped = [...person.groups.fromAffiliations, ...person.groups.fromAttribute].filter((code) => !GROUP_CODE_PATTERN.test(code));
      const wanted = [...(await groupsFor(siteId, valid(person.groups.fromAffiliations), true)), ...(await groupsFor(siteId, valid(person.groups.fromAttribute), createGroups))];
      const wantedIds = new Set(wanted.map((group) => group.id));
      const current = await access.autoSyncGroupIdsOf(userId);
      const { groupIds } = await access.membershipsOf(userId);
      const leave = current.filter((id) => !wantedIds.has(id));
      const join = [...wantedIds].filter((id) => !groupIds.includes(id));
      for (const id of leave) await access.removeGroupMembers(id, [userId]);
      for (const id of join) await access.addGroupMembers(id, [userId]);
      return { joined: join.length, left: leave.length, skipped };
    },
  };
}

export type SsoGroupSync = ReturnType<typeof createSsoGroupSync>;
