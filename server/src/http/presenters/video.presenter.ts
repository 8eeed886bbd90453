import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { UserRef, Video, VideoEncodingState } from '../../domain/videos/video.js';

export const userRefJson = z.object({ id: z.number().int(), username: z.string(), first_name: z.string(), last_name: z.string() });

export const encodingStateJson = z
  .object({
    job_id: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
    step: z.string().nullable().describe('probe, transcode, mp4, thumbnails, storyboard or publish'),
    progress: z.number().describe('Percent, 0–100'),
    attempts: z.number().int(),
    error_code: z.string().nullable().describe('Stable code of the last failure'),
    error_message: z.string().nullable(),
    queued_at: z.string(),
    retry_at: z.string().nullable().describe('When a failed attempt will be retried'),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
  })
  .describe("The video's latest encoding request");

export const mediaSummaryJson = z
  .object({
    kind: z.enum(['video', 'audio']),
    duration: z.number(),
    encoded_at: z.string(),
    renditions: z.array(z.object({ name: z.string(), width: z.number().int(), height: z.number().int(), bandwidth: z.number().int(), mp4: z.boolean() })),
    hls: z.boolean(),
    mp3: z.boolean(),
    m4a: z.boolean(),
    thumbnails: z.number().int().describe('Number of thumbnail candidates'),
    thumbnail_index: z.number().int().nullable(),
    storyboard: z.boolean(),
    subtitles: z.array(z.object({ language: z.string().nullable() })),
  })
  .describe('What the last successful encoding published');

export const videoJson = z.object({
  id: z.number().int(),
  url: z.string().describe('Absolute URL of this resource'),
  site_id: z.number().int(),
  slug: z.string().describe('NNNN-slugified-title, as Esup-Pod'),
  title: z.string(),
  description: z.string().describe('Sanitized HTML'),
  type_id: z.number().int(),
  owner: userRefJson,
  additional_owners: z.array(userRefJson),
  tags: z.array(z.string()),
  disciplines: z.array(z.number().int()),
  licence: z.string().nullable(),
  main_lang: z.string(),
  date_evt: z.string().nullable().describe('YYYY-MM-DD'),
  is_draft: z.boolean(),
  is_restricted: z.boolean(),
  has_password: z.boolean(),
  restrict_access_to_groups: z.array(z.object({ code_name: z.string(), display_name: z.string() })),
  courses: z.array(z.object({ id: z.number().int(), title: z.string(), label: z.string() })),
  page_url: z.string().describe('The video page (/video/<slug>/)'),
  embed_url: z.string().describe('The bare player for iframes (/video/<slug>/?is_iframe=true)'),
  allow_downloading: z.boolean(),
  status: z.enum(['awaiting_upload', 'uploaded', 'queued', 'encoding', 'ready', 'failed']),
  duration: z.number().nullable().describe('Seconds'),
  source: z.object({ filename: z.string(), size: z.number().int() }).nullable(),
  encoding: encodingStateJson.nullable(),
  media: mediaSummaryJson.nullable(),
  version: z.number().int().describe('Increases on every change; send it back in If-Match'),
  created_at: z.string(),
  updated_at: z.string(),
});
export type VideoJson = z.infer<typeof videoJson>;

export const videoPageJson = z.object({
  count: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
  next: z.string().nullable(),
  previous: z.string().nullable(),
  results: z.array(videoJson),
});

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function presentEncodingState(state: VideoEncodingState | null): z.infer<typeof encodingStateJson> | null {
  if (!state) return null;
  return {
    job_id: state.jobId,
    status: state.status,
    step: state.step,
    progress: state.progress,
    attempts: state.attempts,
    error_code: state.errorCode,
    error_message: state.errorMessage,
    queued_at: state.queuedAt.toISOString(),
    retry_at: iso(state.retryAt),
    started_at: iso(state.startedAt),
    finished_at: iso(state.finishedAt),
  };
}

function presentMedia(media: Video['media']): z.infer<typeof mediaSummaryJson> | null {
  if (!media) return null;
  const { manifest } = media;
  return {
    kind: manifest.kind,
    duration: manifest.durationSeconds,
    encoded_at: media.encodedAt.toISOString(),
    renditions: manifest.renditions.map((r) => ({ name: r.name, width: r.width, height: r.height, bandwidth: r.bandwidth, mp4: r.mp4 !== null })),
    hls: manifest.master !== null,
    mp3: manifest.audio.mp3 !== null,
    m4a: manifest.audio.m4a !== null,
    thumbnails: manifest.thumbnails.length,
    thumbnail_index: media.thumbnailIndex,
    storyboard: manifest.storyboard !== null,
    subtitles: manifest.subtitles.map((s) => ({ language: s.language })),
  };
}

const userRef = (user: UserRef) => ({ id: user.id, username: user.username, first_name: user.firstName, last_name: user.lastName });

export function presentVideo(video: Video, publicUrl: string): VideoJson {
  return {
    id: video.id,
    url: `${publicUrl}/api/v1/videos/${video.id}`,
    site_id: video.siteId,
    slug: video.slug,
    title: video.title,
    description: video.description,
    type_id: video.typeId,
    owner: userRef(video.owner),
    additional_owners: video.additionalOwners.map(userRef),
    tags: [...video.tags],
    disciplines: [...video.disciplineIds],
    licence: video.licence,
    main_lang: video.mainLang,
    date_evt: video.dateEvt,
    is_draft: video.isDraft,
    is_restricted: video.isRestricted,
    has_password: video.hasPassword,
    restrict_access_to_groups: video.accessGroups.map((group) => ({ code_name: group.codeName, display_name: group.displayName })),
    courses: video.courses.map((course) => ({ id: course.id, title: course.title, label: course.label })),
    page_url: `${publicUrl}/video/${video.slug}/`,
    embed_url: `${publicUrl}/video/${video.slug}/?is_iframe=true`,
    allow_downloading: video.allowDownloading,
    status: video.status,
    duration: video.durationSeconds,
    source: video.source ? { filename: video.source.filename, size: video.source.size } : null,
    encoding: presentEncodingState(video.encoding),
    media: presentMedia(video.media),
    version: video.version,
    created_at: video.createdAt.toISOString(),
    updated_at: video.updatedAt.toISOString(),
  };
}

/**
 * `"<version>.<digest of the representation>"`: the digest changes whenever anything shown
 * changes (encoding progress moves without an edit), so a conditional GET never answers 304
 * over fresh state; If-Match only compares the version before the dot.
 */
export function videoEtag(json: VideoJson): string {
  return `"${json.version}.${createHash('sha256').update(JSON.stringify(json)).digest('hex').slice(0, 12)}"`;
}
