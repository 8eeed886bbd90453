import { mediaPath } from '../server/src/domain/access/media-grant.js';
import { isPublic } from '../server/src/domain/access/video-access.js';
import { thumbnailRendition } from '../server/src/domain/encoding/encoded-media.js';
import { AppError, ForbiddenError, ValidationError } from '../server/src/domain/errors.js';
import { DEFAULT_COMPLETION } from '../server/src/domain/lms/lti-link.js';
import type { User } from '../server/src/domain/users/user.js';
import type { Video, VideoStatus } from '../server/src/domain/videos/video.js';
import type { Services } from '../server/src/services.js';
import { itemKindFor, type PickedVideo } from './deep-linking-items.js';
import type { PickerState } from './picker-token.js';

/** The picker's filters: which statuses each one lists. */
export const PICKER_FILTERS = {
  all: [],
  ready: ['ready'],
  processing: ['awaiting_upload', 'uploaded', 'queued', 'encoding'],
  failed: ['failed'],
} as const satisfies Record<string, readonly VideoStatus[]>;
export type PickerFilter = keyof typeof PICKER_FILTERS;
export const PICKER_PAGE_SIZE = 10;

/** The picker form's fields (urlencoded: repeated names arrive as arrays). */
export type PickerForm = Readonly<Record<string, string | string[] | undefined>>;

export interface PickerQuery {
  readonly search: string;
  readonly filter: PickerFilter;
  readonly page: number;
}

export interface Choice {
  readonly videoId: number;
  readonly grade: boolean;
  /** Percent, 1-100. */
  readonly completionPercent: number;
}

const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
const all = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

export function queryOf(form: PickerForm): PickerQuery {
  const filter = first(form.filter);
  const page = Number(first(form.page));
  return {
    search: first(form.q).trim().slice(0, 200),
    filter: filter in PICKER_FILTERS ? (filter as PickerFilter) : 'all',
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

/** The videos ticked, each with its own options; ids that are not record ids are dropped. */
export function choicesOf(form: PickerForm): Choice[] {
  const ids = [...new Set(all(form.video).filter((id) => /^[1-9]\d{0,9}$/.test(id)).map(Number))];
  return ids.map((videoId) => {
    const percent = Number(first(form[`completion_${videoId}`]));
    return {
      videoId,
      grade: first(form[`grade_${videoId}`]) === 'on',
      completionPercent: Number.isFinite(percent) && percent >= 1 && percent <= 100 ? Math.round(percent) : Math.round(DEFAULT_COMPLETION * 100),
    };
  });
}

/** A published thumbnail's URL under a media grant (root-relative), with its size; null before encoding. */
export function thumbnailOf(services: Services, video: Video): { path: string; width: number; height: number } | null {
  const media = video.media;
  const file = media ? (media.manifest.thumbnails[media.thumbnailIndex ?? 0] ?? media.manifest.thumbnails[0]) : undefined;
  if (!media || !file) return null;
  const folder = media.folder.split('/').pop()!;
  const size = media.manifest.renditions.length ? thumbnailRendition(media.manifest.renditions) : { width: 640, height: 360 };
  const grant = services.playbackService.grantFor(video).grant;
  return { path: mediaPath(grant, `${folder}/${file}`), width: size.width, height: size.height };
}

/**
 * Checks a selection against the request's settings and the teacher's rights, and resolves what
 * each item needs. Refusals are AppErrors with stable codes (400 nothing or too much selected,
 * 403 a video the teacher does not manage).
 */
export async function resolveSelection(services: Services, publicUrl: string, user: User, state: PickerState, choices: readonly Choice[]): Promise<PickedVideo[]> {
  const kind = itemKindFor(state.acceptTypes);
  if (kind === null) throw new ValidationError('lti_deep_linking_unsupported_types', `The platform accepts none of the content item types Lectern offers (it accepts: ${state.acceptTypes.join(', ') || 'nothing'}).`);
  if (choices.length === 0) throw new ValidationError('lti_picker_nothing_selected', 'Select at least one video.');
  if (!state.acceptMultiple && choices.length > 1) throw new ValidationError('lti_picker_single_only', 'The platform accepts a single item here: select one video.');
  const picked: PickedVideo[] = [];
  for (const choice of choices) {
    const video = await manageable(services, user, choice.videoId);
    const thumbnail = isPublic(video) ? thumbnailOf(services, video) : null;
    picked.push({
      video,
      grade: choice.grade,
      completion: choice.completionPercent / 100,
      embedUrl: kind === 'html' ? await embedUrlOf(services, publicUrl, user, video) : null,
      thumbnail: thumbnail ? { url: `${publicUrl}${thumbnail.path}`, width: thumbnail.width, height: thumbnail.height } : null,
    });
  }
  return picked;
}

async function manageable(services: Services, user: User, videoId: number): Promise<Video> {
  try {
    return await services.videoService.getManageable(user, videoId);
  } catch (error) {
    if (error instanceof AppError && (error.kind === 'not_found' || error.kind === 'forbidden')) {
      throw new ForbiddenError('lti_picker_video_forbidden', `Video ${videoId} is not one you manage.`, { params: { videoId } });
    }
    throw error;
  }
}

/** A public video embeds as such; another gets its own revocable share link, whose embed form goes in the iframe. */
async function embedUrlOf(services: Services, publicUrl: string, user: User, video: Video): Promise<string> {
  if (isPublic(video)) return `${publicUrl}/video/${video.slug}/?is_iframe=true`;
  const link = await services.shareLinkService.create(user, video, 'LMS (LTI deep linking)');
  return `${publicUrl}/video/${video.slug}/${link.token}/?is_iframe=true`;
}
