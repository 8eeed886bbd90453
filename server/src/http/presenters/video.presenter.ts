import { z } from 'zod';
import type { UserRef, Video } from '../../domain/videos/video.js';

export const userRefJson = z.object({ id: z.number().int(), username: z.string(), first_name: z.string(), last_name: z.string() });

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
  allow_downloading: z.boolean(),
  status: z.enum(['awaiting_upload', 'uploaded', 'queued', 'encoding', 'ready', 'failed']),
  duration: z.number().nullable().describe('Seconds'),
  source: z.object({ filename: z.string(), size: z.number().int() }).nullable(),
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
    allow_downloading: video.allowDownloading,
    status: video.status,
    duration: video.durationSeconds,
    source: video.source ? { filename: video.source.filename, size: video.source.size } : null,
    version: video.version,
    created_at: video.createdAt.toISOString(),
    updated_at: video.updatedAt.toISOString(),
  };
}

export function videoEtag(video: Pick<Video, 'version'>): string {
  return `"${video.version}"`;
}
