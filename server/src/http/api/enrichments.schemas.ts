import { z } from 'zod';
import {
  CHAPTER_TITLE_MAX,
  ENRICHMENT_TITLE_MAX,
  ENRICHMENT_TITLE_MIN,
  ENRICHMENT_TYPES,
  HTML_MAX_LENGTH,
  MAX_SECONDS,
  OVERLAY_POSITIONS,
  OVERLAY_TITLE_MAX,
  TRACK_KINDS,
  TRACK_LABEL_MAX,
  WEBLINK_MAX_LENGTH,
} from '../../domain/enrichments/enrichment.js';
import { parseTime, roundToMs } from '../../domain/enrichments/time-range.js';
import { recordId } from '../record-id.js';

/**
 * Request bodies of the chapters, tracks, enrichments and overlays operations. The same
 * schemas read JSON, multipart/form-data fields and the web forms: times and flags may come
 * as text.
 */

/** Counts code points, as PostgreSQL's length() does. */
const codePoints = (text: string) => [...text].length;

const title = (min: number, max: number) =>
  z
    .string()
    .transform((text) => text.trim())
    .refine((text) => codePoints(text) >= min, min > 1 ? `at least ${min} characters` : 'must not be empty')
    .refine((text) => codePoints(text) <= max, `at most ${max} characters`)
    .refine((text) => !/\p{Cc}/u.test(text), 'must not contain control characters');

export const TIME_HINT = 'a time in seconds (90, 90.5) or as mm:ss or hh:mm:ss, with optional milliseconds (1:30, 01:02:03.250)';

/** Seconds as a number, or a time typed by a person ("1:30", "01:02:03.5", "90"). */
export const time = z
  .union([z.number().min(0).max(MAX_SECONDS), z.string().max(20)])
  .transform((value, ctx) => {
    const seconds = typeof value === 'number' ? roundToMs(value) : parseTime(value);
    if (seconds === null) {
      ctx.addIssue({ code: 'custom', message: `must be ${TIME_HINT}` });
      return z.NEVER;
    }
    return seconds;
  })
  .describe(`Seconds (number), or ${TIME_HINT}`);

/** true/false, or the text a form sends ("true", "on", "1", "false", "0"). */
export const flag = z.union([z.boolean(), z.enum(['true', 'false', 'on', '1', '0'])]).transform((value) => value === true || value === 'true' || value === 'on' || value === '1');

const atLeastOne = (body: object) => Object.keys(body).length > 0;
const ONE_FIELD = 'send at least one field to change';

export const chapterBody = z.object({ title: title(1, CHAPTER_TITLE_MAX), start: time }).strict();
export const chapterPatchBody = chapterBody.partial().refine(atLeastOne, ONE_FIELD);

/** Multipart fields of a track; the subtitle file (WebVTT or SubRip) comes in the `file` part. */
export const trackFields = z
  .object({
    kind: z.enum(TRACK_KINDS),
    lang: z.string().trim().min(2).max(20).describe('Language code: fr, en, pt-BR…'),
    label: z.string().trim().max(TRACK_LABEL_MAX).optional().describe('Menu label; empty: the language’s name'),
  })
  .strict();
export const trackPatchFields = trackFields.partial();

const html = (max: number) => z.string().max(max);

export const enrichmentBody = z
  .object({
    title: title(ENRICHMENT_TITLE_MIN, ENRICHMENT_TITLE_MAX),
    type: z.enum(ENRICHMENT_TYPES),
    start: time,
    end: time,
    stop_video: flag.optional().describe('Pause the video when the enrichment starts'),
    richtext: html(HTML_MAX_LENGTH).optional().describe('type richtext: HTML (sanitized)'),
    weblink: z.string().max(WEBLINK_MAX_LENGTH).optional().describe('type weblink: an http(s) URL'),
    embed: html(10_000).optional().describe('type embed: the <iframe> code (https only; sanitized)'),
  })
  .strict();
export const enrichmentPatchBody = enrichmentBody.partial();

export const overlayBody = z
  .object({
    title: title(1, OVERLAY_TITLE_MAX),
    content: html(10_000).describe('HTML (sanitized: inline formatting and links)'),
    position: z.enum(OVERLAY_POSITIONS).optional(),
    background: flag.optional(),
    start: time,
    end: time,
  })
  .strict();
export const overlayPatchBody = overlayBody.partial().refine(atLeastOne, ONE_FIELD);

export const chapterParams = z.object({ id: recordId, chapterId: recordId });
export const trackParams = z.object({ id: recordId, trackId: recordId });
export const enrichmentParams = z.object({ id: recordId, enrichmentId: recordId });
export const overlayParams = z.object({ id: recordId, overlayId: recordId });
