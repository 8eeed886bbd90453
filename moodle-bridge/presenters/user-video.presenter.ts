import { languageName } from '../../server/src/domain/enrichments/language.js';
import { slugify } from '../../server/src/domain/videos/slug.js';
import type { Discipline } from '../../server/src/domain/videos/reference-data-repository.js';
import type { Video } from '../../server/src/domain/videos/video.js';
import { displayName } from '../../server/src/domain/users/user.js';
import type { VideoOutline } from '../../server/src/domain/bridge/video-outline.js';
import { escapeHtml } from '../../server/src/http/views/html.js';
import { audioFiles, videoFiles, type EncodedFile } from './encoded-files.js';
import { durationInTime, encodingStep, isEncodingInProgress, naiveDateTime, titleAndSlug } from './pod-fields.js';
import type { PodUrls } from './pod-urls.js';

/**
 * One item of Esup-Pod's `user_videos` listing (its `VideoUserSerializer` plus `video_data`),
 * the shape Moodle's repository_pod plugin reads: `id`, `date_added`, and in `video_data`
 * `mediatype`, `title`, protocol-relative `full_url` and `thumbnail`, `owner` and `video_files`
 * keyed by extension with a dotted `extension`. Top-level `date_evt` and `duration`, which Pod
 * never sent, make the plugin's created-date logic work. Pure.
 */
export interface UserVideoContext {
  readonly urls: PodUrls;
  /** A media grant for the video (its files' URLs carry it). */
  readonly grant: string;
  readonly disciplines: ReadonlyMap<number, Discipline>;
  readonly outline: VideoOutline;
  /** Pod's `extensions` parameter: which video_files groups to keep (null: all). */
  readonly extensions: readonly string[] | null;
  readonly defaultThumbnailPath: string;
}

export function thumbnailPath(video: Video, ctx: Pick<UserVideoContext, 'urls' | 'grant' | 'defaultThumbnailPath'>): string {
  const media = video.media;
  const index = media?.thumbnailIndex ?? null;
  const file = media && index !== null ? media.manifest.thumbnails[index] : undefined;
  return media && file ? ctx.urls.media(ctx.grant, `${media.folder.split('/').pop()}/${file}`) : ctx.defaultThumbnailPath;
}

function videoFilesByExtension(video: Video, ctx: UserVideoContext): Record<string, unknown[]> | '' {
  const groups: Record<string, unknown[]> = {};
  const files: EncodedFile[] = [...videoFiles(video.id, video.media), ...audioFiles(video.id, video.media)];
  for (const file of files) {
    if (ctx.extensions && !ctx.extensions.includes(file.extension)) continue;
    (groups[file.extension] ??= []).push({ id: file.id, type: file.format, src: ctx.urls.media(ctx.grant, file.key), height: file.height, extension: `.${file.extension}`, label: file.name });
  }
  return Object.keys(groups).length ? groups : '';
}

export function presentVideoData(video: Video, ctx: UserVideoContext) {
  const thumbnail = ctx.urls.protocolRelative(thumbnailPath(video, ctx));
  const type = ctx.outline.typeTitle ? titleAndSlug(ctx.outline.typeTitle) : { title: '', slug: '' };
  return {
    id: video.id,
    title: video.title,
    owner: video.owner.username,
    owner_full_name: displayName(video.owner),
    date_added: naiveDateTime(video.createdAt),
    date_evt: video.dateEvt ? `${video.dateEvt}T00:00:00` : null,
    description: video.description,
    thumbnail,
    duration: String(Math.round(video.durationSeconds ?? 0)),
    duration_in_time: durationInTime(video.durationSeconds),
    tags: video.tags.map((tag) => ({ name: tag, slug: slugify(tag) || 'tag' })),
    type,
    disciplines: video.disciplineIds.flatMap((id) => {
      const discipline = ctx.disciplines.get(id);
      return discipline ? [titleAndSlug(discipline.title)] : [];
    }),
    channels: [],
    themes: [],
    contributors: [],
    chapters: ctx.outline.chapters.map(titleAndSlug),
    overlays: ctx.outline.overlays.map(titleAndSlug),
    full_url: ctx.urls.protocolRelative(`/video/${video.slug}/`),
    is_restricted: video.isRestricted,
    password: video.hasPassword,
    mediatype: video.media?.manifest.kind ?? 'video',
    cursus: 'None',
    main_lang: languageName(video.mainLang, 'en'),
    encoded: video.media !== null,
    encoding_in_progress: isEncodingInProgress(video),
    get_encoding_step: encodingStep(video),
    get_thumbnail_admin: `<img src="${escapeHtml(thumbnail)}" alt="${escapeHtml(video.title)}" loading="lazy">`,
    video_files: videoFilesByExtension(video, ctx),
  };
}

export function presentUserVideo(video: Video, ctx: UserVideoContext) {
  return {
    id: video.id,
    url: ctx.urls.rest('videos', video.id),
    get_version: 'O',
    type: video.typeId,
    date_added: video.createdAt.toISOString(),
    date_evt: video.dateEvt,
    duration: Math.round(video.durationSeconds ?? 0),
    is_draft: video.isDraft,
    is_restricted: video.isRestricted,
    encoding_in_progress: isEncodingInProgress(video),
    encoded: video.media !== null,
    video_data: presentVideoData(video, ctx),
  };
}
