import type { DomainLogger } from '../logger.js';
import type { MediaStorage } from '../media/media-storage.js';
import { createChapterService } from './chapter-service.js';
import type { VideoEnrichments } from './enrichment.js';
import type { ChapterRepository, EnrichmentRepository, OverlayRepository, TrackRepository } from './enrichment-repository.js';
import type { VideoLookup } from './item-rules.js';
import { createOverlayService } from './overlay-service.js';
import { createTimedEnrichmentService } from './timed-enrichment-service.js';
import { createTrackService } from './track-service.js';

export interface EnrichmentServiceDeps {
  readonly videos: VideoLookup;
  readonly chapters: ChapterRepository;
  readonly tracks: TrackRepository;
  readonly enrichments: EnrichmentRepository;
  readonly overlays: OverlayRepository;
  readonly storage: MediaStorage;
  readonly logger: DomainLogger;
}

/**
 * What enriches a video: its managers edit chapters, tracks, enrichments and overlays through
 * the four services; the player reads them all at once with forPlayer.
 */
export function createEnrichmentService(deps: EnrichmentServiceDeps) {
  const { videos, storage, logger } = deps;
  const chapters = createChapterService({ videos, chapters: deps.chapters, logger });
  const tracks = createTrackService({ videos, tracks: deps.tracks, storage, logger });
  const enrichments = createTimedEnrichmentService({ videos, enrichments: deps.enrichments, storage, logger });
  const overlays = createOverlayService({ videos, overlays: deps.overlays, logger });

  return {
    chapters,
    tracks,
    enrichments,
    overlays,

    /**
     * Everything the player shows with a video, in display order. No access check: the caller
     * has decided that the viewer may watch this video. File keys are relative to the video's
     * folder: the player reaches them as `/media/<grant>/<fileKey>`.
     */
    async forPlayer(videoId: number): Promise<VideoEnrichments> {
      const [chapterList, trackList, enrichmentList, overlayList] = await Promise.all([
        deps.chapters.list(videoId),
        deps.tracks.list(videoId),
        deps.enrichments.list(videoId),
        deps.overlays.list(videoId),
      ]);
      return { chapters: chapterList, tracks: trackList, enrichments: enrichmentList, overlays: overlayList };
    },
  };
}

export type EnrichmentService = ReturnType<typeof createEnrichmentService>;
