import { NotFoundError, ValidationError } from '../errors.js';
import { sanitizeHtmlAs } from '../html/html-sanitizer.js';
import type { DomainLogger } from '../logger.js';
import type { User } from '../users/user.js';
import type { Video } from '../videos/video.js';
import type { Overlay, OverlayPosition } from './enrichment.js';
import type { OverlayRepository, OverlayRow } from './enrichment-repository.js';
import { assertNoOverlap, assertSpan, found, manageableVideo, overlapError, type VideoLookup } from './item-rules.js';
import { findOverlap, roundToMs } from './time-range.js';

export interface OverlayInput {
  readonly title: string;
  /** HTML; sanitized (inline formatting and links). */
  readonly content: string;
  readonly position?: OverlayPosition;
  readonly background?: boolean;
  readonly start: number;
  readonly end: number;
}

export type OverlayPatch = Partial<OverlayInput>;

export interface OverlayServiceDeps {
  readonly videos: VideoLookup;
  readonly overlays: OverlayRepository;
  readonly logger: DomainLogger;
}

function sanitizedContent(html: string): string {
  const content = sanitizeHtmlAs('overlay', html);
  if (content.replace(/<[^>]*>/g, '').trim() !== '') return content;
  const message = 'Write the text to show over the video.';
  throw new ValidationError('overlay_content_empty', message, { fields: [{ path: 'content', message }] });
}

/** Overlays: a short text shown over the video at one of eight positions; they never overlap. */
export function createOverlayService({ videos, overlays, logger }: OverlayServiceDeps) {
  async function save(video: Video, row: OverlayRow, current: Overlay | null): Promise<Overlay> {
    const span = { start: row.start, end: row.end };
    assertSpan(span, video);
    assertNoOverlap(await overlays.list(video.id), span, current?.id ?? null, 'overlay_overlap');
    const outcome = current ? await overlays.update(video.id, current.id, row) : await overlays.insert(video.id, row);
    if (outcome.kind === 'conflict') throw overlapError('overlay_overlap', findOverlap(await overlays.list(video.id), span, current?.id ?? null));
    if (outcome.kind === 'not_found') throw new NotFoundError(current ? 'overlay_not_found' : 'video_not_found', 'This overlay or its video no longer exists.');
    return outcome.item;
  }

  return {
    async list(actor: User, videoId: number): Promise<Overlay[]> {
      await manageableVideo(videos, actor, videoId);
      return overlays.list(videoId);
    },

    async get(actor: User, videoId: number, overlayId: number): Promise<Overlay> {
      await manageableVideo(videos, actor, videoId);
      return found(await overlays.find(videoId, overlayId), 'overlay_not_found', 'overlay', overlayId);
    },

    async create(actor: User, videoId: number, input: OverlayInput): Promise<Overlay> {
      const video = await manageableVideo(videos, actor, videoId);
      const row: OverlayRow = {
        title: input.title,
        content: sanitizedContent(input.content),
        position: input.position ?? 'bottom-right',
        background: input.background ?? true,
        start: roundToMs(input.start),
        end: roundToMs(input.end),
      };
      const overlay = await save(video, row, null);
      logger.info({ videoId, overlayId: overlay.id, userId: actor.id }, 'overlay added');
      return overlay;
    },

    async update(actor: User, videoId: number, overlayId: number, patch: OverlayPatch): Promise<Overlay> {
      const video = await manageableVideo(videos, actor, videoId);
      const current = found(await overlays.find(videoId, overlayId), 'overlay_not_found', 'overlay', overlayId);
      const row: OverlayRow = {
        title: patch.title ?? current.title,
        content: patch.content === undefined ? current.content : sanitizedContent(patch.content),
        position: patch.position ?? current.position,
        background: patch.background ?? current.background,
        start: roundToMs(patch.start ?? current.start),
        end: roundToMs(patch.end ?? current.end),
      };
      const overlay = await save(video, row, current);
      logger.info({ videoId, overlayId, userId: actor.id }, 'overlay changed');
      return overlay;
    },

    async remove(actor: User, videoId: number, overlayId: number): Promise<void> {
      await manageableVideo(videos, actor, videoId);
      found(await overlays.delete(videoId, overlayId), 'overlay_not_found', 'overlay', overlayId);
      logger.info({ videoId, overlayId, userId: actor.id }, 'overlay deleted');
    },
  };
}

export type OverlayService = ReturnType<typeof createOverlayService>;
