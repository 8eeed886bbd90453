import { z } from 'zod';
import { CHAPTER_TITLE_MAX, MAX_SECONDS, TRACK_KINDS } from '../../server/src/domain/enrichments/enrichment.js';
import { choice, optional, required, seconds, text } from './drf-fields.js';
import { hyperlink } from './hyperlink.js';

/** Chapters: the video (hyperlink), a title and a start in seconds. */
export function chapterBody(publicUrl: string) {
  return z.object({
    video: required(hyperlink('videos', publicUrl)),
    title: required(text({ max: CHAPTER_TITLE_MAX })),
    time_start: required(seconds({ min: 0, max: MAX_SECONDS })),
  });
}

/** The same for PATCH: any of them. */
export function chapterPatchBody(publicUrl: string) {
  return z.object({
    video: optional(hyperlink('videos', publicUrl)),
    title: optional(text({ max: CHAPTER_TITLE_MAX })),
    time_start: optional(seconds({ min: 0, max: MAX_SECONDS })),
  });
}

/** Tracks: the video, the kind and the language; the WebVTT file comes in the `src` part. */
export function trackBody(publicUrl: string) {
  return z.object({
    video: required(hyperlink('videos', publicUrl)),
    kind: required(choice(TRACK_KINDS)),
    lang: required(text({ max: 35 })),
  });
}
