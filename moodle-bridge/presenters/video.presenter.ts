import type { Video } from '../../server/src/domain/videos/video.js';
import type { Discipline } from '../../server/src/domain/videos/reference-data-repository.js';
import { durationInTime, encodingStep, isEncodingInProgress } from './pod-fields.js';
import type { PodUrls } from './pod-urls.js';

/** What Lectern shows in place of a video's password: it keeps only a hash, never the password. */
export const PASSWORD_MASK = '********';

/**
 * Pod's `VideoSerializer` (`/rest/videos/<id>/`): relations as absolute hyperlinks, `slug` for
 * the Moodle plugin's enriched view. Differences, all documented: `video` is null (original
 * uploads are never served; encoded files are in encodings_video), `thumbnail` the thumbnail's URL, `password`
 * a mask when one is set, `tags` a list of strings. Pod's channels, themes and comments do not
 * exist in Lectern (empty, false). Pure.
 */
export interface VideoContext {
  readonly urls: PodUrls;
  readonly grant: string;
  readonly disciplines: ReadonlyMap<number, Discipline>;
  /** Root-relative thumbnail URL (or the default image). */
  readonly thumbnailPath: string;
}

export function presentVideo(video: Video, ctx: VideoContext) {
  const { urls } = ctx;
  return {
    id: video.id,
    url: urls.rest('videos', video.id),
    // Lectern never serves original uploads over HTTP (only encoded files, behind grants).
    video: null,
    title: video.title,
    slug: video.slug,
    description: video.description,
    allow_downloading: video.allowDownloading,
    is_360: false,
    owner: urls.rest('users', video.owner.id),
    additional_owners: video.additionalOwners.map((owner) => urls.rest('users', owner.id)),
    date_added: video.createdAt.toISOString(),
    date_evt: video.dateEvt,
    cursus: '0',
    main_lang: video.mainLang,
    is_draft: video.isDraft,
    is_restricted: video.isRestricted,
    restrict_access_to_groups: video.accessGroups.map((group) => urls.rest('accessgroups', group.id)),
    password: video.hasPassword ? PASSWORD_MASK : null,
    tags: [...video.tags],
    thumbnail: urls.absolute(ctx.thumbnailPath),
    type: urls.rest('types', video.typeId),
    discipline: video.disciplineIds.filter((id) => ctx.disciplines.has(id)).map((id) => urls.rest('discipline', id)),
    channel: [],
    theme: [],
    licence: video.licence,
    encoding_in_progress: isEncodingInProgress(video),
    duration: Math.round(video.durationSeconds ?? 0),
    sites: [urls.rest('sites', video.siteId)],
    disable_comment: false,
    get_encoding_step: encodingStep(video),
    get_version: 'O',
    encoded: video.media !== null,
    duration_in_time: durationInTime(video.durationSeconds),
  };
}
