import { mediaPath } from '../access/media-grant.js';
import type { User } from '../users/user.js';
import type { Video } from '../videos/video.js';
import { USER_COLUMNS, VIDEO_COLUMNS } from './import-columns.js';

/**
 * Rows of the exports, in the import formats so that a file exported here imports elsewhere:
 * every importable column (a viewing password as its hash), then informational ones the
 * importers ignore (ids, state, media URLs). Pure.
 */
export const USER_EXPORT_COLUMNS: readonly string[] = [...USER_COLUMNS.positional, ...USER_COLUMNS.named];

export const VIDEO_EXPORT_COLUMNS: readonly string[] = [
  ...VIDEO_COLUMNS.positional,
  ...VIDEO_COLUMNS.named.filter((name) => name !== 'password'),
  'id',
  'slug',
  'page_url',
  'hls_url',
  'mp4_url',
  'thumbnail_url',
  'duration',
  'status',
  'created_at',
];

export function userExportRow(user: User): string[] {
  return [user.username, user.firstName, user.lastName, user.email, user.role, user.affiliation];
}

export interface VideoLinks {
  readonly page: string;
  readonly hls: string;
  readonly mp4: string;
  readonly thumbnail: string;
}

/**
 * The page URL, and the media URLs when a grant is given (public videos: their long-lived grant
 * opens nothing more than the page does). Media URLs of other videos would be credentials in a
 * file that travels, so they are left empty.
 */
export function videoLinks(publicUrl: string, video: Video, grant: string | null): VideoLinks {
  const page = `${publicUrl}/video/${video.slug}/`;
  if (!grant || !video.media) return { page, hls: '', mp4: '', thumbnail: '' };
  const { manifest, folder, thumbnailIndex } = video.media;
  const url = (file: string) => `${publicUrl}${mediaPath(grant, `${folder.split('/').pop()}/${file}`)}`;
  const mp4 = [...manifest.renditions].filter((rendition) => rendition.mp4).sort((a, b) => b.height - a.height)[0]?.mp4;
  const thumbnail = manifest.thumbnails[thumbnailIndex ?? 0] ?? manifest.thumbnails[0];
  return { page, hls: manifest.master ? url(manifest.master) : '', mp4: mp4 ? url(mp4.file) : '', thumbnail: thumbnail ? url(thumbnail) : '' };
}

export interface VideoExportContext {
  readonly typeTitles: ReadonlyMap<number, string>;
  readonly disciplineTitles: ReadonlyMap<number, string>;
  readonly secrets: ReadonlyMap<number, { readonly importKey: string | null; readonly passwordHash: string | null }>;
  readonly links: (video: Video) => VideoLinks;
}

const yesNo = (value: boolean) => (value ? 'true' : 'false');

/** One video in VIDEO_EXPORT_COLUMNS order; `file path` is the source's storage key (relative to the media folder). */
export function videoExportRow(video: Video, context: VideoExportContext): string[] {
  const secret = context.secrets.get(video.id);
  const links = context.links(video);
  return [
    video.owner.username,
    context.typeTitles.get(video.typeId) ?? String(video.typeId),
    video.title,
    video.description,
    yesNo(video.allowDownloading),
    yesNo(video.isDraft),
    video.source?.key ?? '',
    video.tags.join(', '),
    video.dateEvt ?? '',
    video.mainLang,
    video.licence ?? '',
    yesNo(video.isRestricted),
    secret?.passwordHash ?? '',
    video.additionalOwners.map((owner) => owner.username).join(', '),
    video.accessGroups.map((group) => group.codeName).join(', '),
    video.disciplineIds.map((id) => context.disciplineTitles.get(id) ?? String(id)).join(', '),
    secret?.importKey ?? `lectern-${video.id}`,
    String(video.id),
    video.slug,
    links.page,
    links.hls,
    links.mp4,
    links.thumbnail,
    video.durationSeconds === null ? '' : String(video.durationSeconds),
    video.status,
    video.createdAt.toISOString(),
  ];
}
