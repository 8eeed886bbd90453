import type { AccessGroup, AccessRepository } from '../access/access-repository.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import type { Site, SiteRepository } from '../sites/site.js';
import type { UserRepository } from '../users/user-repository.js';
import type { User } from '../users/user.js';
import type { Discipline, ReferenceDataRepository, VideoType } from '../videos/reference-data-repository.js';
import type { UserRef } from '../videos/video.js';
import type { BridgeClient } from './bridge-client.js';

export const TYPE_TITLE_MAX = 100;
export const TYPE_DESCRIPTION_MAX = 10_000;

export interface NewVideoType {
  readonly title: string;
  readonly description: string;
}

const notFound = () => new NotFoundError('not_found', 'Not found.');

function one<T extends { readonly id: number }>(items: readonly T[], id: number): T {
  const item = items.find((candidate) => candidate.id === id);
  if (!item) throw notFound();
  return item;
}

/**
 * What Esup-Pod clients read besides videos, and what their hyperlinks point at: the key's site,
 * its video types, disciplines and access groups, its users by id. Everything is seen from the
 * key's site only: another site's object is unknown here (a 404, or a hyperlink to nothing).
 */
export function createBridgeDirectory(deps: { sites: SiteRepository; referenceData: ReferenceDataRepository; access: AccessRepository; users: UserRepository; logger: DomainLogger }) {
  const { sites, referenceData, access, users, logger } = deps;

  /** The key's site, as a one-item list (Pod lists every site; a key sees its own). */
  async function ownSite(client: BridgeClient): Promise<Site[]> {
    const site = await sites.findById(client.siteId);
    return site ? [site] : [];
  }

  return {
    sites: ownSite,

    async site(client: BridgeClient, id: number): Promise<Site> {
      return one(await ownSite(client), id);
    },

    types: (client: BridgeClient): Promise<VideoType[]> => referenceData.listTypes(client.siteId),

    async type(client: BridgeClient, id: number): Promise<VideoType> {
      return one(await referenceData.listTypes(client.siteId), id);
    },

    async createType(client: BridgeClient, input: NewVideoType): Promise<VideoType> {
      const title = input.title.trim();
      const description = input.description.trim();
      const problems: { path: string; message: string }[] = [];
      if (title.length === 0 || [...title].length > TYPE_TITLE_MAX) problems.push({ path: 'title', message: `A type's title has 1 to ${TYPE_TITLE_MAX} characters.` });
      if ([...description].length > TYPE_DESCRIPTION_MAX) problems.push({ path: 'description', message: `A type's description has at most ${TYPE_DESCRIPTION_MAX} characters.` });
      if (problems.length) throw new ValidationError('invalid_video_type', 'This video type is not valid.', { fields: problems });
      const type = await referenceData.createType(client.siteId, title, description);
      logger.info({ typeId: type.id, siteId: client.siteId, userId: client.actor.id }, 'video type created');
      return type;
    },

    disciplines: (client: BridgeClient): Promise<Discipline[]> => referenceData.listDisciplines(client.siteId),

    async discipline(client: BridgeClient, id: number): Promise<Discipline> {
      return one(await referenceData.listDisciplines(client.siteId), id);
    },

    accessGroups: (client: BridgeClient): Promise<AccessGroup[]> => access.listGroups(client.siteId),

    async accessGroup(client: BridgeClient, id: number): Promise<AccessGroup> {
      return one(await access.listGroups(client.siteId), id);
    },

    /** Members of groups of the key's site, by group id. */
    async groupMembers(groups: readonly AccessGroup[]): Promise<Map<number, UserRef[]>> {
      const members = await Promise.all(groups.map(async (group) => [group.id, await access.groupMembers(group.id)] as const));
      return new Map(members);
    },

    /** Those of `ids` that are users of the key's site. */
    async usersByIds(client: BridgeClient, ids: readonly number[]): Promise<Map<number, User>> {
      const found = await Promise.all([...new Set(ids)].map((id) => users.findById(id)));
      return new Map(found.filter((user): user is User => user !== null && user.siteId === client.siteId).map((user) => [user.id, user]));
    },
  };
}

export type BridgeDirectory = ReturnType<typeof createBridgeDirectory>;
