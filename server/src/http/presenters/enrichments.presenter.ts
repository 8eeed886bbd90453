import { z } from 'zod';
import { ENRICHMENT_TYPES, OVERLAY_POSITIONS, TRACK_KINDS, TRACK_ORIGINS, type Chapter, type Enrichment, type Overlay, type Track } from '../../domain/enrichments/enrichment.js';

/** The JSON of chapters, tracks, enrichments and overlays (snake_case, times in seconds). */

const timestamps = { created_at: z.string(), updated_at: z.string() };

export const chapterJson = z.object({ id: z.number().int(), title: z.string(), start: z.number(), ...timestamps });

export const trackJson = z.object({
  id: z.number().int(),
  kind: z.enum(TRACK_KINDS),
  lang: z.string(),
  label: z.string(),
  origin: z.enum(TRACK_ORIGINS).describe('upload, or extracted from the uploaded media file'),
  cue_count: z.number().int(),
  size: z.number().int().describe('Bytes of the stored WebVTT file'),
  ...timestamps,
});

export const enrichmentJson = z.object({
  id: z.number().int(),
  title: z.string(),
  type: z.enum(ENRICHMENT_TYPES),
  start: z.number(),
  end: z.number(),
  stop_video: z.boolean(),
  richtext: z.string().nullable(),
  weblink: z.string().nullable(),
  embed: z.string().nullable(),
  file: z.object({ name: z.string(), type: z.string(), size: z.number().int() }).nullable().describe('image and document'),
  ...timestamps,
});

export const overlayJson = z.object({
  id: z.number().int(),
  title: z.string(),
  content: z.string(),
  position: z.enum(OVERLAY_POSITIONS),
  background: z.boolean(),
  start: z.number(),
  end: z.number(),
  ...timestamps,
});

export const listOf = (item: z.ZodType) => z.object({ count: z.number().int(), results: z.array(item) });

const dates = (item: { createdAt: Date; updatedAt: Date }) => ({ created_at: item.createdAt.toISOString(), updated_at: item.updatedAt.toISOString() });

export function presentChapter(chapter: Chapter): z.infer<typeof chapterJson> {
  return { id: chapter.id, title: chapter.title, start: chapter.start, ...dates(chapter) };
}

export function presentTrack(track: Track): z.infer<typeof trackJson> {
  return { id: track.id, kind: track.kind, lang: track.lang, label: track.label, origin: track.origin, cue_count: track.cueCount, size: track.size, ...dates(track) };
}

export function presentEnrichment(enrichment: Enrichment): z.infer<typeof enrichmentJson> {
  const { file } = enrichment;
  return {
    id: enrichment.id,
    title: enrichment.title,
    type: enrichment.type,
    start: enrichment.start,
    end: enrichment.end,
    stop_video: enrichment.stopVideo,
    richtext: enrichment.richtext,
    weblink: enrichment.weblink,
    embed: enrichment.embed,
    file: file ? { name: file.name, type: file.type, size: file.size } : null,
    ...dates(enrichment),
  };
}

export function presentOverlay(overlay: Overlay): z.infer<typeof overlayJson> {
  return { id: overlay.id, title: overlay.title, content: overlay.content, position: overlay.position, background: overlay.background, start: overlay.start, end: overlay.end, ...dates(overlay) };
}

export function presentList<T, J>(items: readonly T[], present: (item: T) => J): { count: number; results: J[] } {
  return { count: items.length, results: items.map(present) };
}
