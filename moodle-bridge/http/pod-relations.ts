import type { AccessGroup } from '../../server/src/domain/access/access-repository.js';
import type { BridgeClient } from '../../server/src/domain/bridge/bridge-client.js';
import type { BridgeDirectory } from '../../server/src/domain/bridge/bridge-directory.js';
import { ValidationError, type FieldProblem } from '../../server/src/domain/errors.js';
import type { User } from '../../server/src/domain/users/user.js';
import { HYPERLINK_MESSAGES } from '../schemas/hyperlink.js';

/** Ids a body links to, by kind of object. */
export interface LinkedIds {
  readonly users?: readonly number[];
  readonly types?: readonly number[];
  readonly sites?: readonly number[];
  readonly groups?: readonly number[];
  readonly disciplines?: readonly number[];
}

/** The linked objects that exist on the key's site. */
export interface LinkedObjects {
  readonly users: ReadonlyMap<number, User>;
  readonly groups: ReadonlyMap<number, AccessGroup>;
  readonly types: ReadonlySet<number>;
  readonly sites: ReadonlySet<number>;
  readonly disciplines: ReadonlySet<number>;
}

/** Looks up what a body links to, only as far as it links to anything of each kind. */
export async function linkedObjects(directory: BridgeDirectory, client: BridgeClient, ids: LinkedIds): Promise<LinkedObjects> {
  const [users, groups, types, sites, disciplines] = await Promise.all([
    ids.users?.length ? directory.usersByIds(client, ids.users) : new Map<number, User>(),
    ids.groups?.length ? directory.accessGroups(client) : [],
    ids.types?.length ? directory.types(client) : [],
    ids.sites?.length ? directory.sites(client) : [],
    ids.disciplines?.length ? directory.disciplines(client) : [],
  ]);
  const idsOf = (items: readonly { id: number }[]) => new Set(items.map((item) => item.id));
  return { users, groups: new Map(groups.map((group) => [group.id, group])), types: idsOf(types), sites: idsOf(sites), disciplines: idsOf(disciplines) };
}

export interface LinkCheck {
  readonly field: string;
  readonly ids: readonly number[] | undefined;
  readonly known: { has(id: number): boolean };
}

/** DRF's "Invalid hyperlink - Object does not exist." on each field linking to something the key's site does not have. */
export function linkProblems(checks: readonly LinkCheck[]): FieldProblem[] {
  return checks.filter((check) => check.ids?.some((id) => !check.known.has(id))).map((check) => ({ path: check.field, message: HYPERLINK_MESSAGES.doesNotExist }));
}

export function assertLinksExist(checks: readonly LinkCheck[]): void {
  const problems = linkProblems(checks);
  if (problems.length) throw new ValidationError('unknown_relation', 'Some fields link to objects that do not exist.', { fields: problems });
}
