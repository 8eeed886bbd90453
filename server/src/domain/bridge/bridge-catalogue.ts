import { NotFoundError } from '../errors.js';
import type { Discipline, ReferenceDataRepository } from '../videos/reference-data-repository.js';
import type { VideoFilter, VideoRepository } from '../videos/video-repository.js';
import type { Video } from '../videos/video.js';
import type { BridgeClient } from './bridge-client.js';
import type { PodUserResolver } from './pod-user-resolver.js';
import type { VideoOutline, VideoOutlineRepository } from './video-outline.js';

export interface UserVideosQuery {
  /** The Moodle user, matched under the key's username mapping. */
  readonly username: string;
  readonly searchTitle: string | null;
  readonly encodingInProgress: boolean | null;
  /** Pod's `sites` filter: a key sees only its own site, so any other site lists nothing. */
  readonly sites: readonly number[] | null;
  readonly page: number | 'last';
}

export interface VideoListQuery extends Omit<VideoFilter, 'siteId'> {
  readonly sites: readonly number[] | null;
  readonly page: number | 'last';
}

export interface CataloguePage {
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly items: readonly Video[];
  readonly outlines: ReadonlyMap<number, VideoOutline>;
  readonly disciplines: ReadonlyMap<number, Discipline>;
}

/** Thrown for a page past the last one (page 1 always exists, even empty): Pod answers 404. */
export const invalidPage = () => new NotFoundError('invalid_page', 'Invalid page.');

/**
 * What Esup-Pod clients read: a user's videos for Moodle's file picker and the site's videos for
 * scripts, newest first, one page at a time; a video by id. Always within the key's site.
 */
export function createBridgeCatalogue(deps: { videos: VideoRepository; referenceData: ReferenceDataRepository; outlines: VideoOutlineRepository; users: PodUserResolver }) {
  const { videos, referenceData, outlines, users } = deps;

  /** `withOutlines`: the Moodle listing shows chapters, overlays and type titles; the admin list does not. */
  async function page(client: BridgeClient, filter: VideoFilter | null, requested: number | 'last', withOutlines: boolean): Promise<CataloguePage> {
    const pageNumber = requested === 'last' ? await lastPage(client, filter) : requested;
    if (!Number.isSafeInteger(pageNumber) || pageNumber < 1) throw invalidPage();
    const { items, total } = filter ? await videos.findPage(filter, (pageNumber - 1) * client.pageSize, client.pageSize) : { items: [], total: 0 };
    if (pageNumber > 1 && items.length === 0) throw invalidPage();
    const [outlineMap, disciplines] = await Promise.all([
      withOutlines && items.length ? outlines.outlinesOf(items.map((video) => video.id)) : new Map<number, VideoOutline>(),
      items.some((video) => video.disciplineIds.length) ? referenceData.listDisciplines(client.siteId) : [],
    ]);
    return {
      total,
      page: pageNumber,
      pageSize: client.pageSize,
      items,
      outlines: outlineMap,
      disciplines: new Map(disciplines.map((discipline) => [discipline.id, discipline])),
    };
  }

  async function lastPage(client: BridgeClient, filter: VideoFilter | null): Promise<number> {
    const total = filter ? (await videos.findPage(filter, 0, 0)).total : 0;
    return Math.max(1, Math.ceil(total / client.pageSize));
  }

  const onOwnSite = (client: BridgeClient, sites: readonly number[] | null) => sites === null || sites.includes(client.siteId);

  return {
    /** Pod's `user_videos`: videos the user owns (not co-owns), drafts and protected ones included. */
    async userVideos(client: BridgeClient, query: UserVideosQuery): Promise<CataloguePage> {
      const resolved = onOwnSite(client, query.sites) ? await users.resolve(client, query.username) : null;
      const filter: VideoFilter | null =
        resolved?.kind === 'found'
          ? {
              siteId: client.siteId,
              ownerId: resolved.user.id,
              ...(query.encodingInProgress === null ? {} : { encodingInProgress: query.encodingInProgress }),
              ...(query.searchTitle ? { titleContains: query.searchTitle } : {}),
            }
          : null;
      return page(client, filter, query.page, true);
    },

    /** Pod's `/rest/videos/` list with its filters. */
    async list(client: BridgeClient, query: VideoListQuery): Promise<CataloguePage> {
      const { sites, page: pageNumber, ...filter } = query;
      return page(client, onOwnSite(client, sites) ? { ...filter, siteId: client.siteId } : null, pageNumber, false);
    },

    async video(client: BridgeClient, id: number): Promise<Video> {
      const video = Number.isSafeInteger(id) ? await videos.findById(id) : null;
      if (!video || video.siteId !== client.siteId) throw new NotFoundError('video_not_found', 'Not found.');
      return video;
    },

    /** The site's disciplines, for presenting single videos (their hyperlinks). */
    async disciplines(client: BridgeClient): Promise<ReadonlyMap<number, Discipline>> {
      return new Map((await referenceData.listDisciplines(client.siteId)).map((d) => [d.id, d]));
    },
  };
}

export type BridgeCatalogue = ReturnType<typeof createBridgeCatalogue>;
