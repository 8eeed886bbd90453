import { NotFoundError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import type { MediaStorage } from '../media/media-storage.js';
import type { User } from '../users/user.js';
import type { Video } from '../videos/video.js';
import type { Enrichment, EnrichmentFile, EnrichmentType } from './enrichment.js';
import { resolvePayload, type PayloadInput, type ResolvedPayload } from './enrichment-payload.js';
import type { EnrichmentRepository, EnrichmentRow } from './enrichment-repository.js';
import { assertNoOverlap, assertSpan, found, manageableVideo, newFileKey, overlapError, removeUnreferenced, storageKey, withNewFile, type VideoLookup } from './item-rules.js';
import { findOverlap, roundToMs } from './time-range.js';

export interface EnrichmentInput extends PayloadInput {
  readonly title: string;
  readonly type: EnrichmentType;
  readonly start: number;
  readonly end: number;
  readonly stopVideo?: boolean;
}

export type EnrichmentPatch = Partial<EnrichmentInput>;

export interface TimedEnrichmentServiceDeps {
  readonly videos: VideoLookup;
  readonly enrichments: EnrichmentRepository;
  readonly storage: MediaStorage;
  readonly logger: DomainLogger;
}

/**
 * Esup-Pod's enrichments: an image, a text, a link, a document or an embedded page shown
 * beside the video from `start` to `end`. They never overlap one another.
 */
export function createTimedEnrichmentService({ videos, enrichments, storage, logger }: TimedEnrichmentServiceDeps) {
  /** Moves a new file into storage; the file the row will point at. */
  async function storeFile(videoId: number, payload: ResolvedPayload, current: Enrichment | null): Promise<{ file: EnrichmentFile | null; newKey: string | null }> {
    if (payload.file === null) return { file: null, newKey: null };
    if (payload.file === 'keep') return { file: current!.file, newKey: null };
    const key = newFileKey('enrichments', payload.file.kind.extension);
    const size = await storage.importFile(payload.file.incoming.localPath, storageKey(videoId, key));
    return { file: { key, name: payload.file.name, type: payload.file.kind.mime, size }, newKey: storageKey(videoId, key) };
  }

  async function save(video: Video, fields: Omit<EnrichmentRow, 'file' | 'richtext' | 'weblink' | 'embed'>, input: PayloadInput, current: Enrichment | null): Promise<Enrichment> {
    const span = { start: fields.start, end: fields.end };
    assertSpan(span, video);
    const payload = resolvePayload(fields.type, input, current);
    assertNoOverlap(await enrichments.list(video.id), span, current?.id ?? null, 'enrichment_overlap');
    const { file, newKey } = await storeFile(video.id, payload, current);
    const row: EnrichmentRow = { ...fields, richtext: payload.richtext, weblink: payload.weblink, embed: payload.embed, file };
    const outcome = await withNewFile(storage, newKey, () => (current ? enrichments.update(video.id, current.id, row) : enrichments.insert(video.id, row)), (o) => o.kind === 'saved');
    // Another request saved an overlapping enrichment meanwhile: the exclusion constraint refused this one.
    if (outcome.kind === 'conflict') throw overlapError('enrichment_overlap', findOverlap(await enrichments.list(video.id), span, current?.id ?? null));
    if (outcome.kind === 'not_found') throw new NotFoundError(current ? 'enrichment_not_found' : 'video_not_found', 'This enrichment or its video no longer exists.');
    if (current?.file && current.file.key !== file?.key) await removeUnreferenced(storage, logger, video.id, current.file.key);
    return outcome.item;
  }

  return {
    async list(actor: User, videoId: number): Promise<Enrichment[]> {
      await manageableVideo(videos, actor, videoId);
      return enrichments.list(videoId);
    },

    async get(actor: User, videoId: number, enrichmentId: number): Promise<Enrichment> {
      await manageableVideo(videos, actor, videoId);
      return found(await enrichments.find(videoId, enrichmentId), 'enrichment_not_found', 'enrichment', enrichmentId);
    },

    async create(actor: User, videoId: number, input: EnrichmentInput): Promise<Enrichment> {
      const video = await manageableVideo(videos, actor, videoId);
      const fields = { title: input.title, type: input.type, start: roundToMs(input.start), end: roundToMs(input.end), stopVideo: input.stopVideo ?? false };
      const enrichment = await save(video, fields, input, null);
      logger.info({ videoId, enrichmentId: enrichment.id, type: enrichment.type, userId: actor.id }, 'enrichment added');
      return enrichment;
    },

    async update(actor: User, videoId: number, enrichmentId: number, patch: EnrichmentPatch): Promise<Enrichment> {
      const video = await manageableVideo(videos, actor, videoId);
      const current = found(await enrichments.find(videoId, enrichmentId), 'enrichment_not_found', 'enrichment', enrichmentId);
      const fields = {
        title: patch.title ?? current.title,
        type: patch.type ?? current.type,
        start: roundToMs(patch.start ?? current.start),
        end: roundToMs(patch.end ?? current.end),
        stopVideo: patch.stopVideo ?? current.stopVideo,
      };
      const enrichment = await save(video, fields, patch, current);
      logger.info({ videoId, enrichmentId, type: enrichment.type, userId: actor.id }, 'enrichment changed');
      return enrichment;
    },

    async remove(actor: User, videoId: number, enrichmentId: number): Promise<void> {
      await manageableVideo(videos, actor, videoId);
      const deleted = found(await enrichments.delete(videoId, enrichmentId), 'enrichment_not_found', 'enrichment', enrichmentId);
      if (deleted.file) await removeUnreferenced(storage, logger, videoId, deleted.file.key);
      logger.info({ videoId, enrichmentId, userId: actor.id }, 'enrichment deleted');
    },
  };
}

export type TimedEnrichmentService = ReturnType<typeof createTimedEnrichmentService>;
